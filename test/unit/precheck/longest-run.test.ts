// The ink-run search both MRZ stages use (line extent in mrz-locate, cell extent in mrz-cells).
import { describe, expect, it } from 'vitest';
import { longestRun } from '../../../main/precheck/mrz-locate';

const run = (bits: string, bridge: number) => longestRun(bits.length, (x) => bits[x] === '1', bridge);

describe('longestRun', () => {
  it('keeps set positions up to `bridge` apart in one run and returns the longest, inclusive', () => {
    expect(run('0110011100', 3)).toEqual([1, 7]); // 2 and 5 are 3 apart: one run
    expect(run('0110001110', 3)).toEqual([6, 8]); // 2 and 6 are 4 apart: two runs, the longer wins
  });
  it('keeps the first of equally long runs and reaches the last position', () => {
    expect(run('1100011', 1)).toEqual([0, 1]);
    expect(run('0000111', 1)).toEqual([4, 6]);
  });
  it('is null when nothing is set, and a single position is a run of its own', () => {
    expect(run('0000', 3)).toBeNull();
    expect(run('0010', 3)).toEqual([2, 2]);
  });
});
