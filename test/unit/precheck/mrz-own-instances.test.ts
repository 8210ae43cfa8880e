// Judging a look-alike cell by the document's own instances (mrz-own-instances.ts), on the ICAO 9303 TD3
// specimen with per-cell probabilities given directly: its digit-only 0s are the birth date's (1:15),
// the expiry's (1:23) and the composite check digit (1:43); its letter-only Os are UTO's (0:4, 1:12)
// and ERIKSSON's (0:11); the document number's 0 (1:5) stands where digits and letters may.
import { describe, expect, it } from 'vitest';
import type { TemplateRead } from '../../../main/precheck/mrz-cells';
import { ownInstanceVerdict, settleAlnumLookalikes } from '../../../main/precheck/mrz-own-instances';
import { positionClasses } from '../../../main/precheck/mrz-parse';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const classes = positionClasses('TD3');
const ZEROS = ['1:15', '1:23', '1:43'];
const OS = ['0:4', '0:11', '1:12'];

/** Every cell sure of its character (0.98), except the 0 and O probabilities given per cell as [p(0), p(O)]. */
function read(pairs: Record<string, [number, number]>, lines = TD3): TemplateRead {
  return {
    format: 'TD3',
    lines,
    cells: lines.map((l) => [...l].map((char) => ({ char, score: 0.98, second: '?', secondScore: 0.01 }))),
    grids: [],
    scoreOf: (li, col, c) => {
      const p = pairs[`${li}:${col}`];
      if (p && (c === '0' || c === 'O')) return c === '0' ? p[0] : p[1];
      return c === lines[li]![col] ? 0.98 : 0.001;
    },
  };
}
const face = (zero: [number, number], o: [number, number]): Record<string, [number, number]> =>
  Object.fromEntries([...ZEROS.map((k) => [k, zero]), ...OS.map((k) => [k, o])]);

describe('ownInstanceVerdict', () => {
  it('judges a date cell by where the document puts its own 0s and Os, whatever the absolute probabilities', () => {
    // A face whose 0s the model takes for Os (0.7): a 0 like them is the document's own.
    expect(ownInstanceVerdict(read({ ...face([0.3, 0.7], [0.01, 0.99]), '1:15': [0.25, 0.75] }), classes, 1, 15, '0', 'O')).toBe('own');
    // A face whose Os the model hardly sees (0.6): a cell at 0.45 O sits with them.
    expect(ownInstanceVerdict(read({ ...face([0.99, 0.01], [0.4, 0.6]), '1:15': [0.55, 0.45] }), classes, 1, 15, '0', 'O')).toBe('lookalike');
  });

  it('gives no verdict when the document has too few instances or they are not apart', () => {
    // Only the composite's 0 besides the cell (the expiry's is a hole): fewer than two of its own.
    const few = read(face([0.3, 0.7], [0.01, 0.99]), [TD3[0]!, TD3[1]!.slice(0, 23) + '?' + TD3[1]!.slice(24)]);
    expect(ownInstanceVerdict(few, classes, 1, 15, '0', 'O')).toBeNull();
    // 0s and Os the model cannot tell apart in this document.
    expect(ownInstanceVerdict(read(face([0.45, 0.55], [0.4, 0.6])), classes, 1, 15, '0', 'O')).toBeNull();
    // A cell where digits and letters may both stand is not judged here.
    expect(ownInstanceVerdict(read(face([0.3, 0.7], [0.01, 0.99])), classes, 1, 5, '0', 'O')).toBeNull();
  });
});

describe('settleAlnumLookalikes', () => {
  it('reads a document-number cell the model split between 0 and O as the side of the document it clearly sits on', () => {
    const asO = settleAlnumLookalikes(read({ ...face([0.3, 0.7], [0.01, 0.99]), '1:5': [0.32, 0.68] }, [TD3[0]!, TD3[1]!.slice(0, 5) + 'O' + TD3[1]!.slice(6)]));
    expect(asO.lines[1]![5]).toBe('0');
    expect(asO.cells[1]![5]!.char).toBe('0');
    // The rules downstream see it as sure of the 0.
    expect(asO.scoreOf(1, 5, '0')).toBeGreaterThan(asO.scoreOf(1, 5, 'O') + 0.5);
  });

  it('leaves a cell between the two groups, and documents with nothing to compare, as the model read them', () => {
    const middle = read({ ...face([0.9, 0.1], [0.1, 0.9]), '1:5': [0.5, 0.5] });
    expect(settleAlnumLookalikes(middle).lines).toEqual(TD3);
    expect(settleAlnumLookalikes(middle).scoreOf(1, 5, 'O')).toBe(0.5);
    const noOs = read({ '1:5': [0.3, 0.7] }, [TD3[0]!.replace(/O/g, 'A'), TD3[1]!.slice(0, 5) + 'O' + TD3[1]!.slice(6, 10) + 'UTA' + TD3[1]!.slice(13)]);
    expect(settleAlnumLookalikes(noOs).lines[1]![5]).toBe('O');
  });
});
