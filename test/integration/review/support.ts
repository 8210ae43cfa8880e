// Review tests: a real encrypted store in a temp dir, the real review service on top, a settable clock.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskConfigSchema } from '../../../main/config';
import { createReviewService, type ReviewService } from '../../../main/review/service';
import { SETUP_CODE_FILE } from '../../../main/review/setup-code';
import { KioskEvents } from '../../../main/events';
import type { Log } from '../../../main/log';
import { Store } from '../../../main/store/store';
import type { Outcome, ProviderId, ProviderStatus } from '../../../shared/domain';

/** Cheap scrypt for tests: the algorithm is the same, only the cost differs. */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export interface ReviewRig {
  dir: string;
  key: Buffer;
  store: Store;
  review: ReviewService;
  events: KioskEvents;
  clock: { now: number };
  kicks: { count: number };
  close(): void;
  reopen(overrides?: Record<string, unknown>): ReviewRig;
}

export function reviewRig(
  reviewOverrides: Record<string, unknown> = {},
  existing?: { dir: string; key: Buffer; clock: { now: number } },
  log?: Log,
): ReviewRig {
  const dir = existing?.dir ?? mkdtempSync(join(tmpdir(), 'kiosk-review-'));
  const key = existing?.key ?? randomBytes(32);
  const clock = existing?.clock ?? { now: Date.parse('2026-03-02T09:00:00Z') };
  const config = KioskConfigSchema.parse({ dataDir: dir, review: reviewOverrides });
  const store = Store.open({ dataDir: dir, key, now: () => clock.now });
  const events = new KioskEvents();
  const kicks = { count: 0 };
  const providers: ProviderStatus[] = (['zignsec', 'zoloz'] as ProviderId[]).map((id) => ({ id, configured: id === 'zignsec', reachable: true, circuit: 'closed', paused: false }));
  const review = createReviewService({
    store,
    events,
    config,
    now: () => clock.now,
    scryptParams: TEST_SCRYPT,
    log,
    worker: {
      kick: () => void kicks.count++,
      providerStatus: () => providers,
      resumeProvider: (p, actor) => store.resumeProvider(p, actor),
      purgeImages: () => store.purgeExpiredImages(clock.now, config.retention.imageDays),
    },
  });
  const rig: ReviewRig = {
    dir,
    key,
    store,
    review,
    events,
    clock,
    kicks,
    close: () => {
      review.close();
      store.close();
      if (!existing) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
    reopen: (overrides = reviewOverrides) => {
      review.close();
      store.close();
      return reviewRig(overrides, { dir, key, clock });
    },
  };
  return rig;
}

/** The one-time setup code the kiosk wrote to its data folder (empty once used). */
export function setupCodeOf(dataDir: string): string {
  const file = join(dataDir, SETUP_CODE_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
}

export function outcome(decision: Outcome['decision'], identity: Partial<Outcome['identity']>): Outcome {
  return {
    decision,
    provider: 'zignsec',
    reasons: decision === 'declined' ? [{ code: 'expired', field: 'expiryDate', message: 'The document has expired.' }] : [],
    identity: {
      firstName: null,
      lastName: null,
      fullName: null,
      dateOfBirth: '1980-01-01',
      age: 46,
      sex: 'F',
      nationality: 'UTO',
      issuingState: 'UTO',
      documentNumber: null,
      personalNumber: null,
      expiryDate: '2030-01-01',
      expired: false,
      ...identity,
    },
    fields: [
      { name: 'Surname', mrz: identity.lastName ?? null, visual: identity.lastName ?? null, barcode: null, agree: true },
      { name: 'Date_of_Birth', mrz: '800101', visual: '800110', barcode: null, agree: false },
    ],
    selfieSimilarity: null,
    portrait: 'data:image/jpeg;base64,/9j/AAAA',
    decidedAt: '2026-03-02T09:00:00.000Z',
  };
}

const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(512), Buffer.from([0xff, 0xd9])]);

/** A verification taken through the real store API: created, captured, submitted, optionally given a provider result. */
export function seedVerification(
  rig: ReviewRig,
  opts: { provider?: ProviderId; result?: Outcome | 'needs_attention'; actor?: string } = {},
): string {
  return seedInStore(rig.store, opts);
}

/** Same, on any open store (e2e tests seed a data dir before the kiosk starts). `submit: false` leaves it capturing. */
export function seedInStore(
  store: Store,
  opts: { provider?: ProviderId; result?: Outcome | 'needs_attention'; actor?: string; submit?: boolean; image?: Buffer } = {},
): string {
  const v = store.createVerification({ documentType: 'passport', provider: opts.provider ?? 'zignsec', locale: 'en' }, opts.actor ?? 'teller');
  const image = opts.image ?? jpeg();
  store.putCapture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner', jpeg: image, preview: image, width: 1200, height: 800, quality: null });
  if (opts.submit === false) return v.id;
  store.submitVerification(v.id, ['front']);
  if (opts.result === 'needs_attention') {
    store.recordStep(v.id, { kind: 'progress', step: 'session_created', progress: { sessionId: 'sess-1' }, state: 'submitting' });
    store.recordNeedsAttention(v.id, 'The provider refused the document type.', '{"errors":[{"code":"invalid"}]}');
  } else if (opts.result) {
    store.recordStep(v.id, { kind: 'final', step: 'result_fetched', progress: { sessionId: 'sess-1', done: true }, outcome: opts.result, raw: { status: 'Finished', result: opts.result.decision } });
  }
  return v.id;
}
