// "The new side differs": the teller's capture call compares a front or back with the other side already
// captured. The front captured twice (a camera still of the same side) or a back from another document
// (machine-readable lines naming another document number) is refused with a sentence and the next step,
// stored with the capture, audited, and blocks submit. The document portrait weighs in (the front's from
// its face precheck, the back's from the same detector), and a finding is withdrawn when the other side
// is captured again. Real store, real MRZ reader, real still preparation
// (camera crops); the devices are a test camera and scanner handing over synthetic specimen images in order.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureGate, unusableSides } from '../../../shared/capture-gate';
import type { Device } from '../../../shared/domain';
import type { CaptureDevice, CapturedImage, DeviceSource } from '../../../main/capture/device';
import { DeviceRegistry } from '../../../main/capture/devices';
import { prepareStill } from '../../../main/capture/prepared-still';
import { generateSpecimen, randomSpecimenSpec, type RandomSpecimenOptions } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import { createMrzReader, type MrzReader } from '../../../main/precheck/mrz-ocr';
import { createPrecheckService } from '../../../main/precheck/service';
import { Store } from '../../../main/store/store';
import { createCaptureSide } from '../../../main/teller/capture';
import { createVerificationLookup } from '../../../main/teller/lookup';
import { createFaceChecker, type FaceCheckerHandle } from '../../../main/precheck/face';
import { createSideCheck } from '../../../main/teller/side-check';

/** A camera (or scanner) that hands over the images queued for it, one per capture. */
class QueuedDevice implements CaptureDevice, DeviceSource {
  readonly name: string;
  readonly info: Device;
  readonly queue: CapturedImage[] = [];
  constructor(kind: Device['kind']) {
    this.name = `queued-${kind}`;
    this.info = { id: `test:queued-${kind}`, kind, label: `Queued test ${kind}`, specimen: false };
  }
  async capture(): Promise<CapturedImage> {
    const next = this.queue.shift();
    if (!next) throw new Error('no image queued');
    return next;
  }
  async list(): Promise<CaptureDevice[]> {
    return [this];
  }
}

async function cameraFrame(seed: number, opts: RandomSpecimenOptions, rotationDeg: number): Promise<CapturedImage> {
  const doc = await generateSpecimen({ ...randomSpecimenSpec(seed, opts), dpi: 220 });
  const frame = await renderWebcamFrame(doc.jpeg, { seed, rotationDeg, blurSigma: 0.6, noise: 4 });
  return { jpeg: frame.jpeg, width: frame.width, height: frame.height };
}

