// The look-alike rule on the kiosk's own specimen generator (main/capture/specimen): a clean OCR-B scan
// of a German identity card whose birth date's 0 the cell model finds a little more O-like than the
// card's two other date 0s, and whose ink spreads 0.16 sample columns wider than theirs — away from the
// card's own O (in OLE), which OCR-B draws narrower than its 0. A 0 drawn wider than a 0 is no O: the
// card is read (a printed O in a date stays refused: mrz-lookalike-shape.test.ts). The spec is the one
// the MRZ benchmark draws as its specimen 78 (seed 10,078, TD1 back).
import { describe, expect, it } from 'vitest';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { mrzReaderForFile } from './file-reader';

const spec = randomSpecimenSpec(10_078, { format: 'TD1', side: 'back', expired: false });
const PRINTED = ['IDDEUXY330960533730329901<<<<<', '9906161M3101160DEU<<<<<<<<<<<3', 'DE<VRIES<<OLE<<<<<<<<<<<<<<<<<'];

const reader = mrzReaderForFile();

describe("MRZ reader: a 0 or an O judged by the document, on the kiosk's own specimen scans", () => {
  it('reads the specimen card whose birth-date 0 is drawn wider than its other 0s, away from its O', { timeout: 90_000 }, async () => {
    const specimen = await generateSpecimen(spec);
    expect(specimen.mrz).toEqual(PRINTED);
    const r = await reader.read(specimen.jpeg);
    expect({ status: r.status, lines: r.lines, problems: r.problems }).toEqual({ status: 'accepted', lines: PRINTED, problems: [] });
  });
});
