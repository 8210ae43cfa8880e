// The typefaces the MRZ cell model is trained on (and the ones kept out of training to test it), with
// where each file comes from and its licence. OCR-B is the repository's own file; the others are Debian
// packages (`apt-get install -y fonts-ocr-b fonts-freefont-ttf fonts-urw-base35 fonts-courier-prime
// fonts-noto-mono fonts-inconsolata fonts-jetbrains-mono fonts-firacode fonts-go fonts-mononoki
// fonts-fantasque-sans fonts-hermit fonts-monoid fonts-agave fonts-league-mono fonts-3270 fonts-cmu
// fonts-mplus fonts-gnutypewriter fonts-anonymous-pro fonts-ocr-a fonts-b612 fonts-oxygen fonts-monofur
// fonts-roboto-unhinted`).
//
// Deliberately absent: DejaVu Sans Mono and Liberation Mono (and their relatives Hack, Cousine, and
// anything else derived from DejaVu/Vera such as fonts-arundina), the faces of the independent
// evaluation set (test/mrz-eval), so that set keeps measuring faces the model has never seen; and
// Anonymous Pro, which the unit tests read (UNSEEN_FONT below).
import { join } from 'node:path';

export interface TrainingFont {
  name: string;
  path: string;
  /** Debian package (or the repository) the file comes from, and its licence as that package records it. */
  origin: string;
  licence: string;
  /** Share of the training lines drawn in this face. */
  weight: number;
  /** A proportional face: glyphs wider than its (tabular) digits are narrowed to them (synthetic-band.ts). */
  fitToDigits?: boolean;
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
  // Zeros drawn dotted, slashed and plain, Os round and narrow, regular and bold weights.
  { name: 'Fira Code', path: '/usr/share/fonts/truetype/firacode/FiraCode-Regular.ttf', origin: 'Debian fonts-firacode 6.2-2', licence: 'OFL-1.1', weight: 0.025 },
  { name: 'Fira Code Bold', path: '/usr/share/fonts/truetype/firacode/FiraCode-Bold.ttf', origin: 'Debian fonts-firacode 6.2-2', licence: 'OFL-1.1', weight: 0.015 },
  { name: 'Go Mono', path: '/usr/share/fonts/fonts-go/Go-Mono.ttf', origin: 'Debian fonts-go 0~20170330-1', licence: 'BSD-3-clause', weight: 0.025 },
  { name: 'Go Mono Bold', path: '/usr/share/fonts/fonts-go/Go-Mono-Bold.ttf', origin: 'Debian fonts-go 0~20170330-1', licence: 'BSD-3-clause', weight: 0.015 },
  { name: 'mononoki', path: '/usr/share/fonts/truetype/mononoki/mononoki-Regular.ttf', origin: 'Debian fonts-mononoki 1.5+dfsg-1', licence: 'OFL-1.1', weight: 0.02 },
  { name: 'mononoki Bold', path: '/usr/share/fonts/truetype/mononoki/mononoki-Bold.ttf', origin: 'Debian fonts-mononoki 1.5+dfsg-1', licence: 'OFL-1.1', weight: 0.01 },
  { name: 'Fantasque Sans Mono', path: '/usr/share/fonts/truetype/fantasque-sans/Normal/TTF/FantasqueSansMono-Regular.ttf', origin: 'Debian fonts-fantasque-sans 1.7.2~alpha.3~dfsg-2', licence: 'OFL-1.1', weight: 0.02 },
  { name: 'Hermit', path: '/usr/share/fonts/truetype/hermit/Hermit-medium.otf', origin: 'Debian fonts-hermit 1.2.0+ds2-1+b1', licence: 'OFL-1.1 (as its Debian copyright records for the font files)', weight: 0.015 },
  { name: 'Hermit Light', path: '/usr/share/fonts/truetype/hermit/Hermit-light.otf', origin: 'Debian fonts-hermit 1.2.0+ds2-1+b1', licence: 'as Hermit', weight: 0.01 },
  { name: 'Monoid', path: '/usr/share/fonts/truetype/monoid/Monoid-Regular.ttf', origin: 'Debian fonts-monoid 0.61-4', licence: 'MIT or OFL-1.1', weight: 0.02 },
  { name: 'Agave', path: '/usr/share/fonts/truetype/agave/agave-r-autohinted.ttf', origin: 'Debian fonts-agave 37-2', licence: 'MIT', weight: 0.02 },
  { name: 'League Mono', path: '/usr/share/fonts/opentype/league-mono/LeagueMono-Regular.otf', origin: 'Debian fonts-league-mono 2.300+ds-1', licence: 'OFL-1.1', weight: 0.015 },
  { name: 'League Mono Narrow Semibold', path: '/usr/share/fonts/opentype/league-mono/LeagueMono-NarrowSemiBold.otf', origin: 'Debian fonts-league-mono 2.300+ds-1', licence: 'OFL-1.1', weight: 0.01 },
  { name: 'IBM 3270', path: '/usr/share/fonts/truetype/3270/3270-Regular.ttf', origin: 'Debian fonts-3270 3.0.1-1', licence: 'BSD-3-clause or OFL-1.1', weight: 0.015 },
  { name: 'CMU Typewriter', path: '/usr/share/fonts/truetype/cmu/cmuntt.ttf', origin: 'Debian fonts-cmu 0.7.0-5', licence: 'OFL-1.1', weight: 0.015 },
  { name: 'M+ 1 Code', path: '/usr/share/fonts/opentype/mplus/Mplus1Code-Regular.otf', origin: 'Debian fonts-mplus 063+git20221017+ds-1', licence: 'OFL-1.1', weight: 0.015 },
  { name: 'M+ Code Latin 60 Medium', path: '/usr/share/fonts/opentype/mplus/MplusCodeLatin60-Medium.otf', origin: 'Debian fonts-mplus 063+git20221017+ds-1', licence: 'OFL-1.1', weight: 0.015 },
  { name: 'GNU Typewriter', path: '/usr/share/fonts/truetype/gnutypewriter/GNUTypewriter.ttf', origin: 'Debian fonts-gnutypewriter 1.0-2', licence: 'OFL-1.1 (as its Debian copyright records for the font file)', weight: 0.01 },
  { name: 'FreeMono Bold', path: '/usr/share/fonts/truetype/freefont/FreeMonoBold.ttf', origin: 'Debian fonts-freefont-ttf 20120503-10', licence: 'GPL-3+ with font exception', weight: 0.01 },
  { name: 'Nimbus Mono PS Bold', path: '/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Bold.otf', origin: 'Debian fonts-urw-base35 20200910-7', licence: 'AGPL-3 with font exception', weight: 0.01 },
  { name: 'Noto Sans Mono Bold', path: '/usr/share/fonts/truetype/noto/NotoSansMono-Bold.ttf', origin: 'Debian fonts-noto-mono 20201225-1', licence: 'OFL-1.1', weight: 0.01 },
  // Fourth round: more digit shapes — grotesque sans digits (a 3 with a round top and open left side,
  // a 5 and S, B and 8 drawn in the same strokes), OCR-A's flat-topped 3, faces of other weights.
  // Proportional sans faces are drawn monospaced (fitToDigits): their wide letters narrowed to the digits.
  { name: 'OCR-A', path: '/usr/share/fonts/truetype/ocr-a/OCRA.ttf', origin: 'Debian fonts-ocr-a 1.0-10', licence: 'public domain (John Sauter)', weight: 0.02 },
  { name: 'B612 Mono', path: '/usr/share/fonts/opentype/b612/B612Mono-Regular.otf', origin: 'Debian fonts-b612 1.008-3', licence: 'OFL-1.1 and EPL-2.0 and EDL-1.0', weight: 0.035 },
  { name: 'B612 Mono Bold', path: '/usr/share/fonts/opentype/b612/B612Mono-Bold.otf', origin: 'Debian fonts-b612 1.008-3', licence: 'OFL-1.1 and EPL-2.0 and EDL-1.0', weight: 0.015 },
  { name: 'Oxygen Mono', path: '/usr/share/fonts/truetype/oxygen/OxygenMono-Regular.ttf', origin: 'Debian fonts-oxygen 4:5.4.3-4', licence: 'GPL-3+ with font exception or OFL-1.1', weight: 0.035 },
  { name: 'monofur', path: '/usr/share/fonts/truetype/monofur/monof55.ttf', origin: 'Debian fonts-monofur 1.0-3', licence: 'OFL-1.1', weight: 0.015 },
  { name: 'Nimbus Sans (monospaced)', path: '/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf', origin: 'Debian fonts-urw-base35 20200910-7', licence: 'AGPL-3 with font exception', weight: 0.05, fitToDigits: true },
  { name: 'Nimbus Sans Bold (monospaced)', path: '/usr/share/fonts/opentype/urw-base35/NimbusSans-Bold.otf', origin: 'Debian fonts-urw-base35 20200910-7', licence: 'AGPL-3 with font exception', weight: 0.02, fitToDigits: true },
  { name: 'Nimbus Sans Narrow (monospaced)', path: '/usr/share/fonts/opentype/urw-base35/NimbusSansNarrow-Regular.otf', origin: 'Debian fonts-urw-base35 20200910-7', licence: 'AGPL-3 with font exception', weight: 0.02, fitToDigits: true },
  { name: 'Roboto (monospaced)', path: '/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Regular.ttf', origin: 'Debian fonts-roboto-unhinted 2:0~20170802-3', licence: 'Apache-2.0', weight: 0.04, fitToDigits: true },
  { name: 'Roboto Medium (monospaced)', path: '/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Medium.ttf', origin: 'Debian fonts-roboto-unhinted 2:0~20170802-3', licence: 'Apache-2.0', weight: 0.015, fitToDigits: true },
  { name: 'Roboto Condensed (monospaced)', path: '/usr/share/fonts/truetype/roboto/unhinted/RobotoCondensed-Regular.ttf', origin: 'Debian fonts-roboto-unhinted 2:0~20170802-3', licence: 'Apache-2.0', weight: 0.02, fitToDigits: true },
];

/** Never trained on: the unit tests read this face to see whether the model generalises. */
export const UNSEEN_FONT = {
  name: 'Anonymous Pro',
  path: join(repo, 'test', 'fixtures', 'fonts', 'AnonymousPro-Regular.ttf'),
  origin: 'Debian fonts-anonymous-pro 1.003-4 (/usr/share/fonts/truetype/anonymous-pro/Anonymous Pro.ttf)',
  licence: 'OFL-1.1',
} as const;

/**
 * Faces measured, never trained on: the unit tests' face and the two faces the independent evaluation
 * set prints in. `MRZ_CELL_PROBE=1 generate-cells.ts` draws cells in them so train.py can say how the
 * model reads print it has not seen (cell-level figures only; nothing is fitted to them).
 */
export const PROBE_FONTS: readonly TrainingFont[] = [
  { ...UNSEEN_FONT, weight: 1 },
  { name: 'DejaVu Sans Mono', path: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf', origin: 'Debian fonts-dejavu-core', licence: 'Bitstream Vera / public domain', weight: 1 },
  { name: 'Liberation Mono', path: '/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf', origin: 'Debian fonts-liberation2', licence: 'OFL-1.1', weight: 1 },
];
