// The typefaces the MRZ cell model is trained on (and the ones kept out of training to test it), with
// where each file comes from and its licence. OCR-B is the repository's own file; the others are Debian
// packages (`apt-get install -y fonts-ocr-b fonts-freefont-ttf fonts-urw-base35 fonts-courier-prime
// fonts-noto-mono fonts-inconsolata fonts-jetbrains-mono fonts-anonymous-pro`).
//
// Deliberately absent: DejaVu Sans Mono and Liberation Mono (and their relatives Hack, Cousine), the
// faces of the independent evaluation set (test/mrz-eval), so that set keeps measuring faces the model
// has never seen.
import { join } from 'node:path';

export interface TrainingFont {
  name: string;
  path: string;
  /** Debian package (or the repository) the file comes from, and its licence as that package records it. */
  origin: string;
  licence: string;
  /** Share of the training lines drawn in this face. */
  weight: number;
}

const repo = join(import.meta.dirname, '..', '..');

export const TRAINING_FONTS: readonly TrainingFont[] = [
  {
    name: 'OCR-B',
    path: join(repo, 'assets', 'fonts', 'ocr-b', 'OCRB.otf'),
    origin: 'repository (assets/fonts/ocr-b/OCRB.otf, from Debian fonts-ocr-b 0.3~dfsg1-1)',
    licence: 'public domain (Matthew Skala; glyph sources by Norbert Schwarz, permissive)',
    weight: 0.38,
  },
  {
    name: 'OCR-B Sharp',
    path: '/usr/share/fonts/opentype/ocr-b/OCRBS.otf',
    origin: 'Debian fonts-ocr-b 0.3~dfsg1-1',
    licence: 'public domain (as OCR-B above)',
    weight: 0.17,
  },
  { name: 'FreeMono', path: '/usr/share/fonts/truetype/freefont/FreeMono.ttf', origin: 'Debian fonts-freefont-ttf 20120503-10', licence: 'GPL-3+ with font exception', weight: 0.06 },
  { name: 'Nimbus Mono PS', path: '/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Regular.otf', origin: 'Debian fonts-urw-base35 20200910-7', licence: 'AGPL-3 with font exception', weight: 0.06 },
  { name: 'Courier Prime', path: '/usr/share/fonts/opentype/courier-prime/Courier Prime.otf', origin: 'Debian fonts-courier-prime 0+git20190115-3', licence: 'OFL-1.1', weight: 0.05 },
  { name: 'Noto Mono', path: '/usr/share/fonts/truetype/noto/NotoMono-Regular.ttf', origin: 'Debian fonts-noto-mono 20201225-1', licence: 'OFL-1.1', weight: 0.07 },
  { name: 'Noto Sans Mono', path: '/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf', origin: 'Debian fonts-noto-mono 20201225-1', licence: 'OFL-1.1', weight: 0.07 },
  { name: 'Inconsolata', path: '/usr/share/fonts/truetype/inconsolata/Inconsolata.otf', origin: 'Debian fonts-inconsolata 001.010-6', licence: 'OFL-1.0', weight: 0.07 },
  { name: 'JetBrains Mono', path: '/usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Regular.ttf', origin: 'Debian fonts-jetbrains-mono 2.242+ds-3', licence: 'OFL-1.1 (Debian copyright also lists Apache-2 / GPL-3+ for build files)', weight: 0.04 },
  { name: 'JetBrains Mono Medium', path: '/usr/share/fonts/truetype/jetbrains-mono/JetBrainsMono-Medium.ttf', origin: 'Debian fonts-jetbrains-mono 2.242+ds-3', licence: 'as JetBrains Mono', weight: 0.03 },
];

/** Never trained on: the unit tests read this face to see whether the model generalises. */
export const UNSEEN_FONT = {
  name: 'Anonymous Pro',
  path: join(repo, 'test', 'fixtures', 'fonts', 'AnonymousPro-Regular.ttf'),
  origin: 'Debian fonts-anonymous-pro 1.003-4 (/usr/share/fonts/truetype/anonymous-pro/Anonymous Pro.ttf)',
  licence: 'OFL-1.1',
} as const;
