// The OCR-B font of the specimen MRZ, checked before the first specimen is drawn. A specimen whose MRZ is
// not in OCR-B cannot be read by any MRZ reader (training mode would show "MRZ not read" for every
// document, with no reason given), so the generator refuses instead, with an error that names the file
// and what to do. The check renders the 37 MRZ characters from the font file and compares them with the
// MRZ reader's committed templates (main/precheck/mrz-glyphs.ts, built from the same file).
import { loadOcrBFont, OcrBFontError, ocrBFontPath, type OcrBFont } from '../../fonts/ocr-b';
import { committedTemplates, MRZ_ALPHABET, renderTemplates } from '../../precheck/mrz-template';

export { OcrBFontError } from '../../fonts/ocr-b';

/**
 * Largest mean difference (grey levels 0..255, over one character's template) between the font's
 * rendering and the committed template. The shipped file differs by well under 1; another typeface
 * differs by tens.
 */
export const MAX_TEMPLATE_DIFFERENCE = 6;

/** The character whose rendering from `font` differs most from its committed template, and by how much (mean grey levels). */
export async function templateDifference(font: OcrBFont): Promise<{ character: string; difference: number }> {
  const committed = committedTemplates();
  const fresh = await renderTemplates(font);
  let worst = { character: '', difference: 0 };
  for (const c of MRZ_ALPHABET) {
    const a = committed.glyphs[c]!;
    const b = fresh.glyphs[c]!;
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - (b[i] ?? 0));
    const difference = sum / a.length;
    if (difference > worst.difference) worst = { character: c, difference };
  }
  return worst;
}

const checked = new Map<string, Promise<OcrBFont>>();

/**
 * The OCR-B font (the shipped file unless `path` is given), once checked to draw the MRZ reader's OCR-B.
 * Checked once per file and process; a refusal is remembered too, so every specimen fails with the same
 * explanation.
 */
export function checkedOcrBFont(path: string | null = ocrBFontPath()): Promise<OcrBFont> {
  const key = path ?? '';
  let done = checked.get(key);
  if (!done) {
    done = check(path);
    checked.set(key, done);
  }
  return done;
}

async function check(path: string | null): Promise<OcrBFont> {
  const need = 'Specimen documents need the OCR-B typeface for their MRZ, but';
  const remedy = 'The kiosk ships it as assets/fonts/ocr-b/OCRB.otf (packaged: resources/fonts/ocr-b/OCRB.otf); restore that file or reinstall the kiosk.';
  let font: OcrBFont;
  try {
    font = loadOcrBFont(path);
  } catch (e) {
    throw new OcrBFontError(`${need} ${(e as Error).message}. ${remedy}`, { cause: e });
  }
  const worst = await templateDifference(font);
  if (worst.difference > MAX_TEMPLATE_DIFFERENCE) {
    throw new OcrBFontError(
      `${need} ${font.path} does not draw OCR-B: its '${worst.character}' differs from the MRZ reader's template by ` +
        `${worst.difference.toFixed(1)} grey levels on average (OCR-B: at most ${MAX_TEMPLATE_DIFFERENCE}). ${remedy}`,
    );
  }
  return font;
}
