// Shared helpers for store/sync tests: temp data dirs, synthetic JPEG-like bytes with a marker, a store,
// the provider results the store records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { StepResult } from '../../../main/providers/provider';
import { Store } from '../../../main/store/store';
import type { CaptureSide, Outcome } from '../../../shared/domain';

export function tempDir(prefix = 'kiosk-store-', base: string = tmpdir()): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(base, prefix));
  // Retried: a store's background threads may still be closing their connections (and removing the
  // WAL) for a few milliseconds after close(), which can make the first removal find the folder not empty.
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }) };
}

/** Bytes that start like a JPEG and carry a searchable marker (to prove they are not stored in clear). */
export function markedJpeg(marker: string, size = 4096): Buffer {
  const head = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
  const m = Buffer.from(marker, 'ascii');
  return Buffer.concat([head, m, randomBytes(Math.max(0, size - head.length - 2 * m.length - 2)), m, Buffer.from([0xff, 0xd9])]);
}

export const key = (): Buffer => randomBytes(32);

export function captureInput(verificationId: string, side: CaptureSide, jpeg = markedJpeg(`IMG-${side}`)) {
  return { verificationId, side, deviceId: 'specimen:scanner', jpeg, preview: jpeg.subarray(0, 64), width: 1920, height: 1080, quality: null };
}

export function openStore(dir: string, k: Buffer, now?: () => number): Store {
  return Store.open({ dataDir: dir, key: k, ...(now ? { now } : {}) });
}

/** A provider's decision with no identity read, as a final step records it. */
export function outcomeOf(decision: Outcome['decision'], decidedAt: number = Date.now(), reasons: Outcome['reasons'] = []): Outcome {
  return {
    decision,
    provider: 'zignsec',
    reasons,
    identity: { firstName: null, lastName: null, fullName: null, dateOfBirth: null, age: null, sex: null, nationality: null, issuingState: null, documentNumber: null, personalNumber: null, expiryDate: null, expired: null },
    fields: [],
    selfieSimilarity: null,
    portrait: null,
    decidedAt: new Date(decidedAt).toISOString(),
  };
}

/** A progress step (session created, still submitting), with `over` changed. */
export const progressStep = (over: Partial<Extract<StepResult, { kind: 'progress' }>> = {}): StepResult => ({
  kind: 'progress',
  step: 'session_created',
  progress: { sessionId: 'S-1' },
  state: 'submitting',
  ...over,
});
