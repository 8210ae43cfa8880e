// Live preview through the real kiosk core: the specimen camera's frames are rendered and analysed in
// the real worker thread, guidance follows the teller's (scripted) moves, and auto-capture stores the
// full-resolution still through the same path as the capture button. Also a real fswebcam (-d TEST)
// preview, and the preview pausing for a manual still.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/contract';
import { startHarness, type Harness } from '../../helpers/kiosk-harness';
import { SPECIMEN_CAMERA_ID, SPECIMEN_SCANNER_ID } from '../../../main/capture/specimen/device';
import { DeviceRegistry } from '../../../main/capture/devices';
import { CAMERA_MESSAGES, FswebcamSource } from '../../../main/capture/camera';
import { PreviewService } from '../../../main/capture/preview';
import { AnalysisClient } from '../../../main/capture/analysis-client';
import { KioskEvents } from '../../../main/events';
import { AnalysisClient as Client, PREVIEW_UNAVAILABLE } from '../../../main/capture/analysis-client';
import { captureEvents } from '../../../shared/contract-capture';
import { englishText, kioskMessage } from '../../../shared/kiosk-message';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import { assessQuality } from '../../../main/capture/quality-verdict';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

function collect(events: KioskEvents) {
  const frames: EventPayload<'previewFrame'>[] = [];
  const states: EventPayload<'previewState'>[] = [];
  const offs = [events.on('previewFrame', (f) => frames.push(f)), events.on('previewState', (s) => states.push(s))];
  const until = (pred: () => boolean, ms = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const t0 = Date.now();
      const tick = () => (pred() ? resolve() : Date.now() - t0 > ms ? reject(new Error('condition not met in time')) : setTimeout(tick, 25));
      tick();
    });
  return { frames, states, until, off: () => offs.forEach((o) => o()) };
}

describe('live preview (real core, real worker thread)', () => {
  it('guides through the specimen camera script and auto-captures the full-resolution still', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'id_card' });
    const c = collect(h.kiosk.events);
    const info = await h.kiosk.service.startPreview({ verificationId: v.id, side: 'front', deviceId: SPECIMEN_CAMERA_ID });
    expect(info.previewId).toMatch(/^pv-/);
    await c.until(() => c.states.some((s) => s.state === 'captured' || s.state === 'failed'));
    c.off();

    const instructions = c.frames.map((f) => f.quality.instruction);
    // The scripted teller: empty desk, half out of view, moving, glare, then still.
    const order = ['no_document', 'cropped', 'blurry', 'glare'].map((i) => instructions.indexOf(i));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Auto-capture fired after exactly `needed` passing frames in a row, which are the last frames sent.
    const last = c.frames.slice(-info.autoCaptureFrames);
    expect(last.every((f) => f.quality.ok)).toBe(true);
    expect(last.map((f) => f.passing)).toEqual(Array.from({ length: info.autoCaptureFrames }, (_, i) => i + 1));
    expect(c.frames.every((f) => f.previewId === info.previewId && f.width <= 640)).toBe(true);
    expect(c.frames.map((f) => f.seq)).toEqual(c.frames.map((_, i) => i + 1));
    // What main sends is what the contract (and so the renderer's bridge) accepts.
    for (const f of c.frames) expect(captureEvents.previewFrame.safeParse(f).success).toBe(true);
    for (const st of c.states) expect(captureEvents.previewState.safeParse(st).success).toBe(true);
    // Frames are real JPEGs at most 640 px wide; the card's corners are reported once it is in view.
    const meta = await sharp(Buffer.from(last[0]!.jpeg.split(',')[1]!, 'base64')).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(640);
    expect(last[0]!.corners).toHaveLength(4);

    const states = c.states.map((s) => s.state);
    expect(states).toEqual(['capturing', 'captured']);
    const captured = c.states[1]!.capture!;
    expect(captured.side).toBe('front');
    expect(captured.deviceId).toBe(SPECIMEN_CAMERA_ID);
    // The full-resolution still (1920 × 1080), kept as the card cut out of it and straightened (ID-1).
    expect(captured.quality?.framing).toBe('card');
    expect(Math.abs(captured.width / captured.height / (85.6 / 54) - 1)).toBeLessThan(0.01);
    expect(captured.width).toBeGreaterThan(900);
    // Stored like a click: the verification holds the still.
    const stored = await h.kiosk.service.getVerification({ id: v.id });
    expect(stored.captures.map((x) => [x.side, x.deviceId, x.id])).toEqual([['front', SPECIMEN_CAMERA_ID, captured.id]]);
  });

  it('stops on request, refuses scanners, and a manual still works while previewing', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    await expect(h.kiosk.service.startPreview({ verificationId: v.id, side: 'front', deviceId: SPECIMEN_SCANNER_ID })).rejects.toMatchObject({
      code: 'device_error',
      userMessage: expect.stringMatching(/no live picture/),
    });
    const c = collect(h.kiosk.events);
    const info = await h.kiosk.service.startPreview({ verificationId: v.id, side: 'front', deviceId: SPECIMEN_CAMERA_ID, autoCapture: false });
    await c.until(() => c.frames.length >= 2);
    const manual = await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: SPECIMEN_CAMERA_ID });
    expect(manual.quality?.framing).toBe('card');
    expect(manual.width).toBeGreaterThan(900);
    const framesAfterStill = c.frames.length;
    await c.until(() => c.frames.length >= framesAfterStill + 2); // the preview resumed after the still
    expect(await h.kiosk.service.stopPreview({ previewId: info.previewId })).toEqual({ stopped: true });
    expect(c.states.at(-1)).toMatchObject({ state: 'stopped', reason: 'requested' });
    expect(await h.kiosk.service.stopPreview({})).toEqual({ stopped: false });
    c.off();
  });
});

