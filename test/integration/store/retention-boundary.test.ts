// The retention cutoff to the millisecond, on a real encrypted SQLite file: an image whose
// verification finished just under `imageDays` ago is kept, one just over is purged. A purge that
// ran a day (or an hour) early, or late, fails here.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../main/store/store';
import type { Outcome } from '../../../shared/domain';
import { captureInput, key, openStore, tempDir } from './support';

const DAY = 86_400_000;
const FINISHED = Date.parse('2026-03-01T12:00:00Z');

let t: ReturnType<typeof tempDir>;
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

/** A passport verification that reached its final state at FINISHED, with one stored image. */
function finishedVerification(s: Store): string {
  const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
  s.putCapture(captureInput(v.id, 'front'));
  s.submitVerification(v.id, ['front']);
  s.recordStep(v.id, { kind: 'final', step: 'result_fetched', progress: {}, outcome: OUTCOME, raw: {} });
  return v.id;
}

const OUTCOME: Outcome = {
  decision: 'accepted',
  provider: 'zignsec',
  reasons: [],
  identity: {
    firstName: 'ZZGIVENNAMETEST',
    lastName: 'ZZSURNAMETEST',
    fullName: null,
    dateOfBirth: '1980-01-01',
    age: 46,
    sex: 'F',
    nationality: 'UTO',
    issuingState: 'UTO',
    documentNumber: 'ZZDOCNO12345',
    personalNumber: null,
    expiryDate: '2030-01-01',
    expired: false,
  },
  fields: [],
  selfieSimilarity: null,
  portrait: null,
  decidedAt: '2026-03-01T12:00:00.000Z',
};

const hasImage = (s: Store, id: string): boolean => s.getVerification(id, { previews: true })!.captures[0]!.preview !== null;

describe('retention cutoff', () => {
  for (const imageDays of [30, 7, 1]) {
    it(`keeps an image at imageDays=${imageDays} minus 1 ms and at exactly imageDays, purges it at imageDays plus 1 ms`, () => {
      let now = FINISHED;
      const s = openStore(t.dir, key(), () => now);
      try {
        const id = finishedVerification(s);
        expect(s.getVerification(id)!.state).toBe('accepted');

        expect(s.purgeExpiredImages(FINISHED + imageDays * DAY - 1, imageDays)).toEqual({ verifications: 0, captures: 0 });
        expect(hasImage(s, id)).toBe(true);
        expect(s.purgeExpiredImages(FINISHED + imageDays * DAY, imageDays)).toEqual({ verifications: 0, captures: 0 });
        expect(hasImage(s, id)).toBe(true);

        now = FINISHED + imageDays * DAY + 1;
        expect(s.purgeExpiredImages(now, imageDays)).toEqual({ verifications: 1, captures: 1 });
        expect(hasImage(s, id)).toBe(false);
        const purged = s.audit.list({ verificationId: id }).at(-1);
        expect(purged?.action).toBe('images_purged');
        expect(purged?.detail).toMatchObject({ retentionDays: imageDays, captures: 1, finishedAt: new Date(FINISHED).toISOString() });
      } finally {
        s.close();
      }
    });
  }

  it('the store-wide retention (imageRetentionDays) is what a purge without arguments uses', () => {
    let now = FINISHED;
    const k = key();
    const s = Store.open({ dataDir: t.dir, key: k, now: () => now, imageRetentionDays: 3 });
    try {
      const id = finishedVerification(s);
      now = FINISHED + 3 * DAY - 1;
      expect(s.purgeExpiredImages()).toEqual({ verifications: 0, captures: 0 });
      expect(hasImage(s, id)).toBe(true);
      now = FINISHED + 3 * DAY + 1;
      expect(s.purgeExpiredImages()).toEqual({ verifications: 1, captures: 1 });
      expect(hasImage(s, id)).toBe(false);
    } finally {
      s.close();
    }
  });

  it('without a configured retention a purge keeps images 30 days', () => {
    let now = FINISHED;
    const s = openStore(t.dir, key(), () => now);
    try {
      const id = finishedVerification(s);
      now = FINISHED + 30 * DAY - 1;
      expect(s.purgeExpiredImages().verifications).toBe(0);
      expect(hasImage(s, id)).toBe(true);
      now = FINISHED + 30 * DAY + 1;
      expect(s.purgeExpiredImages().verifications).toBe(1);
      expect(hasImage(s, id)).toBe(false);
    } finally {
      s.close();
    }
  });
});
