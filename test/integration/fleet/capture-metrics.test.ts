// The capture histogram counts every stored side, whatever took it: the live preview's auto-capture
// (trigger="auto") as well as the teller's capture button (trigger="manual"). The whole kiosk in
// training mode, scraped over real HTTP on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../shared/contract';
import { SPECIMEN_CAMERA_ID, SPECIMEN_SCANNER_ID } from '../../../main/capture/specimen/device';
import { startHarness } from '../../helpers/kiosk-harness';
import { freePort, waitFor } from './servers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const count = (body: string, side: string, trigger: string): number | null => {
  const m = new RegExp(`^kiosk_capture_duration_seconds_count\\{kiosk_id="sto-cap",side="${side}",trigger="${trigger}"\\} (\\d+)$`, 'm').exec(body);
  return m ? Number(m[1]) : null;
};

describe('capture metrics', () => {
  it('count auto-captures with trigger="auto" and button captures with trigger="manual", each once', async () => {
    const port = await freePort();
    const token = 'capture-metrics-token-0123456789';
    const h = await startHarness({ overrides: { kioskId: 'sto-cap', metrics: { listen: `127.0.0.1:${port}`, token } } });
    cleanups.push(() => h.close());
    const scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();

    const v = await h.kiosk.service.startVerification({ documentType: 'id_card' });
    const states: EventPayload<'previewState'>[] = [];
    cleanups.push(h.kiosk.events.on('previewState', (s) => states.push(s)));

    // A preview the teller stops stores nothing and counts nothing.
    const stopped = await h.kiosk.service.startPreview({ verificationId: v.id, side: 'front', deviceId: SPECIMEN_CAMERA_ID, autoCapture: false });
    await h.kiosk.service.stopPreview({ previewId: stopped.previewId });

    // The specimen camera's scripted teller settles the card: the preview auto-captures the front.
    await h.kiosk.service.startPreview({ verificationId: v.id, side: 'front', deviceId: SPECIMEN_CAMERA_ID });
    await waitFor('the auto-capture', () => states.some((s) => s.state === 'captured' || s.state === 'failed'), 90_000, 25);
    expect(states.find((s) => s.state === 'captured' || s.state === 'failed')).toMatchObject({ state: 'captured', side: 'front' });

    // The back with the capture button.
    await h.kiosk.service.capture({ verificationId: v.id, side: 'back', deviceId: SPECIMEN_SCANNER_ID });

    const body = await scrape();
    expect(count(body, 'front', 'auto')).toBe(1);
    expect(count(body, 'back', 'manual')).toBe(1);
    expect(count(body, 'front', 'manual')).toBeNull();
    expect(count(body, 'back', 'auto')).toBeNull();
    // The auto-capture's duration is a real observation: above zero, inside the largest bucket.
    const sum = Number(/^kiosk_capture_duration_seconds_sum\{kiosk_id="sto-cap",side="front",trigger="auto"\} ([\d.e-]+)$/m.exec(body)?.[1]);
    expect(sum).toBeGreaterThan(0);
    expect(body).toMatch(/^kiosk_capture_duration_seconds_bucket\{le="\+Inf",kiosk_id="sto-cap",side="front",trigger="auto"\} 1$/m);
    // Stored: the verification holds both sides.
    const stored = await h.kiosk.service.getVerification({ id: v.id });
    expect(stored.captures.map((c) => c.side).sort()).toEqual(['back', 'front']);
  }, 150_000);
});