describe('selfie preview', () => {
  it('checks light and focus but not the card (the customer faces the camera)', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    const c = collect(h.kiosk.events);
    await h.kiosk.service.startPreview({ verificationId: v.id, side: 'selfie', deviceId: SPECIMEN_CAMERA_ID, autoCapture: false });
    await c.until(() => c.frames.length >= 3);
    expect(await h.kiosk.service.stopPreview({})).toEqual({ stopped: true });
    c.off();
    for (const f of c.frames) {
      expect(f.side).toBe('selfie');
      expect(f.corners).toBeNull();
      expect(['no_document', 'cropped', 'too_small', 'glare']).not.toContain(f.quality.instruction);
    }
  });
});

describe('fswebcam preview (real fswebcam -d TEST)', () => {
  it('streams analysed 640 px frames from a real fswebcam process', async () => {
    const devices = new DeviceRegistry([new FswebcamSource({ devDir: '/nonexistent', extraCameras: [{ id: 'camera:test', label: 'Test pattern', source: 'TEST' }] })]);
    const events = new KioskEvents();
    const service = new PreviewService({
      devices,
      events,
      analysis: new AnalysisClient(),
      capture: async () => {
        throw new Error('not used');
      },
    });
    const c = collect(events);
    await service.start({ verificationId: '00000000-0000-4000-8000-000000000000', side: 'front', deviceId: 'camera:test', documentType: 'id_card', autoCapture: false });
    await c.until(() => c.frames.length >= 3);
    await service.close();
    c.off();
    for (const f of c.frames.slice(0, 3)) {
      const meta = await sharp(Buffer.from(f.jpeg.split(',')[1]!, 'base64')).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 640, 480]);
      expect(f.quality.instruction).not.toBeUndefined();
    }
    expect(c.states.at(-1)).toMatchObject({ state: 'stopped', reason: 'closed' });
  });

  it('a camera that is gone ends the preview with the unplugged sentence', async () => {
    const devices = new DeviceRegistry([new FswebcamSource({ devDir: '/nonexistent', extraCameras: [{ id: 'camera:gone', label: 'Gone', source: '/dev/video99' }] })]);
    const events = new KioskEvents();
    const service = new PreviewService({ devices, events, analysis: new AnalysisClient(), capture: async () => Promise.reject(new Error('not used')) });
    const c = collect(events);
    await service.start({ verificationId: '00000000-0000-4000-8000-000000000000', side: 'front', deviceId: 'camera:gone', documentType: 'id_card' });
    await c.until(() => c.states.length > 0);
    await service.close();
    c.off();
    expect(c.frames).toEqual([]);
    expect(c.states[0]).toMatchObject({ state: 'failed', error: { code: 'device_error', message: englishText(CAMERA_MESSAGES.unplugged), sentence: CAMERA_MESSAGES.unplugged } });
  });
});

