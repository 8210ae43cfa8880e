// DG1 must equal the MRZ printed on the data page: a genuine chip in a document whose printed page was
// altered (or a page paired with another document's chip) differs here even when passive authentication passes.
export type PrintedMrzComparison =
  | { match: true }
  | { match: false; message: string; differingLines: number[]; differingPositions: number };

const normalise = (line: string): string => line.trim().toUpperCase();

/** Compares line by line; `differingPositions` counts characters that differ, for the audit record. */
export function compareWithPrintedMrz(chipLines: string[], printedLines: string[]): PrintedMrzComparison {
  const chip = chipLines.map(normalise);
  const printed = printedLines.map(normalise);
  if (chip.length !== printed.length || chip.some((l, i) => l.length !== printed[i]!.length)) {
    return {
      match: false,
      message: 'The chip holds a different document format from the printed page.',
      differingLines: chip.map((_, i) => i + 1),
      differingPositions: Math.max(chip.join('').length, printed.join('').length),
    };
  }
  const differingLines: number[] = [];
  let differingPositions = 0;
  chip.forEach((line, i) => {
    let d = 0;
    for (let k = 0; k < line.length; k++) if (line[k] !== printed[i]![k]) d++;
    if (d > 0) differingLines.push(i + 1);
    differingPositions += d;
  });
  if (differingLines.length === 0) return { match: true };
  return {
    match: false,
    message: `The chip data differs from the printed page (line ${differingLines.join(' and ')} of the machine-readable zone).`,
    differingLines,
    differingPositions,
  };
}
