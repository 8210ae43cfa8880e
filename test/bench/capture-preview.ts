// Live-preview benchmark (figures printed, nothing asserted):
//  1. preview frames/s delivered to a client through the real web host (server-sent events), specimen camera,
//     and the main event loop's delay while previewing vs idle (perf_hooks.monitorEventLoopDelay): frames are
//     rendered and analysed in the worker thread, so the main loop should stay near its idle figures;
//  2. the preview loop's ceiling (fps target 30) per device kind: specimen camera, real fswebcam -d TEST;
//  3. the cost of one frame's analysis in-process (what the worker saves the main loop).
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import { startHarness } from '../helpers/kiosk-harness';
import { AnalysisClient } from '../../main/capture/analysis-client';
import { FswebcamSource } from '../../main/capture/camera';
import { DeviceRegistry } from '../../main/capture/devices';
import { analyseFrame } from '../../main/capture/frame-analysis';
import { PreviewService } from '../../main/capture/preview';
import { SPECIMEN_CAMERA_ID, SpecimenSource, specimenSpecFor } from '../../main/capture/specimen/device';
import { generateSpecimen } from '../../main/capture/specimen/generate';
import { KioskEvents } from '../../main/events';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ms = (ns: number) => (ns / 1e6).toFixed(1);

/**
 * Event-loop delay percentiles and utilisation (the share of wall time the main loop was busy running
 * JS/callbacks). On a loaded machine the delay also counts time the OS did not schedule the thread, so
 * the utilisation is the figure that shows what the preview itself costs the main loop.
 */
async function loopDelay(during: () => Promise<void>): Promise<string> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const elu0 = perf.eventLoopUtilization();
  await during();
  const elu = perf.eventLoopUtilization(elu0);
  h.disable();
  return `delay p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms; busy ${(elu.utilization * 100).toFixed(1)} %`;
}

async function throughWebHost(): Promise<void> {
  const h = await startHarness({ web: true });
  try {
    const web = h.web!;
    const call = async (name: string, body: unknown) => {
      const r = await fetch(`${web.url}api/kiosk/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kiosk-token': web.token },
        body: JSON.stringify(body),
      });
      const j = (await r.json()) as { ok: boolean; value?: { id?: string; previewId?: string }; error?: unknown };
      if (!j.ok) throw new Error(`${name}: ${JSON.stringify(j.error)}`);
      return j.value!;
    };
    // The SSE client: counts previewFrame events and their bytes as they arrive.
    const abort = new AbortController();
    const res = await fetch(`${web.url}api/kiosk/events?token=${web.token}`, { signal: abort.signal });
    let frames = 0;
    let bytes = 0;
    let first = 0;
    let last = 0;
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buf = '';
      try {
        for await (const chunk of res.body!) {
          buf += decoder.decode(chunk as Uint8Array, { stream: true });
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const message = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (message.startsWith('event: previewFrame')) {
              frames++;
              bytes += message.length;
              last = performance.now();
              if (!first) first = last;
            }
          }
        }
      } catch {
        /* aborted */
      }
    })();

    const idle = await loopDelay(() => new Promise((r) => setTimeout(r, 3000)));
    const v = await call('startVerification', { documentType: 'id_card' });
    const preview = await call('startPreview', { verificationId: v.id, side: 'front', deviceId: SPECIMEN_CAMERA_ID, autoCapture: false });
    const during = await loopDelay(() => new Promise((r) => setTimeout(r, SECONDS * 1000)));
    await call('stopPreview', { previewId: preview.previewId });
    abort.abort();
    await reading;
    const fps = (frames - 1) / ((last - first) / 1000);
    console.log(`web host SSE, specimen camera (target 8 frames/s): ${frames} frames, ${fps.toFixed(1)} frames/s delivered, ${(bytes / frames / 1024).toFixed(0)} KB per frame event`);
    console.log(`main event-loop delay idle:       ${idle}`);
    console.log(`main event-loop delay previewing: ${during}`);
  } finally {
    await h.close();
  }
}

async function ceiling(label: string, devices: DeviceRegistry, deviceId: string): Promise<void> {
  const events = new KioskEvents();
  const service = new PreviewService({
    devices,
    events,
    analysis: new AnalysisClient(),
    fps: 30,
    capture: async () => {
      throw new Error('not used');
    },
  });
  const stamps: number[] = [];
  events.on('previewFrame', () => stamps.push(performance.now()));
  await service.start({ verificationId: '00000000-0000-4000-8000-000000000000', side: 'front', deviceId, documentType: 'id_card', autoCapture: false });
  const delay = await loopDelay(() => new Promise((r) => setTimeout(r, SECONDS * 1000)));
  await service.close();
  const s = stamps.slice(3); // skip warm-up
  const fps = (s.length - 1) / ((s.at(-1)! - s[0]!) / 1000);
  console.log(`${label.padEnd(34)} ${fps.toFixed(1)} frames/s (fps target 30); main loop ${delay}`);
}

async function inProcessCost(): Promise<void> {
  const doc = await generateSpecimen(specimenSpecFor('id_card', 'front', 3, { dpi: 110 }));
  const input = { kind: 'specimen' as const, document: doc.jpeg, variant: { seed: 1, noise: 4, blurSigma: 0.4, rotationDeg: 2 } };
  for (let i = 0; i < 5; i++) await analyseFrame(input, { checkCard: true });
  const n = 30;
  const t = performance.now();
  for (let i = 0; i < n; i++) await analyseFrame(input, { checkCard: true });
  console.log(`one preview frame (render 640 × 360 + analysis) in-process: ${((performance.now() - t) / n).toFixed(1)} ms — this is what stays off the main loop`);
}

const os = await import('node:os');
console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${os.cpus().length} cores`);
await throughWebHost();
await ceiling('specimen camera (worker render)', new DeviceRegistry([new SpecimenSource()]), SPECIMEN_CAMERA_ID);
await ceiling('fswebcam -d TEST (process per frame)', new DeviceRegistry([new FswebcamSource({ devDir: '/nonexistent', extraCameras: [{ id: 'camera:test', label: 'Test', source: 'TEST' }] })]), 'camera:test');
await inProcessCost();
