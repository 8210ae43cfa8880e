// Font files for the OCR-B tests, made with opentype.js: a font named "OCR B" whose MRZ characters are
// plain boxes (a wrong typeface behind the right name), and a font of another family.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface OtPath {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  close(): void;
}
interface OpenTypeBuilder {
  Path: new () => OtPath;
  Glyph: new (o: { name: string; unicode?: number; advanceWidth: number; path: OtPath }) => unknown;
  Font: new (o: { familyName: string; styleName: string; unitsPerEm: number; ascender: number; descender: number; glyphs: unknown[] }) => { toArrayBuffer(): ArrayBuffer };
}
const ot = createRequire(import.meta.url)('opentype.js') as OpenTypeBuilder;

/** Writes a font of `family` whose 37 MRZ characters are all the same box; returns `path`. */
export function writeBoxFont(path: string, family: string): string {
  const box = (): OtPath => {
    const p = new ot.Path();
    p.moveTo(100, 0);
    p.lineTo(600, 0);
    p.lineTo(600, 700);
    p.lineTo(100, 700);
    p.close();
    return p;
  };
  const glyphs = [new ot.Glyph({ name: '.notdef', advanceWidth: 723, path: new ot.Path() })];
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<') glyphs.push(new ot.Glyph({ name: `u${c.charCodeAt(0)}`, unicode: c.charCodeAt(0), advanceWidth: 723, path: box() }));
  const font = new ot.Font({ familyName: family, styleName: 'Regular', unitsPerEm: 1000, ascender: 800, descender: -200, glyphs });
  writeFileSync(path, Buffer.from(font.toArrayBuffer()));
  return path;
}
