// The reader pays only for the tesseract passes that could still accept: the confirmation rules
// (mrz-confirm.ts) take every character from the cell read except a hole or one hesitant check-covered
// cell filled from two agreeing tesseract reads, so a cell read that fails a check digit with no hole and
// no hesitant cell is refused without tesseract, and one that needs a repair skips the single-pass fast
// path. Scans drawn by the independent evaluation set's Pillow renderer (test/mrz-eval/render_one.py:
// Pillow/FreeType and numpy, no drawing code shared with the reader), ICAO 9303 specimen texts ("Utopia").
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCells } from '../../../main/precheck/mrz-cells';
import { locateMrzBand } from '../../../main/precheck/mrz-locate';
import { normaliseBand } from '../../../main/precheck/mrz-normalise';
import { createMrzReader, readMrzWith, secondPassCanAccept, templateOutlook } from '../../../main/precheck/mrz-ocr';
import { confirmTemplateRead } from '../../../main/precheck/mrz-confirm';
import type { TemplateRead } from '../../../main/precheck/mrz-cells';
import { outlineShape, outlineWorthStraightening, readWithOutlineFallback } from '../../../main/precheck/mrz-outline';
import { findCardInJpeg } from '../../../main/capture/card-finder';
import { rectifyMrzBand } from '../../../main/precheck/mrz-rectify';
import { createOcrEngine, type OcrEngine } from '../../../main/precheck/mrz-worker';
import { renderOne } from '../../mrz-eval/eval-set';

const root = resolve(import.meta.dirname, '../../..');
const OCRB = resolve(root, 'assets/fonts/ocr-b/OCRB.otf');
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];
/** The same document with its birth date's check digit printed wrong (2 → 3): an altered MRZ. */
const TD2_WRONG_CHECK = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408123F1204159<<<<<<<6'];
const OPTIONS = { extraStates: ['UTO'] };

function draw(printed: string[], camera: boolean, effects: Record<string, unknown>): Buffer {
  expect(existsSync(OCRB), `OCR-B font at ${OCRB}`).toBe(true);
  const job = { format: 'TD2', printed, font: OCRB, camera, effects };
  return renderOne(job);
}
const scan = (printed: string[]): Buffer => draw(printed, false, { cap_px: 30, seed: 3 });
/** A TD2 on a wood desk leaning away at its bottom edge (6.7 % keystone), tilted 7.6°: its outline is worth straightening. */
const onWoodDesk = (printed: string[]): Buffer => draw(printed, true, { background: 'wood', keystone: 0.067, keystone_side: 'bottom', rotate: 7.6, card_fill: 0.65, seed: 6 });

let engine: OcrEngine;
/** The real engine, its recognize calls counted. */
let passes = 0;
const counted = (): OcrEngine => ({
  recognize: (image, opts) => {
    passes++;
    return engine.recognize(image, opts);
  },
  close: async () => {},
});

beforeAll(async () => {
  engine = await createOcrEngine({ profile: 'mrz' });
}, 60_000);
afterAll(async () => {
  await engine?.close();
});

async function cellRead(image: Buffer) {
  const band = await locateMrzBand(image);
  expect(band).not.toBeNull();
  const t = readCells(rectifyMrzBand(normaliseBand(band!)));
  expect(t).not.toBeNull();
  return t!;
}

