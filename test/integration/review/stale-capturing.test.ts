// "Being scanned" for ever: a capturing verification unchanged for the teller's idle timeout
// (config teller.idleTimeoutMinutes) plus the grace is cancelled by the kiosk, audited as "system";
// one changed within that window is kept. Real encrypted store, controlled clock.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskConfigSchema } from '../../../main/config';
import { KioskEvents } from '../../../main/events';
import { createReviewService } from '../../../main/review/service';
import { cancelStaleCapturing, STALE_CAPTURING_GRACE_MS, staleCapturingAfterMs } from '../../../main/review/stale-capturing';
import { Store } from '../../../main/store/store';
import { tempDir } from '../store/support';

const MIN = 60_000;
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(512), Buffer.from([0xff, 0xd9])]);
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function openStore() {
  const tmp = tempDir('kiosk-stale-');
  const clock = { now: Date.parse('2026-03-02T09:00:00Z') };
  const store = Store.open({ dataDir: tmp.dir, key: randomBytes(32), now: () => clock.now });
  cleanups.push(tmp.cleanup, () => store.close());
  return { dir: tmp.dir, store, clock };
}

const startCapturing = (store: Store) => store.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' }, 'teller').id;
const addFront = (store: Store, id: string) => {
  const image = jpeg();
  store.putCapture({ verificationId: id, side: 'front', deviceId: 'specimen:scanner', jpeg: image, preview: image, width: 1200, height: 800, quality: null });
};
const stateOf = (store: Store, id: string) => store.getVerification(id, { previews: false })!.state;

describe('stale capturing verifications', () => {
  it('follow the idle timeout plus the grace: cancelled just after it, kept just before, a new capture restarts the wait', () => {
    const { store, clock } = openStore();
    const after = staleCapturingAfterMs(2);
    expect(after).toBe(2 * MIN + STALE_CAPTURING_GRACE_MS);
    expect(after).toBeLessThan(30 * MIN);

    const untouched = startCapturing(store);
    const scanned = startCapturing(store);
    clock.now += 3 * MIN;
    addFront(store, scanned); // a change: its wait starts again from here

    clock.now = Date.parse('2026-03-02T09:00:00Z') + after; // exactly the limit: not yet stale
    expect(cancelStaleCapturing(store, clock.now, after)).toEqual([]);
    clock.now += 1;
    expect(cancelStaleCapturing(store, clock.now, after)).toEqual([untouched]);
    expect(stateOf(store, untouched)).toBe('cancelled');
    expect(stateOf(store, scanned)).toBe('capturing');
    const entry = store.audit.list({ limit: 1000 }).find((a) => a.verificationId === untouched && a.actor === 'system');
    expect(entry?.detail).toMatchObject({ to: 'cancelled' });
    expect(JSON.stringify(entry?.detail)).toContain(`still being scanned ${after / MIN} minutes after the last change`);

    clock.now += 3 * MIN;
    expect(cancelStaleCapturing(store, clock.now, after)).toEqual([scanned]);
    // Queued work is never touched, however old.
    const queued = startCapturing(store);
    addFront(store, queued);
    store.submitVerification(queued, ['front']);
    clock.now += 24 * 60 * MIN;
    expect(cancelStaleCapturing(store, clock.now, after)).toEqual([]);
    expect(stateOf(store, queued)).toBe('queued');
  });

  it('the review service sweeps with the configured teller.idleTimeoutMinutes', () => {
    const { dir, store, clock } = openStore();
    const config = KioskConfigSchema.parse({ dataDir: dir, teller: { idleTimeoutMinutes: 20 } });
    const limit = staleCapturingAfterMs(20);
    const older = startCapturing(store);
    clock.now += 2 * MIN;
    const newer = startCapturing(store);
    // 22 minutes after `older`, 20 after `newer`: beyond the default's 7 minutes, within 20 + grace for both.
    clock.now += 20 * MIN;
    const open = () =>
      createReviewService({
        store,
        events: new KioskEvents(),
        config,
        now: () => clock.now,
        scryptParams: { N: 1024, r: 8, p: 1 },
        worker: { kick: () => {}, providerStatus: () => [], resumeProvider: () => {}, purgeImages: () => ({ verifications: 0, captures: 0 }) },
      });
    open().close(); // the service sweeps once as it starts
    expect([stateOf(store, older), stateOf(store, newer)]).toEqual(['capturing', 'capturing']);

    clock.now = Date.parse('2026-03-02T09:00:00Z') + limit + 1; // past the limit for `older` only
    open().close();
    expect(stateOf(store, older)).toBe('cancelled');
    expect(stateOf(store, newer)).toBe('capturing');
  });
});
