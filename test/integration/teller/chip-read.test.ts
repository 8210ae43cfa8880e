// Reading the document's chip through the teller service, in training mode: the real kiosk core
// (encrypted store, specimen scanner, on-device MRZ reader) with the virtual ePassport built from the
// scanned specimen and signed by the training CSCA made at start. The result is stored with the
// verification in the encrypted store, survives a reopen, and is audited with its outcome only.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iso31661 } from 'iso-3166';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls } from '../../../shared/contract';
import type { EventPayload } from '../../../shared/contract';
import { specimenSpecFor } from '../../../main/capture/specimen/device';
import { openDatabase } from '../../../main/store/db';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { createChipReadStore } from '../../../main/store/chip-reads';
import { createChipResultView } from '../../../main/review/chip-result';
import { TRAINING_ORGANISATION } from '../../../main/chip/training-pki';
import { startHarness, type Harness } from '../../helpers/kiosk-harness';

// Seed 7100 is a passport the reader accepts (see test/integration/precheck/kiosk-precheck.test.ts).
const SEED = 7100;
const truth = specimenSpecFor('passport', 'front', SEED, {});
let h: Harness;
let closed = false;

beforeAll(async () => {
  h = await startHarness({ keepDataDir: true, overrides: { capture: { sane: false, cameras: false } }, kioskOptions: { specimen: { seed: SEED, specimen: {} } } });
});
afterAll(async () => {
  if (!closed) await h?.close();
  const { rmSync } = await import('node:fs');
  if (h) rmSync(h.dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('chip read through the teller service (training)', () => {
  let verifiedId = '';

  it('the contract validates the request', () => {
    expect(calls.readChip.request.safeParse({ verificationId: 'not-a-uuid' }).success).toBe(false);
    expect(calls.readChip.request.safeParse({ verificationId: '00000000-0000-4000-8000-000000000000', extra: 1 }).success).toBe(false);
  });

  it('a scanned specimen passport: the chip is read over BAC and verified by the training CSCA of its country', async () => {
    expect(h.kiosk.mode).toBe('training');
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    const progress: Array<EventPayload<'chipReadProgress'>> = [];
    const stop = h.kiosk.events.on('chipReadProgress', (p) => progress.push(p));
    const result = await h.kiosk.service.readChip({ verificationId: v.id }).finally(stop);
    const alpha2 = iso31661.find((c) => c.alpha3 === truth.issuingState)?.alpha2;
    expect(result).toMatchObject({
      outcome: 'verified',
      reason: null,
      country: alpha2,
      accessMethod: 'bac',
      dataGroupsVerified: [1, 2, 14],
      printedMrzMatch: true,
      faceKept: true,
      training: true,
      retry: false,
      cloneCheck: { status: 'passed', method: 'chip-authentication', notSupportedBy: null },
      revocation: { status: 'unknown', reason: 'no-crl' },
    });
    expect(calls.readChip.response.safeParse(result).success).toBe(true);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.every((p) => p.verificationId === v.id)).toBe(true);
    expect(progress.at(-1)?.percent).toBe(100);
    verifiedId = v.id;
  });

  it('a verification without an exact MRZ read is refused with a plain sentence, and nothing is stored', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    await expect(h.kiosk.service.readChip({ verificationId: v.id })).rejects.toMatchObject({
      code: 'conflict',
      userMessage: "The kiosk has no exact reading of this document's machine-readable zone, so it cannot open the chip. Scan the page again, or type the document number, date of birth and expiry date.",
      sentence: { key: 'chip_no_exact_mrz', params: {} },
    });
    await expect(h.kiosk.service.readChip({ verificationId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
    await h.kiosk.service.cancelVerification({ verificationId: v.id });
    await expect(h.kiosk.service.readChip({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('the stored result survives a reopen of the store, is not plaintext in the database file, and is audited without PII', async () => {
    expect(verifiedId).not.toBe('');
    await h.close();
    closed = true;
    const file = join(h.dataDir, 'kiosk.db');
    const db = openDatabase(file, loadOrCreateKeyFile(h.dataDir));
    try {
      const stored = createChipReadStore(db).latest(verifiedId);
      expect(stored).toMatchObject({
        outcome: 'verified', printedMrzMatch: true, dataGroups: [1, 2, 14], accessMethod: 'bac', training: true,
        cloneCheck: { status: 'passed', method: 'chip-authentication', notSupportedBy: null }, revocation: { status: 'unknown', reason: 'no-crl' },
      });
      // The supervisor's detail reads the same stored record.
      expect(await createChipResultView(db)(verifiedId)).toMatchObject({
        outcome: 'verified', cloneCheck: { status: 'passed', method: 'chip-authentication' }, revocation: { status: 'unknown', reason: 'no-crl' }, reads: 1,
      });
      expect(stored?.signerSubject).toContain(TRAINING_ORGANISATION);
      expect(stored?.face?.format).toBe('jpeg');
      expect(stored?.face?.bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
      const dg1 = stored!.dg1!.toString('latin1');
      expect(dg1).toContain(truth.documentNumber);

      const audit = db.prepare(`SELECT actor, detail FROM audit_log WHERE verification_id = ? AND action = 'chip_read'`).all(verifiedId) as Array<{ actor: string; detail: string }>;
      expect(audit.map((a) => ({ actor: a.actor, detail: JSON.parse(a.detail) }))).toEqual([{ actor: 'teller', detail: { outcome: 'verified', training: true } }]);

      // Encrypted at rest: neither the chip's MRZ, the document number nor the signer's name is in the files.
      expect(readFileSync(file).length).toBeGreaterThan(0);
      for (const path of [file, `${file}-wal`].filter(existsSync)) {
        const raw = readFileSync(path).toString('latin1');
        expect(raw).not.toContain(truth.documentNumber);
        expect(raw).not.toContain(TRAINING_ORGANISATION);
        expect(raw).not.toContain(dg1.slice(-88, -44));
      }
    } finally {
      db.close();
    }
  });
});
