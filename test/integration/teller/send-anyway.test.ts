// A poor side (blur, glare, small, no portrait) goes to the provider only with the teller's explicit
// "send anyway" for that side: main refuses the submit otherwise, validates the request over the web
// host like every payload, and audits each side sent anyway in the submit's transaction. Real kiosk core
// (encrypted store, specimen scanner, training emulators) behind the real loopback web host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureGate } from '../../../shared/capture-gate';
import type { Verification } from '../../../shared/domain';
import { Store } from '../../../main/store/store';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { callKiosk, startHarness, type Harness } from '../../helpers/kiosk-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ web: true, overrides: { capture: { sane: false } } });
}, 120_000);
afterAll(async () => h?.close());

async function api(name: string, request: unknown): Promise<{ status: number; json: { ok: boolean; value?: unknown; error?: { code: string; message: string; sentence?: unknown } } }> {
  const { status, json } = await callKiosk(h, name, request);
  return { status, json: json as never };
}

function auditOf(verificationId: string) {
  const s = Store.open({ dataDir: h.dataDir, key: loadOrCreateKeyFile(h.dataDir), backgroundCheckpoint: false });
  try {
    return s.audit.list({ verificationId });
  } finally {
    s.close();
  }
}

describe('submit: a poor side needs the teller’s send-anyway, enforced and audited by main', () => {
  it('refuses a licence whose back is poor (glare on the barcode side) until the back is sent anyway', async () => {
    const v = (await api('startVerification', { documentType: 'drivers_license' })).json.value as Verification;
    await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    const back = await h.kiosk.service.capture({ verificationId: v.id, side: 'back', deviceId: 'specimen:scanner' });
    // The specimen licence back: white barcode field under the scanner lamp, judged glare → poor.
    expect(captureGate(back)).toEqual({ level: 'poor', reason: 'quality.glare' });

    const plain = await api('submit', { verificationId: v.id });
    expect(plain.status).not.toBe(200);
    expect(plain.json.error).toMatchObject({ code: 'bad_image' });
    expect(plain.json.error!.message).toMatch(/These images are poor: the back of the document\./);
    expect(plain.json.error!.sentence).toEqual({ key: 'sides_poor', params: { sides: 'back' } });
    // Send-anyway for the other side is not send-anyway for this one.
    expect((await api('submit', { verificationId: v.id, sendAnyway: ['front'] })).json.error).toMatchObject({ code: 'bad_image' });
    // Not a side: the payload is refused before any work.
    const invalid = await api('submit', { verificationId: v.id, sendAnyway: ['spine'] });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toMatchObject({ code: 'bad_request' });
    expect((await h.kiosk.service.getVerification({ id: v.id })).state).toBe('capturing');
    expect(auditOf(v.id).filter((r) => r.action === 'poor_image_sent_anyway')).toEqual([]);

    const sent = await api('submit', { verificationId: v.id, sendAnyway: ['back'] });
    expect(sent.status).toBe(200);
    expect((sent.json.value as Verification).state).toBe('queued');
    const rows = auditOf(v.id).filter((r) => r.action === 'poor_image_sent_anyway');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'teller', detail: { side: 'back', captureId: back.id, finding: 'quality.glare', instruction: 'glare' } });
  }, 120_000);

  it('a verification with only good sides needs no send-anyway and audits none', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    const front = await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    expect(captureGate(front).level).toBe('good');
    expect((await h.kiosk.service.submit({ verificationId: v.id })).state).toBe('queued');
    expect(auditOf(v.id).filter((r) => r.action === 'poor_image_sent_anyway')).toEqual([]);
  }, 120_000);
});
