// Opening the chip with access fields the teller typed, over the web host on loopback (real HTTP, the
// contract's validation at the boundary) against a training kiosk: real encrypted store, specimen
// scanner, on-device MRZ reader and the virtual ePassport built from the scanned specimen. A correct
// typed key verifies the chip; a wrong one is refused by the chip (access denied) and loses nothing: the
// captures stay, the verification is still being captured, and a second try succeeds. The audit says
// the key was typed and never holds the fields.
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { iso31661 } from 'iso-3166';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specimenSpecFor } from '../../../main/capture/specimen/device';
import { openDatabase } from '../../../main/store/db';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { createChipReadStore } from '../../../main/store/chip-reads';
import { callKiosk, startHarness, type Harness } from '../../helpers/kiosk-harness';
import { setupCodeOf } from '../review/support';

// Seed 7100 is a passport the on-device reader reads exactly (see test/integration/precheck/kiosk-precheck.test.ts).
const SEED = 7100;
const truth = specimenSpecFor('passport', 'front', SEED, {});
const correct = { documentNumber: truth.documentNumber, dateOfBirth: truth.dateOfBirth, dateOfExpiry: truth.dateOfExpiry };
/** The same date of birth one day later: a typing slip the chip must refuse. */
const wrongBirth = (() => {
  const d = new Date(`${truth.dateOfBirth}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
})();

let h: Harness;
let closed = false;
// Replies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reply = { ok: boolean; value?: any; error?: { code: string; message: string; sentence?: { key: string } } };

async function api(name: string, request: unknown): Promise<{ status: number; json: Reply }> {
  const { status, json } = await callKiosk(h, name, request);
  return { status, json: json as never };
}

beforeAll(async () => {
  h = await startHarness({ web: true, keepDataDir: true, overrides: { capture: { sane: false, cameras: false } }, kioskOptions: { specimen: { seed: SEED, specimen: {} } } });
}, 60_000);
afterAll(async () => {
  if (!closed) await h?.close();
  if (h) rmSync(h.dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('chip read with typed access fields (training, web host)', () => {
  let id = '';

  it('refuses typed fields that are not a document number and real dates, before anything is read', async () => {
    const v = await api('startVerification', { documentType: 'passport' });
    expect(v.json.ok).toBe(true);
    id = v.json.value.id;
    expect((await api('capture', { verificationId: id, side: 'front', deviceId: 'specimen:scanner' })).json.ok).toBe(true);

    const bad = [
      { ...correct, documentNumber: 'AB-12' },
      { ...correct, documentNumber: 'ABCDEFGHIJKLMNOPQRSTUVW' },
      { ...correct, dateOfBirth: '1990-02-30' },
      { ...correct, dateOfExpiry: '300101' },
      { ...correct, checkDigit: '7' },
      { documentNumber: correct.documentNumber, dateOfBirth: correct.dateOfBirth },
    ];
    for (const access of bad) {
      const r = await api('readChip', { verificationId: id, access });
      expect(r.status, JSON.stringify(access)).toBe(400);
      expect(r.json.error?.code).toBe('bad_request');
    }
    const future = await api('readChip', { verificationId: id, access: { ...correct, dateOfBirth: '2999-01-01' } });
    expect(future.json.error).toMatchObject({ code: 'bad_request', sentence: { key: 'chip_date_of_birth_future' } });
    // Nothing was read or stored by the refused requests.
    expect((await api('chipStatus', { verificationId: id })).json.value.latest).toBeNull();
  });

  it('a wrong typed date of birth: the chip refuses the key; nothing is lost', async () => {
    const r = await api('readChip', { verificationId: id, access: { ...correct, dateOfBirth: wrongBirth } });
    expect(r.json.ok).toBe(true);
    expect(r.json.value).toMatchObject({
      outcome: 'access-denied',
      accessKey: 'typed',
      sentence: { key: 'chip_access_denied_typed', params: {} },
      dataGroupsVerified: [],
      faceKept: false,
      retry: false,
    });
    const v = (await api('getVerification', { id })).json.value;
    expect(v.state).toBe('capturing');
    expect(v.captures.map((c: { side: string }) => c.side)).toEqual(['front']);
    const status = (await api('chipStatus', { verificationId: id })).json.value;
    expect(status).toMatchObject({ policy: 'offer', readerPresent: true, training: true, latest: { outcome: 'access-denied', accessKey: 'typed' } });
    expect((await api('chipFace', { verificationId: id })).json.value).toEqual({ face: null });
  });

  it('the correct typed fields (lower case, spaces around): the chip is verified by the training CSCA and matches the page', async () => {
    const r = await api('readChip', { verificationId: id, access: { ...correct, documentNumber: ` ${correct.documentNumber.toLowerCase()} ` } });
    expect(r.json.ok).toBe(true);
    const alpha2 = iso31661.find((c) => c.alpha3 === truth.issuingState)?.alpha2;
    expect(r.json.value).toMatchObject({
      outcome: 'verified',
      accessKey: 'typed',
      country: alpha2,
      sentence: { key: 'chip_verified_training', params: { country: truth.issuingState } },
      accessMethod: 'bac',
      dataGroupsVerified: expect.arrayContaining([1, 2]),
      printedMrzMatch: true,
      faceKept: true,
      training: true,
    });
    const face = (await api('chipFace', { verificationId: id })).json.value.face as string;
    expect(face).toMatch(/^data:image\/jpeg;base64,/);
    const meta = await sharp(Buffer.from(face.split(',')[1]!, 'base64')).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBeGreaterThan(100);
    expect((await api('chipStatus', { verificationId: id })).json.value.latest).toMatchObject({ outcome: 'verified', accessKey: 'typed' });
  });

  it('without typed fields the exact reading still opens the chip (key from the MRZ)', async () => {
    const r = await api('readChip', { verificationId: id });
    expect(r.json.value).toMatchObject({ outcome: 'verified', accessKey: 'mrz', sentence: { key: 'chip_verified_training' } });
  });

  it("the supervisor's detail shows the latest chip read: outcome, country, access, data groups, printed-page match, reads, face", async () => {
    const setup = await api('supervisorSetup', { name: 'Test Supervisor', pin: '482915', code: setupCodeOf(h.dataDir) });
    const token = setup.json.value.token as string;
    const detail = (await api('reviewDetail', { token, id })).json.value;
    expect(detail.chip).toMatchObject({
      outcome: 'verified',
      accessKey: 'mrz',
      accessMethod: 'bac',
      dataGroupsVerified: expect.arrayContaining([1, 2]),
      printedMrzMatch: true,
      training: true,
      reads: 3,
      sentence: { key: 'chip_verified_training' },
      // The training chip proves it is no copy (chip authentication); the training CSCA issues no CRL.
      cloneCheck: { status: 'passed', method: 'chip-authentication', notSupportedBy: null },
      revocation: { status: 'unknown', reason: 'no-crl' },
    });
    expect(detail.chip.signer).toContain('TRAINING');
    expect(detail.chip.face).toMatch(/^data:image\/jpeg;base64,/);
    // The teller's web token alone does not open the detail.
    expect((await api('reviewDetail', { token: 'f'.repeat(64), id })).json.error?.code).toBe('forbidden');
  });

  it('chip status and face only while the verification is being captured', async () => {
    expect((await api('cancelVerification', { verificationId: id })).json.ok).toBe(true);
    for (const name of ['chipStatus', 'chipFace', 'readChip']) {
      const r = await api(name, { verificationId: id, ...(name === 'readChip' ? { access: correct } : {}) });
      expect(r.json.error?.code, name).toBe('conflict');
    }
  });

  it('audited: the typed reads say so, never the fields', async () => {
    await h.close();
    closed = true;
    const file = join(h.dataDir, 'kiosk.db');
    const db = openDatabase(file, loadOrCreateKeyFile(h.dataDir));
    try {
      const rows = db.prepare(`SELECT detail FROM audit_log WHERE verification_id = ? AND action = 'chip_read' ORDER BY seq`).all(id) as Array<{ detail: string }>;
      expect(rows.map((r) => JSON.parse(r.detail))).toEqual([
        { outcome: 'access-denied', training: true, accessKey: 'typed' },
        { outcome: 'verified', training: true, accessKey: 'typed' },
        { outcome: 'verified', training: true },
      ]);
      const all = rows.map((r) => r.detail).join('\n');
      expect(all).not.toContain(truth.documentNumber);
      expect(all).not.toContain(truth.dateOfBirth);
      expect(createChipReadStore(db).latest(id)).toMatchObject({ outcome: 'verified' });
      for (const path of [file, `${file}-wal`].filter(existsSync)) expect(readFileSync(path).toString('latin1')).not.toContain(truth.documentNumber);
    } finally {
      db.close();
    }
  });
});
