// Zero false accepts on real documents: the kiosk's MRZ reader, run on every published specimen image of
// the real-document set that is present, must never accept a text other than the one printed, nor
// accept an MRZ that has to be refused (broken check digits, characters outside the MRZ set, visas,
// non-state codes). How many it reads is measured by `npm run bench -- mrz-real`, never asserted here.
//
// Images whose terms keep them out of the repository are read from MRZ_REAL_DIR when it names a local
// copy (see test/fixtures/mrz-real/ORIGIN.md); without one, their cases are skipped and say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMrzReader, type MrzReader } from '../../../main/precheck/mrz-ocr';
import { findImage, judge, loadGroundTruth, type RealEntry } from '../../mrz-real/real-set';

const truth = loadGroundTruth();
const cases = truth.images
  .filter((e): e is RealEntry => e.status === 'transcribed')
  .map((entry) => ({ entry, lookup: findImage(entry) }));

let reader: MrzReader | undefined;

beforeAll(async () => {
  if (cases.some((c) => c.lookup.found)) reader = await createMrzReader({ extraStates: truth.specimenStates });
});

afterAll(async () => {
  await reader?.close();
});

describe('MRZ reader on real documents: no false accepts', () => {
  for (const { entry, lookup } of cases) {
    if (!lookup.found) {
      // A file under the entry's name with other bytes is an error, not a missing image.
      if (lookup.why.includes('differs')) it(`${entry.file}: image matches its ground truth`, () => expect.fail(lookup.why));
      else it.skip(`${entry.file}: image not present (${lookup.why})`, () => {});
      continue;
    }
    it(`${entry.file} (${entry.format}, ${entry.expect === 'accept' ? 'valid' : 'must be refused'}): never accepted with a wrong text`, async () => {
      const r = await reader!.read(lookup.image);
      const verdict = judge(entry, r.status === 'accepted', r.lines);
      expect(verdict, `accepted ${r.lines.join(' ')}; printed ${entry.printed.join(' ')}`).not.toBe('false accept');
    });
  }
});
