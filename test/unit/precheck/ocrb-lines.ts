// Lines of text drawn with Pillow/FreeType in the repository's OCR-B (no drawing code shared with the
// reader): for tests of the OCR engine on its own.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { python } from '../../mrz-eval/eval-set';

const OCRB = resolve(import.meta.dirname, '../../../assets/fonts/ocr-b/OCRB.otf');

/** The lines in OCR-B, black on white, 40 px type, 60 px apart, 20 px margins, as a PNG. */
export function drawOcrbLines(lines: string[]): Buffer {
  expect(existsSync(OCRB), `OCR-B font at ${OCRB}`).toBe(true);
  const script = [
    'import io, json, sys',
    'from PIL import Image, ImageDraw, ImageFont',
    'spec = json.load(sys.stdin)',
    'font = ImageFont.truetype(spec["font"], 40)',
    'width = int(max(font.getlength(line) for line in spec["lines"])) + 40',
    'img = Image.new("L", (width, 40 + 60 * len(spec["lines"])), 255)',
    'd = ImageDraw.Draw(img)',
    'for i, line in enumerate(spec["lines"]): d.text((20, 20 + 60 * i), line, font=font, fill=0)',
    'buf = io.BytesIO(); img.save(buf, "PNG"); sys.stdout.buffer.write(buf.getvalue())',
  ].join('\n');
  return execFileSync(python(), ['-c', script], { input: JSON.stringify({ font: OCRB, lines }), maxBuffer: 16 << 20 });
}
