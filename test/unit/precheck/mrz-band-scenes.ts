// Scenes for the MRZ band geometry tests (mrz-band-geometry.test.ts): a document drawn by the independent
// evaluation set's Pillow renderer (test/mrz-eval/render_one.py: Pillow/FreeType and numpy, no drawing
// code shared with the reader), then one thing added to the image that the geometry must not be fooled
// by. The MRZ lines' positions are measured on the clean scan here (dark rows and columns), not with
// the reader's code.
import { resolve } from 'node:path';
import sharp from 'sharp';
import { renderOne } from '../../mrz-eval/eval-set';

const root = resolve(import.meta.dirname, '../../..');
export const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');
// ICAO 9303 specimen texts.
export const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
export const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
export const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

export interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A flatbed scan of the document (or, with `camera`, a webcam frame of it on a desk), greyscale. */
export async function renderScan(format: 'TD1' | 'TD2' | 'TD3', printed: string[], effects: Record<string, unknown> = {}, camera = false): Promise<Grey> {
  const job = { format, printed, font: OCRB, camera, effects: { seed: 1, ...effects } };
  const jpeg = renderOne(job);
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

export async function toPng(g: Grey): Promise<Buffer> {
  return sharp(Buffer.from(g.data), { raw: { width: g.width, height: g.height, channels: 1 } }).png().toBuffer();
}

/** The image scaled vertically only (a scanner whose vertical resolution differs from its horizontal). */
export async function stretchVertically(g: Grey, factor: number): Promise<Grey> {
  const { data, info } = await sharp(Buffer.from(g.data), { raw: { width: g.width, height: g.height, channels: 1 } })
    .resize({ width: g.width, height: Math.round(g.height * factor), fit: 'fill' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

export interface TextLine {
  top: number;
  bottom: number;
  x0: number;
  x1: number;
}

/** The lowest `count` rows of dark print (< 100) of a clean, upright scan: the MRZ lines. */
export function mrzLines(g: Grey, count: number): TextLine[] {
  const dark = (x: number, y: number): boolean => g.data[y * g.width + x]! < 100;
  const rowInk = (y: number): number => {
    let n = 0;
    for (let x = 0; x < g.width; x++) if (dark(x, y)) n++;
    return n;
  };
  const lines: TextLine[] = [];
  for (let y = g.height - 1; y >= 0 && lines.length < count; y--) {
    if (rowInk(y) < 3) continue;
    let top = y;
    while (top > 0 && rowInk(top - 1) >= 3) top--;
    let x0 = g.width;
    let x1 = -1;
    for (let yy = top; yy <= y; yy++)
      for (let x = 0; x < g.width; x++)
        if (dark(x, yy)) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
        }
    lines.unshift({ top, bottom: y + 1, x0, x1: x1 + 1 });
    y = top;
  }
  return lines;
}

/** Paints a filled rectangle of grey `level` (clipped to the image). */
export function paint(g: Grey, x: number, y: number, w: number, h: number, level: number): void {
  for (let yy = Math.max(0, Math.round(y)); yy < Math.min(g.height, Math.round(y + h)); yy++)
    for (let xx = Math.max(0, Math.round(x)); xx < Math.min(g.width, Math.round(x + w)); xx++) g.data[yy * g.width + xx] = level;
}
