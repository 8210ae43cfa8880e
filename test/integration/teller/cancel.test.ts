// Teller cancel: a verification abandoned while still being captured leaves `capturing`
// for `cancelled` in one transaction with its audit row; submitted work can never be withdrawn this way.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../../main/store/store';
import { startHarness, type Harness } from '../../helpers/kiosk-harness';

describe('Store.cancelCapturingVerification (real encrypted file)', () => {
  let dir: string;
  let store: Store;
  afterEach(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });
  const open = () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-cancel-'));
    store = Store.open({ dataDir: dir, key: randomBytes(32) });
    return store;
  };

  it('moves capturing → cancelled, final, with one audit row naming the teller', () => {
    const s = open();
    const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    const cancelled = s.cancelCapturingVerification(v.id, 'teller');
    expect(cancelled.state).toBe('cancelled');
    expect(s.getVerification(v.id)?.state).toBe('cancelled');
    const rows = s.audit.list({ verificationId: v.id }).filter((r) => r.action === 'state_changed');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'teller', detail: { from: 'capturing', to: 'cancelled' } });
    expect(s.audit.verifyAudit().ok).toBe(true);
    // Not counted as waiting, never picked up by the sync worker.
    expect(s.queueCounts().waiting).toBe(0);
    expect(s.dueForSync(Date.now(), 10, new Set())).toEqual([]);
  });

  it('refuses to cancel a submitted verification, a cancelled one, or one that does not exist, and changes nothing', () => {
    const s = open();
    const v = s.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
    s.putCapture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner', jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]), preview: null, width: 1, height: 1, quality: null });
    s.submitVerification(v.id, ['front']);
    const before = s.audit.list({ verificationId: v.id }).length;
    expect(() => s.cancelCapturingVerification(v.id)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(s.getVerification(v.id)?.state).toBe('queued');
    expect(s.audit.list({ verificationId: v.id })).toHaveLength(before);

    const w = s.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
    s.cancelCapturingVerification(w.id);
    expect(() => s.cancelCapturingVerification(w.id)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => s.cancelCapturingVerification('00000000-0000-4000-8000-000000000000')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

describe('KioskService: cancelVerification and requiredSides', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ overrides: { providers: { zignsec: { analysisTypes: ['document', 'selfie'] } } } });
  });
  afterAll(async () => h?.close());

  it('tells the renderer to take a selfie when the provider configuration asks for one', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'id_card' });
    expect(v.requiredSides).toEqual(['front', 'back', 'selfie']);
    expect((await h.kiosk.service.getVerification({ id: v.id })).requiredSides).toEqual(['front', 'back', 'selfie']);
  });

  it('cancels a verification being captured, emits the change, and then refuses captures for it', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    const seen: string[] = [];
    const off = h.kiosk.events.on('verificationUpdated', (x) => {
      if (x.id === v.id) seen.push(x.state);
    });
    const cancelled = await h.kiosk.service.cancelVerification({ verificationId: v.id });
    off();
    expect(cancelled.state).toBe('cancelled');
    expect(seen).toEqual(['cancelled']);
    expect((await h.kiosk.service.listVerifications({ limit: 5, state: 'cancelled' })).items.map((x) => x.id)).toContain(v.id);
    await expect(h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(h.kiosk.service.submit({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict' });
  });
});