describe('MRZ reader: tesseract passes only where they could accept', () => {
  it('a clean valid scan: the cell read passes as read, one tesseract pass accepts it', { timeout: 60_000 }, async () => {
    const image = scan(TD2);
    const t = await cellRead(image);
    // The cell read as printed, the names line too ('as-read' alone does not say so: no check digit covers names).
    expect(t.lines).toEqual(TD2);
    expect(templateOutlook(t, OPTIONS)).toBe('as-read');
    passes = 0;
    const r = await readMrzWith(counted(), image, OPTIONS);
    // rawLines are the reader's own cell read of the same image: a refusal shows whether the cells or tesseract differed.
    expect({ status: r.status, lines: r.lines, rawLines: r.rawLines, problems: r.problems }).toEqual({ status: 'accepted', lines: TD2, rawLines: t.lines, problems: [] });
    expect(passes).toBe(1);
  });

  it('the same scan read three times at once, with another image decoded alongside: the same band and cell read each time', { timeout: 60_000 }, async () => {
    // The tests here read one image more than once (the test's own cell read, then the reader's) and assume
    // both see the same pixels; image decoding runs on native threads, so that is checked, under contention.
    const image = scan(TD2);
    const other = onWoodDesk(TD2);
    const once = async (): Promise<string> => {
      const band = await locateMrzBand(image);
      expect(band).not.toBeNull();
      const t = readCells(rectifyMrzBand(normaliseBand(band!)));
      return `${band!.width}x${band!.height}:${createHash('sha256').update(band!.grey).digest('hex')} ${t?.lines.join('|')}`;
    };
    const [reads] = await Promise.all([Promise.all([once(), once(), once()]), locateMrzBand(other)]);
    expect(new Set(reads).size).toBe(1);
    expect(reads[0]!.split(' ')[1]).toBe(TD2.join('|'));
  });

  it('a clean scan with a wrong check digit, read with confidence: refused without any tesseract pass, the failing check named', { timeout: 60_000 }, async () => {
    const image = scan(TD2_WRONG_CHECK);
    const t = await cellRead(image);
    expect(t.lines).toEqual(TD2_WRONG_CHECK);
    expect(templateOutlook(t, OPTIONS)).toBe('hopeless');
    passes = 0;
    const r = await readMrzWith(counted(), image, OPTIONS);
    expect(r.status).toBe('invalid');
    expect(r.lines).toEqual(TD2_WRONG_CHECK);
    expect(r.checks.birthDate).toBe(false);
    expect(r.checks.documentNumber).toBe(true);
    expect(r.problems.join(' ')).toMatch(/birth/i);
    expect(passes).toBe(0);
  });

  it('the refusal is the one the full two-reader path reaches: with the engine every pass still refuses', { timeout: 60_000 }, async () => {
    // The same frame through the full path (both full passes, the rules over both reads) cannot accept it.
    const image = scan(TD2_WRONG_CHECK);
    const t = await cellRead(image);
    const { confirmTemplateRead, alignToCells } = await import('../../../main/precheck/mrz-confirm');
    const { renderBand } = await import('../../../main/precheck/mrz-locate');
    const band = rectifyMrzBand(normaliseBand((await locateMrzBand(image))!));
    const reads: string[][] = [];
    for (const pass of [{ lineHeight: 30 }, { lineHeight: 46, threshold: 110 }]) {
      const scale = Math.max(8, Math.round(band.width * (pass.lineHeight / band.lineHeight))) / band.width;
      reads.push(alignToCells(await engine.recognize(await renderBand(band, pass)), t.grids, t.format, scale));
    }
    expect(confirmTemplateRead(t, reads, OPTIONS).parsed.accepted).toBe(false);
  });
});

/** The cell read with line 2's column 5 (document number, covered by its check digit) made a hole or a doubtful `wrong`. */
function withCell(t: TemplateRead, char: string, score: number): TemplateRead {
  const [li, col] = [1, 5];
  const lines = t.lines.map((l, i) => (i === li ? l.slice(0, col) + char + l.slice(col + 1) : l));
  const cells = t.cells.map((row, i) => (i === li ? row.map((c, j) => (j === col ? { char, score, second: '?', secondScore: 0 } : c)) : row));
  const scoreOf = (l: number, c: number, x: string): number => (l === li && c === col ? (x === char ? score : x === TD2[1]![5] ? score - 0.01 : 0) : t.scoreOf(l, c, x));
  return { ...t, lines, cells, scoreOf };
}

