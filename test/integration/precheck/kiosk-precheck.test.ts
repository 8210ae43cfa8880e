// The on-device precheck through the real kiosk core: createKiosk with its encrypted store, the specimen scanner, ONE
// warmed MRZ reader shared by the teller precheck and the training sandboxes, the sync worker and the
// emulators over loopback HTTP. Proves that training mode judges for real (expired → DECLINED naming
// Date_of_Expiry, valid → ACCEPTED with the right names) and that the precheck policy gates submit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verification } from '../../../shared/domain';
import { loadConfig } from '../../../main/config';
import { createKiosk, type Kiosk } from '../../../main/kiosk';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { specimenSpecFor, type SpecimenDeviceOptions } from '../../../main/capture/specimen/device';
import { generateSpecimen, type SpecimenSpec } from '../../../main/capture/specimen/generate';
import { normalizeImage } from '../../../main/capture/image-input';
import { Store } from '../../../main/store/store';
import type { CaptureSummary } from '../../../shared/domain';
import { mrzRefusalReport } from '../../helpers/mrz-refusal-report';

const SEED = 7100;
// The specimen devices read `specimen` at each capture: a test sets it before capturing.
const specimen: SpecimenDeviceOptions = { seed: SEED, specimen: {} };
let kiosk: Kiosk;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-precheck-'));
  const config = loadConfig({
    dataDir,
    env: {},
    overrides: {
      sandbox: { analysisDelayMs: 200 },
      sync: { tickMs: 50, pollMinMs: 100, pollMaxMs: 400, backoffBaseMs: 100 },
      capture: { sane: true, cameras: false },
      precheck: { onExpired: 'allow_with_reason', onUnreadable: 'allow_with_reason' },
    },
  });
  kiosk = await createKiosk(config, { dbKey: loadOrCreateKeyFile(dataDir), specimen });
});
afterAll(async () => {
  await kiosk?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

async function waitForFinal(id: string, timeoutMs = 90_000): Promise<Verification> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await kiosk.service.getVerification({ id });
    if (['accepted', 'declined', 'failed', 'needs_attention', 'cancelled'].includes(v.state)) return v;
    if (Date.now() > deadline) throw new Error(`verification stuck in ${v.state}: ${JSON.stringify(v.sync)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Accepted, or a failure that shows what the reader saw (its fields and the checks they failed) and where
 * the refusal came from: the stored capture against the page this machine draws for `spec`, and what a
 * fresh reader makes of the stored capture (test/helpers/mrz-refusal-report.ts).
 */
async function expectAccepted(cap: CaptureSummary, spec: SpecimenSpec): Promise<void> {
  const mrz = cap.precheck?.mrz;
  if (mrz?.status === 'accepted') return;
  const seen = { fields: mrz?.fields.map((f) => `${f.key}=${f.value}${f.valid ? '' : ` (${f.problem})`}`), checkDigits: mrz?.checkDigits };
  const stored = storedJpeg(cap.id);
  const drawn = (await normalizeImage((await generateSpecimen(spec)).jpeg, { maxBytes: kiosk.config.capture.maxImageBytes })).jpeg;
  const report = stored ? await mrzRefusalReport(stored, drawn) : 'the capture has no stored image';
  expect(mrz?.status, `MRZ read as ${JSON.stringify(seen)}\n${report}`).toBe('accepted');
}

// Each new document moves the specimen scanner to the next seed (front seen again = next person).
let seed = SEED - 1;
const nextPassport = (opts: { expired?: boolean } = {}) => {
  seed++;
  specimen.specimen = opts;
  return specimenSpecFor('passport', 'front', seed, opts);
};

describe('training mode judges with the kiosk MRZ reader (createKiosk + specimen scanner)', () => {
  it('a valid passport: precheck shows the names, submit passes, ZignSec sandbox ACCEPTS with the same names', async () => {
    const truth = nextPassport();
    const v = await kiosk.service.startVerification({ documentType: 'passport', provider: 'zignsec' });
    const cap = await kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    await expectAccepted(cap, truth);
    expect(cap.precheck?.mrz).toMatchObject({
      status: 'accepted',
      format: 'TD3',
      lastName: truth.surname,
      firstName: truth.givenNames,
      documentNumber: truth.documentNumber,
      dateOfBirth: truth.dateOfBirth,
      dateOfExpiry: truth.dateOfExpiry,
      expired: false,
      issuingState: truth.issuingState,
    });
    expect(cap.precheck?.gate).toEqual({ decision: 'pass', problem: null, message: null });
    // Stored with the capture: getVerification returns it too.
    const again = await kiosk.service.getVerification({ id: v.id });
    expect(again.captures[0]!.precheck?.mrz?.documentNumber).toBe(truth.documentNumber);

    await kiosk.service.submit({ verificationId: v.id });
    const done = await waitForFinal(v.id);
    expect(done.state).toBe('accepted');
    expect(done.outcome).toMatchObject({ decision: 'accepted', provider: 'zignsec' });
    expect(done.outcome!.identity).toMatchObject({ lastName: truth.surname, firstName: truth.givenNames, documentNumber: truth.documentNumber, expired: false });
  });

  it('an expired passport: the teller must give a reason (audited), and the ZignSec sandbox DECLINES naming Date_of_Expiry', async () => {
    const truth = nextPassport({ expired: true });
    const v = await kiosk.service.startVerification({ documentType: 'passport', provider: 'zignsec' });
    const cap = await kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    await expectAccepted(cap, truth);
    expect(cap.precheck?.mrz).toMatchObject({ status: 'accepted', expired: true, dateOfExpiry: truth.dateOfExpiry });
    expect(cap.precheck?.mrz?.fields.find((f) => f.key === 'dateOfExpiry')).toMatchObject({ valid: false, problem: 'the document has expired' });
    expect(cap.precheck?.gate).toMatchObject({ decision: 'needs_reason', problem: 'expired' });

    await expect(kiosk.service.submit({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict', userMessage: expect.stringMatching(/expired/) });
    expect((await kiosk.service.getVerification({ id: v.id })).state).toBe('capturing');

    await kiosk.service.submit({ verificationId: v.id, overrideReason: 'Customer renewing today; manager approved' });
    const audit = kioskAudit(v.id);
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'precheck_override', actor: 'teller', detail: expect.objectContaining({ problem: 'expired', reason: 'Customer renewing today; manager approved' }) }),
    );
    const done = await waitForFinal(v.id);
    expect(done.state).toBe('declined');
    expect(done.outcome!.reasons.map((r) => r.field)).toContain('Date_of_Expiry');
    expect(done.outcome!.identity).toMatchObject({ lastName: truth.surname, expired: true });
  });

  it('a valid passport through the ZOLOZ sandbox is accepted with the names read from the MRZ', async () => {
    const truth = nextPassport();
    const v = await kiosk.service.startVerification({ documentType: 'passport', provider: 'zoloz' });
    await kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    await kiosk.service.submit({ verificationId: v.id });
    const done = await waitForFinal(v.id);
    expect(done.state).toBe('accepted');
    expect(done.outcome!.provider).toBe('zoloz');
    expect(done.outcome!.identity).toMatchObject({ lastName: truth.surname, documentNumber: truth.documentNumber });
  });

  it('with onExpired=block the expired document cannot be submitted, reason or not', async () => {
    nextPassport({ expired: true });
    const v = await kiosk.service.startVerification({ documentType: 'passport', provider: 'zignsec' });
    const cap = await kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    expect(cap.precheck?.mrz?.expired).toBe(true);
    // The policy is read at each submit, so changing the live config applies at once.
    const previous = kiosk.config.precheck.onExpired;
    kiosk.config.precheck.onExpired = 'block';
    try {
      await expect(kiosk.service.submit({ verificationId: v.id, overrideReason: 'please' })).rejects.toMatchObject({
        code: 'conflict',
        userMessage: 'This document has expired, so it cannot be submitted. Ask the customer for a valid document.',
      });
      expect((await kiosk.service.getVerification({ id: v.id })).captures[0]!.precheck?.gate?.decision).toBe('blocked');
    } finally {
      kiosk.config.precheck.onExpired = previous;
    }
  });

  it('selfie and data page get a face-presence check', async () => {
    nextPassport();
    specimen.selfie = { style: 'shaded' };
    const v = await kiosk.service.startVerification({ documentType: 'passport', provider: 'zignsec' });
    const front = await kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    expect(front.precheck?.face).toMatchObject({ target: 'document_portrait', ok: true });
    const selfie = await kiosk.service.capture({ verificationId: v.id, side: 'selfie', deviceId: 'specimen:scanner' });
    expect(selfie.precheck?.face).toMatchObject({ target: 'selfie', ok: true, faces: 1, problem: null });
    specimen.selfie = { style: 'shaded', faces: 2, faceScale: 0.3 };
    const two = await kiosk.service.capture({ verificationId: v.id, side: 'selfie', deviceId: 'specimen:scanner' });
    expect(two.precheck?.face).toMatchObject({ ok: false, problem: 'several_faces' });
    // Stored: the retaken selfie's result is what the review screen gets back.
    const again = await kiosk.service.getVerification({ id: v.id });
    expect(again.captures.find((c) => c.side === 'selfie')?.precheck?.face?.problem).toBe('several_faces');
    delete specimen.selfie;
  });

  it('a driving licence back: the PDF417 is decoded and its AAMVA fields stored with the capture', async () => {
    specimen.specimen = {};
    specimen.licenceBarcode = {};
    const v = await kiosk.service.startVerification({ documentType: 'drivers_license', provider: 'zignsec' });
    await kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    const back = await kiosk.service.capture({ verificationId: v.id, side: 'back', deviceId: 'specimen:scanner' });
    seed++; // the selfie retake above moved the scanner on one seed; front and back of this licence share it
    const truth = specimenSpecFor('drivers_license', 'back', seed);
    expect(back.precheck?.barcode).toMatchObject({ found: true, format: 'PDF417' });
    expect(back.precheck?.barcode?.fields).toMatchObject({ lastName: truth.surname, documentNumber: truth.documentNumber, dateOfBirth: truth.dateOfBirth });
    // A licence without an MRZ is not held back by the MRZ policy.
    expect(back.precheck?.gate?.decision).toBe('pass');
    const again = await kiosk.service.getVerification({ id: v.id });
    expect(again.captures.find((c) => c.side === 'back')?.precheck?.barcode?.fields.documentNumber).toBe(truth.documentNumber);
    delete specimen.licenceBarcode;
  });

  it('an image with no MRZ (SANE test scanner) is unreadable and needs a reason', async () => {
    const sane = (await kiosk.service.listDevices({})).find((d) => d.kind === 'scanner' && !d.specimen);
    expect(sane).toBeDefined();
    const v = await kiosk.service.startVerification({ documentType: 'passport', provider: 'zignsec' });
    const cap = await kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: sane!.id });
    expect(cap.precheck?.mrz?.status).toBe('unreadable');
    expect(cap.precheck?.gate).toMatchObject({ decision: 'needs_reason', problem: 'unreadable' });
    // The SANE test picture is solid black: unusable, so no reason lets it through (shared/capture-gate.ts).
    await expect(kiosk.service.submit({ verificationId: v.id })).rejects.toMatchObject({ code: 'bad_image' });
    await expect(kiosk.service.submit({ verificationId: v.id, overrideReason: 'MRZ worn; checked by hand' })).rejects.toMatchObject({ code: 'bad_image' });
  });
});

/** The capture's image as the kiosk stored it (read from the same encrypted file). */
function storedJpeg(captureId: string): Buffer | null {
  const s = Store.open({ dataDir, key: loadOrCreateKeyFile(dataDir), backgroundCheckpoint: false });
  try {
    return s.db.prepare<[string], { jpeg: Buffer | null }>('SELECT jpeg FROM captures WHERE id = ?').get(captureId)?.jpeg ?? null;
  } finally {
    s.close();
  }
}

function kioskAudit(verificationId: string) {
  // The kiosk's own store is private; open the same encrypted file read-side to check the audit rows.
  const s = Store.open({ dataDir, key: loadOrCreateKeyFile(dataDir), backgroundCheckpoint: false });
  try {
    return s.audit.list({ verificationId });
  } finally {
    s.close();
  }
}
