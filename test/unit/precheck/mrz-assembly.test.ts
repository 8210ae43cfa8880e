import { describe, expect, it } from 'vitest';
import { alignToGrid, composeTyped, typedView, voteLines } from '../../../main/precheck/mrz-ocr';
import type { OcrLine } from '../../../main/precheck/mrz-worker';

/** An OCR line whose characters sit on a 20 px grid starting at x = 10 (as tesseract reports boxes). */
function line(text: string, opts: { split?: number; pitch?: number; start?: number } = {}): OcrLine {
  const pitch = opts.pitch ?? 20;
  const start = opts.start ?? 10;
  const symbols = [];
  for (let i = 0; i < text.length; i++) {
    const x = start + i * pitch;
    if (i === opts.split) {
      // One printed character read as two narrow symbols (an "M" read as "IV").
      symbols.push({ text: 'I', confidence: 60, x0: x, x1: x + 4, y0: 0, y1: 30 });
      symbols.push({ text: 'V', confidence: 60, x0: x + 8, x1: x + 14, y0: 0, y1: 30 });
    } else symbols.push({ text: text[i]!, confidence: 90, x0: x, x1: x + 14, y0: 0, y1: 30 });
  }
  return { text, confidence: 90, symbols, y0: 0, y1: 30 };
}

describe('alignToGrid', () => {
  it('places each character in its cell', () => {
    expect(alignToGrid(line('P<UTOERIKSSON<<ANNA<MARIA<<<<<'), 30)!.text).toBe('P<UTOERIKSSON<<ANNA<MARIA<<<<<');
  });
  it('a character split in two becomes a conflict instead of shifting the rest of the line', () => {
    const r = alignToGrid(line('MUSTERMANN<<ERIK<<<<<<<<<<<<<<', { split: 6 }), 30)!;
    expect(r.text).toBe('MUSTER?ANN<<ERIK<<<<<<<<<<<<<<');
  });
  it('a missing character leaves a hole in its cell', () => {
    const l = line('ERIKSSON<<ANNA<MARIA<<<<<<<<<<');
    l.symbols.splice(3, 1);
    expect(alignToGrid(l, 30)!.text).toBe('ERI?SSON<<ANNA<MARIA<<<<<<<<<<');
  });
  it('uses a given grid for reads that lack the first characters', () => {
    const full = alignToGrid(line('L898902C36UTO7408122F1204159ZE'), 30)!;
    const digitsOnly = line('L898902C36UTO7408122F1204159ZE');
    digitsOnly.symbols = digitsOnly.symbols.slice(1); // the "L" produced no symbol
    expect(alignToGrid(digitsOnly, 30, full.grid)!.text).toBe('?898902C36UTO7408122F1204159ZE');
  });
});

describe('voteLines', () => {
  it('takes the majority per character and marks where reads split', () => {
    const v = voteLines([['AB1'], ['AB2'], ['AB1']]);
    expect(v.lines).toEqual(['AB1']);
    expect([...v.disagreements]).toEqual(['0:2']);
    expect(v.undecided.size).toBe(0);
  });
  it('leaves a character undecided without a majority and lists what the reads offered', () => {
    const v = voteLines([['AB1'], ['AB2']]);
    expect(v.lines).toEqual(['AB?']);
    expect(v.undecided.get('0:2')).toEqual(['1', '2']);
  });
  it('requires every read to agree where no check digit covers the character (names)', () => {
    // "GARCIA<LOPEZ<<CARMEN" with the "<" read as "Q" by two reads out of three: not accepted by majority.
    const v = voteLines([['LOPEZQ<'], ['LOPEZQ<'], ['LOPEZ<<']], () => true);
    expect(v.lines).toEqual(['LOPEZ?<']);
    expect(v.undecided.get('0:5')).toEqual(['Q', '<']);
  });
  it("treats '?' as an abstention, not as a disagreement", () => {
    const v = voteLines([['AB1'], ['AB1'], ['A??']]);
    expect(v.lines).toEqual(['AB1']);
    expect(v.disagreements.size).toBe(0);
  });
});

describe('typed reads', () => {
  const td3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
  it('reads a letter in a digit field as its digit look-alike, and a clear digit in a letter field as its letter', () => {
    const read = [td3[0]!.replace('ERIKSSON', 'ERIK55ON'), td3[1]!.replace('740812', '74O8I2')];
    expect(typedView('TD3', read)).toEqual(td3);
  });
  it('keeps the ambiguous 0 in a letter field (O, D or Q?) for the vote to settle', () => {
    const read = [td3[0]!.replace('ANNA', 'ANN0'), td3[1]!];
    expect(typedView('TD3', read)[0]).toContain('ANN0');
  });
  it('composes digits-only and letters-only reads by field type, abstaining on mixed fields', () => {
    // A digits-only read turns letters into digits, a letters-only read digits into letters.
    const digits = td3.map((l) => l.replace(/[A-Z]/g, '1'));
    const letters = td3.map((l) => l.replace(/[0-9]/g, 'O'));
    const t = composeTyped('TD3', digits, letters);
    expect(t[0]).toBe(td3[0]);
    expect(t[1]!.slice(9, 28)).toBe('6UTO7408122F1204159');
    expect(t[1]!.slice(28, 42)).toBe('?'.repeat(14));
    expect(t[1]!.slice(42)).toBe('10');
    expect(t[1]!.slice(0, 9)).toBe('?????????');
  });
});