describe('analysis worker client', () => {
  it('a worker that dies mid-frame fails that frame with a teller sentence; no worker at all is a clear refusal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-worker-'));
    try {
      const dying = join(dir, 'dying-worker.mjs');
      writeFileSync(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
      const client = new Client({ workerPath: dying });
      const input = { kind: 'jpeg' as const, jpeg: new Uint8Array([0xff, 0xd8]) };
      await expect(client.analyse(input, true)).rejects.toMatchObject({ code: 'device_error', userMessage: expect.stringMatching(/stopped/) });
      // The next frame gets a fresh worker (which dies again here, and says so again).
      await expect(client.analyse(input, true)).rejects.toMatchObject({ code: 'device_error' });
      await client.close();
      await expect(new Client({ workerPath: null }).analyse(input, true)).rejects.toMatchObject({ sentence: PREVIEW_UNAVAILABLE });
      // A corrupt frame through the real worker: rejected with a sentence, the worker survives for the next one.
      const real = new Client();
      await expect(real.analyse(input, true)).rejects.toMatchObject({ code: 'device_error', userMessage: expect.stringMatching(/could not be read/) });
      const good = await sharp({ create: { width: 800, height: 450, channels: 3, background: '#a08060' } }).jpeg().toBuffer();
      const a = await real.analyse({ kind: 'jpeg', jpeg: good }, true);
      expect([a.width, a.height, a.verdict.instruction]).toEqual([640, 360, 'no_document']);
      await real.close();
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
  });

  it("a worker's start-up does not count against its first frame's time; a worker that never starts is a clear refusal", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-worker-'));
    const logged: string[] = [];
    try {
      // Loads for 2.5 s (a busy branch PC compiling the worker's modules), then answers every request at once.
      const slow = join(dir, 'slow-start-worker.mjs');
      writeFileSync(
        slow,
        "import { parentPort } from 'node:worker_threads';\n" +
          'await new Promise((r) => setTimeout(r, 2500));\n' +
          "parentPort.on('message', (m) => { if (m.kind === 'warm') parentPort.postMessage({ id: m.id, ok: true, result: { linesFinder: false } }); });\n" +
          'parentPort.postMessage({ ready: true });\n',
      );
      const client = new Client({ workerPath: slow, timeoutMs: 1500 });
      await expect(client.warmUp()).resolves.toEqual({ linesFinder: false });
      // Once it is ready, a request that gets no answer still times out and gets a fresh worker.
      await expect(client.analyse({ kind: 'jpeg', jpeg: new Uint8Array([0xff, 0xd8]) }, true)).rejects.toMatchObject({ code: 'device_error', sentence: kioskMessage('preview_stopped') });
      await expect(client.warmUp()).resolves.toEqual({ linesFinder: false });
      await client.close();

      const silent = join(dir, 'silent-worker.mjs');
      writeFileSync(silent, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => {});\n");
      const stuck = new Client({ workerPath: silent, timeoutMs: 100, startupTimeoutMs: 1000, log: (_level, message) => logged.push(message) });
      await expect(stuck.warmUp()).rejects.toMatchObject({ code: 'device_error', sentence: PREVIEW_UNAVAILABLE });
      expect(logged).toEqual(['analysis worker not ready after 1000 ms']);
      await stuck.close();
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
  });

  it('stills get their quality verdict in the worker, the same verdict as computed in place, including the card search', async () => {
    const client = new Client();
    try {
      // A webcam-like camera still (card on a desk) and a scan, each judged both ways.
      const camera = await generateSpecimen(randomSpecimenSpec(61, { format: 'TD1' }));
      const frame = (await renderWebcamFrame(camera.jpeg, { seed: 61, rotationDeg: 4, blurSigma: 0.4 })).jpeg;
      const empty = await sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#a08060' } }).jpeg().toBuffer();
      for (const [jpeg, opts] of [
        [frame, { kind: 'camera' as const }],
        [empty, { kind: 'camera' as const }],
        [camera.jpeg, { kind: 'scanner' as const }],
      ] as const) {
        expect(await client.assessStill(jpeg, opts)).toEqual(await assessQuality({ jpeg }, opts));
      }
      expect((await client.assessStill(empty, { kind: 'camera' })).instruction).toBe('no_document');
      // A corrupt still is refused with a sentence, and the worker goes on serving.
      await expect(client.assessStill(Buffer.from([0xff, 0xd8, 0xff, 0x00]), { kind: 'camera' })).rejects.toMatchObject({ code: 'device_error' });
      expect((await client.assessStill(empty, { kind: 'camera' })).instruction).toBe('no_document');
    } finally {
      await client.close();
    }
  });
});
