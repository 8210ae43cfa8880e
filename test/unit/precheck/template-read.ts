// A constructed template read for driving the confirmation rules without images.
import type { TemplateRead } from '../../../main/precheck/mrz-cells';
import type { MrzFormat } from '../../../main/precheck/mrz-parse';

export const formatOf = (lines: string[]): MrzFormat => (lines.length === 3 ? 'TD1' : lines[0]!.length === 36 ? 'TD2' : 'TD3');

/**
 * A template read of `lines`. `scores` overrides a cell's score among its position's characters
 * ("line:col" → score, default 0.95); `fit` how well the cell matches a character over the whole
 * alphabet ("line:col:char" → probability; default: the cell's score for the character read, and for
 * any other 0.3 less than the character read fits).
 */
export function templateRead(lines: string[], scores: Record<string, number> = {}, fit: Record<string, number> = {}): TemplateRead {
  const cells = lines.map((l, li) => [...l].map((char, col) => ({ char, score: scores[`${li}:${col}`] ?? 0.95, second: '?', secondScore: 0.5 })));
  return {
    format: formatOf(lines),
    lines,
    cells,
    grids: lines.map((_, i) => ({ origin: 10, pitch: 20, capTop: 10 + i * 40, capBottom: 30 + i * 40, slope: 0 })),
    scoreOf: (li, col, c) => {
      const own = fit[`${li}:${col}:${lines[li]![col]}`] ?? cells[li]![col]!.score;
      return fit[`${li}:${col}:${c}`] ?? (c === lines[li]![col] ? own : own - 0.3);
    },
  };
}