let dir: string;
let store: Store;
let reader: MrzReader;
let face: FaceCheckerHandle;
const camera = new QueuedDevice('camera');
const scanner = new QueuedDevice('scanner');
let capture: ReturnType<typeof createCaptureSide>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-sides-'));
  store = Store.open({ dataDir: dir, key: randomBytes(32) });
  reader = await createMrzReader();
  face = createFaceChecker();
  await face.ready;
  const precheck = createPrecheckService({ db: store.db, audit: store.audit, reader, face, policy: () => ({ onExpired: 'block', onUnreadable: 'allow' }) });
  capture = createCaptureSide({
    store,
    devices: new DeviceRegistry([camera, scanner]),
    prepareStill,
    precheck,
    sideCheck: createSideCheck(store.db, store.audit, face),
    lookup: createVerificationLookup(store),
    published: () => {},
    dataDir: dir,
    minFreeBytes: 0,
  });
}, 120_000);
afterAll(async () => {
  await reader?.close();
  await face?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

const mismatches = (verificationId: string) => store.audit.list({ verificationId }).filter((r) => r.action === 'capture_side_mismatch');

describe('capture: the new side differs from the one already captured', () => {
  it('the front captured twice is refused as the back, until the card is turned over', async () => {
    const v = store.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
    camera.queue.push(await cameraFrame(71, { format: 'TD1', side: 'front' }, 3));
    const front = await capture({ verificationId: v.id, side: 'front', deviceId: camera.info.id });
    expect(front.quality).toMatchObject({ ok: true, framing: 'card' });

    // The teller did not turn the card over: the "back" is the front again, taken a moment later.
    camera.queue.push(await cameraFrame(71, { format: 'TD1', side: 'front' }, -5));
    const again = await capture({ verificationId: v.id, side: 'back', deviceId: camera.info.id });
    expect(again.quality).toMatchObject({ ok: false, instruction: 'same_side' });
    expect(captureGate(again)).toEqual({ level: 'unusable', reason: 'quality.same_side' });
    // Stored with the capture: review after a reload and main's submit see it too.
    const stored = store.getVerification(v.id)!;
    expect(stored.captures.find((c) => c.side === 'back')?.quality?.instruction).toBe('same_side');
    expect(unusableSides(['front', 'back'], stored.captures)).toEqual(['back']);
    expect(mismatches(v.id)).toHaveLength(1);
    // Both images show the portrait: the front's face precheck found it, the detector found it on the "back".
    expect(mismatches(v.id)[0]).toMatchObject({ actor: 'teller', detail: { side: 'back', captureId: again.id, otherCaptureId: front.id, finding: 'same_side', portraits: { front: true, back: true } } });

    // Turned over: the back differs, reads its MRZ, and passes.
    camera.queue.push(await cameraFrame(71, { format: 'TD1', side: 'back' }, 2));
    const back = await capture({ verificationId: v.id, side: 'back', deviceId: camera.info.id });
    expect(back.quality).toMatchObject({ ok: true, instruction: null });
    expect(back.precheck?.mrz?.status).toBe('accepted');
    expect(unusableSides(['front', 'back'], store.getVerification(v.id)!.captures)).toEqual([]);
    expect(mismatches(v.id)).toHaveLength(1);
  }, 180_000);

  it('a back whose MRZ names another document number than the front’s is refused as another document', async () => {
    const v = store.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
    // A card with its MRZ on the front (TD2 layout) on the scanner, then the back of somebody else's TD1 card.
    scanner.queue.push(await generateSpecimen(randomSpecimenSpec(72, { format: 'TD2', side: 'front' })));
    const front = await capture({ verificationId: v.id, side: 'front', deviceId: scanner.info.id });
    expect(front.precheck?.mrz?.status).toBe('accepted');
    scanner.queue.push(await generateSpecimen(randomSpecimenSpec(73, { format: 'TD1', side: 'back' })));
    const back = await capture({ verificationId: v.id, side: 'back', deviceId: scanner.info.id });
    expect(back.precheck?.mrz?.status).toBe('accepted');
    expect(back.precheck?.mrz?.documentNumber).not.toBe(front.precheck?.mrz?.documentNumber);
    expect(back.quality).toMatchObject({ ok: false, instruction: 'other_document' });
    expect(captureGate(back).level).toBe('unusable');
    expect(mismatches(v.id).map((r) => (r.detail as { finding: string }).finding)).toEqual(['other_document']);
  }, 180_000);

  it('the back captured first into the front: the back captured again is refused, until the front is captured again (the finding withdrawn)', async () => {
    const v = store.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
    // The card lay the wrong way up: the "front" is its back (no portrait: poor, not unusable) …
    scanner.queue.push(await generateSpecimen(randomSpecimenSpec(74, { format: 'TD1', side: 'back' })));
    const wrongFront = await capture({ verificationId: v.id, side: 'front', deviceId: scanner.info.id });
    expect(wrongFront.precheck?.face).toMatchObject({ target: 'document_portrait', faces: 0 });
    expect(captureGate(wrongFront).level).toBe('poor');
    // … and the back is the back again: the same side, refused.
    scanner.queue.push(await generateSpecimen(randomSpecimenSpec(74, { format: 'TD1', side: 'back' })));
    const back = await capture({ verificationId: v.id, side: 'back', deviceId: scanner.info.id });
    expect(back.quality).toMatchObject({ ok: false, instruction: 'same_side' });
    expect(mismatches(v.id)[0]).toMatchObject({ detail: { finding: 'same_side', portraits: { front: false, back: false } } });
    expect(unusableSides(['front', 'back'], store.getVerification(v.id)!.captures)).toEqual(['back']);

    // The teller scans the real front: the back is no longer "the same side again" — its own verdict is back.
    scanner.queue.push(await generateSpecimen(randomSpecimenSpec(74, { format: 'TD1', side: 'front' })));
    const front = await capture({ verificationId: v.id, side: 'front', deviceId: scanner.info.id });
    expect(front.quality).toMatchObject({ ok: true, instruction: null });
    const stored = store.getVerification(v.id)!;
    const storedBack = stored.captures.find((c) => c.id === back.id)!;
    expect(storedBack.quality).toMatchObject({ ok: true, instruction: null });
    expect(storedBack.quality).not.toHaveProperty('beforeSideCheck');
    expect(captureGate(storedBack).level).toBe('good');
    expect(unusableSides(['front', 'back'], stored.captures)).toEqual([]);
    const withdrawn = store.audit.list({ verificationId: v.id }).filter((r) => r.action === 'capture_side_mismatch_withdrawn');
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0]).toMatchObject({ actor: 'teller', detail: { captureId: back.id, finding: 'same_side', replacedBy: front.id } });
    expect(mismatches(v.id)).toHaveLength(1);
  }, 180_000);
});
