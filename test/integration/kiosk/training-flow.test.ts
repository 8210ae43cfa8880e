// The foundation path with every real part: specimen scanner and SANE test scanner → encrypted
// outbox → sync worker → ZignSec sandbox over loopback HTTP → normalized outcome in the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verification } from '../../../shared/domain';
import { startHarness, type Harness } from '../../helpers/kiosk-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

async function waitForFinal(id: string, timeoutMs = 60_000): Promise<Verification> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await h.kiosk.service.getVerification({ id });
    if (['accepted', 'declined', 'failed', 'needs_attention', 'cancelled'].includes(v.state)) return v;
    if (Date.now() > deadline) throw new Error(`verification stuck in ${v.state}: ${JSON.stringify(v.sync)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('training mode end to end', () => {
  it('lists the specimen scanner and the SANE test scanners', async () => {
    const devices = await h.kiosk.service.listDevices({});
    expect(devices.find((d) => d.id === 'specimen:scanner')?.specimen).toBe(true);
    expect(devices.some((d) => d.kind === 'scanner' && !d.specimen && d.id.includes('test'))).toBe(true);
  });

  it('scans a specimen passport, queues it, syncs it to the sandbox and stores the outcome', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    expect(v.state).toBe('capturing');
    expect(v.provider).toBe('zignsec');
    const cap = await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    expect(cap.preview).toMatch(/^data:image\/jpeg;base64,/);
    expect(cap.width).toBeGreaterThan(600);
    const submitted = await h.kiosk.service.submit({ verificationId: v.id });
    expect(submitted.state).toBe('queued');
    const done = await waitForFinal(v.id);
    expect(done.state).toMatch(/accepted|declined/);
    expect(done.outcome?.provider).toBe('zignsec');
    expect(done.outcome?.decision).toBe(done.state);
    const stats = h.kiosk.sandboxes!.zignsec.stats();
    expect(Object.entries(stats).filter(([k, n]) => k.startsWith('repeat.') && n > 0)).toEqual([]);
  });

  it('scans an ID card front and back with the SANE test scanner; its black frames are refused until scanned again', async () => {
    const devices = await h.kiosk.service.listDevices({});
    const sane = devices.find((d) => d.kind === 'scanner' && !d.specimen)!;
    const v = await h.kiosk.service.startVerification({ documentType: 'id_card' });
    await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: sane.id });
    await expect(h.kiosk.service.submit({ verificationId: v.id })).rejects.toMatchObject({ code: 'bad_image' });
    await h.kiosk.service.capture({ verificationId: v.id, side: 'back', deviceId: sane.id });
    // The SANE test backend's default picture is solid black: nothing a provider could read.
    await expect(h.kiosk.service.submit({ verificationId: v.id })).rejects.toMatchObject({ code: 'bad_image' });
    for (const side of ['front', 'back'] as const) await h.kiosk.service.capture({ verificationId: v.id, side, deviceId: 'specimen:scanner' });
    await h.kiosk.service.submit({ verificationId: v.id });
    const done = await waitForFinal(v.id);
    expect(['accepted', 'declined', 'failed']).toContain(done.state);
    expect(done.captures.map((c) => c.side).sort()).toEqual(['back', 'front']);
  });

  it('refuses a capture from a device that is not in the enumerated list', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    await expect(h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'test:99' })).rejects.toMatchObject({ code: 'device_error' });
  });
});
