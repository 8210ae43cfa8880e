// A real full disk: a 30 MB tmpfs mounted by the test holds the data folder, a filler file takes
// every free byte, and the kiosk captures and records a provider step on it. Each failure must come
// back as the disk sentence (not the generic "Something went wrong"), and once space is freed every
// verification made before is there, the database checks out and the refused work can be done again.
// Needs root (mount); skipped with the reason printed elsewhere.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskService } from '../../../shared/contract';
import type { Outcome } from '../../../shared/domain';
import { dispatch, INTERNAL_ERROR_MESSAGE } from '../../../main/host/dispatch';
import { diskErrorOf } from '../../../main/store/disk';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { Store } from '../../../main/store/store';
import { markedJpeg, outcomeOf } from './support';

const mountPoint = mkdtempSync(join(tmpdir(), 'kiosk-full-disk-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=30m', 'tmpfs', mountPoint]).status === 0;
if (!mounted) console.log(`full-disk tests skipped: could not mount a tmpfs at ${mountPoint} (needs root and mount permission)`);

const accepted = (): Outcome => outcomeOf('accepted');

/** Writes zeros until the file system refuses (ENOSPC); returns the filler's path. */
function fill(dir: string): string {
  const file = join(dir, 'filler.bin');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(256 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    expect((e as { code?: string }).code).toBe('ENOSPC');
  }
  // The last bytes too, in small pieces.
  const small = Buffer.alloc(512);
  try {
    for (;;) writeSync(fd, small);
  } catch {
    // full
  } finally {
    closeSync(fd);
  }
  return file;
}

describe.skipIf(!mounted)('a real full disk (tmpfs)', () => {
  const dataDir = join(mountPoint, 'data');
  let store: Store;
  const before: string[] = [];

  beforeAll(() => {
    store = Store.open({ dataDir, key: loadOrCreateKeyFile(dataDir) });
    for (let i = 0; i < 5; i++) {
      const v = store.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
      const jpeg = markedJpeg(`FULL-${i}`, 200_000);
      store.putCapture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner', jpeg, preview: jpeg.subarray(0, 64), width: 640, height: 480, quality: null });
      store.submitVerification(v.id, ['front']);
      before.push(v.id);
    }
  });

  afterAll(() => {
    store?.close();
    spawnSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it('capture and a sync step on a full disk: the disk sentence; after freeing space nothing is lost and both succeed', async () => {
    const v = store.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    const jpeg = markedJpeg('FULL-CAPTURE', 3_000_000);
    // The capture call as the hosts dispatch it, storing into the real store.
    const service = {
      capture: async ({ verificationId, side, deviceId }: { verificationId: string; side: 'front'; deviceId: string }) =>
        store.putCapture({ verificationId, side, deviceId, jpeg, preview: jpeg.subarray(0, 64), width: 1920, height: 1080, quality: null }),
    } as unknown as KioskService;
    const filler = fill(mountPoint);
    const answer = await dispatch(service, 'capture', { verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('disk_low');
      expect(answer.error.message).toMatch(/disk is full/);
      expect(answer.error.message).not.toBe(INTERNAL_ERROR_MESSAGE);
    }
    // A provider step whose result is large (the raw answer is kept): refused by the disk, not lost silently.
    const first = before[0]!;
    const big = { document: 'x'.repeat(3_000_000) };
    let stepError: unknown = null;
    try {
      store.recordStep(first, { kind: 'final', step: 'result_fetched', progress: {}, outcome: accepted(), raw: big });
    } catch (e) {
      stepError = e;
    }
    expect(stepError).not.toBeNull();
    expect(diskErrorOf(stepError)?.userMessage).toMatch(/disk is full/);
    expect(store.getVerification(first)?.state).toBe('queued');

    unlinkSync(filler);
    // Everything from before is there and the file is sound.
    for (const id of before) expect(store.getVerification(id)?.state).toBe('queued');
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.audit.verifyAudit().ok).toBe(true);
    // The refused work goes through now.
    const again = await dispatch(service, 'capture', { verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    expect(again.ok).toBe(true);
    expect(store.recordStep(first, { kind: 'final', step: 'result_fetched', progress: {}, outcome: accepted(), raw: big })).toBe(true);
    await store.anchorIdle();
  });
});