describe('MRZ reader: the second full pass only when the first offers what a repair needs', () => {
  it('a hole: the second pass runs only when the first read saw a character there, and only then can the rules accept', { timeout: 60_000 }, async () => {
    const t = withCell(await cellRead(scan(TD2)), '?', 0);
    expect(templateOutlook(t, OPTIONS)).toBe('needs-repair');
    const seen = TD2;
    const blind = TD2.map((l, i) => (i === 1 ? l.slice(0, 5) + '?' + l.slice(6) : l));
    expect(secondPassCanAccept(t, seen, OPTIONS)).toBe(true);
    expect(confirmTemplateRead(t, [seen, seen], OPTIONS).parsed.accepted).toBe(true);
    expect(secondPassCanAccept(t, blind, OPTIONS)).toBe(false);
    // Whatever the second pass reads, the hole stays unfilled.
    expect(confirmTemplateRead(t, [blind, TD2], OPTIONS).parsed.accepted).toBe(false);
  });

  it('a hesitant wrong digit: the second pass runs only when the first offers the digit that makes the checks pass', { timeout: 60_000 }, async () => {
    const wrong = TD2[1]![5] === '3' ? '8' : '3';
    const t = withCell(await cellRead(scan(TD2)), wrong, 0.5);
    expect(templateOutlook(t, OPTIONS)).toBe('needs-repair');
    expect(secondPassCanAccept(t, TD2, OPTIONS)).toBe(true);
    expect(confirmTemplateRead(t, [TD2, TD2], OPTIONS).parsed.accepted).toBe(true);
    const agreesWithTemplate = TD2.map((l, i) => (i === 1 ? l.slice(0, 5) + wrong + l.slice(6) : l));
    expect(secondPassCanAccept(t, agreesWithTemplate, OPTIONS)).toBe(false);
    expect(confirmTemplateRead(t, [agreesWithTemplate, TD2], OPTIONS).parsed.accepted).toBe(false);
  });
});

describe('MRZ reader: the outline fallback skips a confident refusal', () => {
  it('a camera frame of an altered MRZ whose outline is skewed: refused as read, no outline search and no second read', { timeout: 120_000 }, async () => {
    const frame = onWoodDesk(TD2_WRONG_CHECK);
    // The card's outline is found and skewed enough that the fallback would otherwise read it again.
    const found = await findCardInJpeg(frame);
    expect(found).not.toBeNull();
    expect(outlineWorthStraightening(outlineShape(found!.corners))).toBe(true);
    const reader = await createMrzReader({ ...OPTIONS, engine: counted(), traceStages: true });
    try {
      passes = 0;
      const r = await reader.read(frame);
      expect(r.status).toBe('invalid');
      expect(r.confidentRefusal).toBe(true);
      expect(r.lines).toEqual(TD2_WRONG_CHECK);
      expect(passes).toBe(0);
      // The trace names what ran: the band route, nothing of the outline.
      expect(Object.keys(r.stages ?? {})).toEqual(expect.arrayContaining(['locate', 'normalise', 'rectify', 'cells']));
      expect(Object.keys(r.stages ?? {}).filter((k) => k.startsWith('outline') || k.startsWith('upright'))).toEqual([]);
    } finally {
      await reader.close();
    }
  });

  it('a refusal that is not confident still gets the straightened second read', { timeout: 60_000 }, async () => {
    const frame = onWoodDesk(TD2);
    const seen: number[] = [];
    const r = await readWithOutlineFallback(frame, async (image) => {
      seen.push(Buffer.isBuffer(image) ? image.length : image.grey.length);
      return { status: 'invalid' as const, ms: 0, confidentRefusal: seen.length > 1 };
    });
    expect(seen.length).toBe(2);
    expect(r.status).toBe('invalid');
    const once: number[] = [];
    await readWithOutlineFallback(frame, async (image) => {
      once.push(Buffer.isBuffer(image) ? image.length : image.grey.length);
      return { status: 'invalid' as const, ms: 0, confidentRefusal: true };
    });
    expect(once.length).toBe(1);
  });
});
