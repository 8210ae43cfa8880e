// Least data per call: with the web token alone a caller gets a customer's identity and images only
// for verifications the teller is working on (capturing, or changed within the configured minutes).
// Walks EVERY non-supervisor call of the contract over real HTTP, and the event stream, and fails on
// any of the customer's details outside that rule. The details to look for are read back through a
// supervisor session, which sees everything.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, type CallName } from '../../../shared/contract';
import { CALL_DISCLOSURE } from '../../../shared/contract-disclosure';
import type { Verification } from '../../../shared/domain';
import { REPO_ROOT, startHarness, type Harness } from '../../helpers/kiosk-harness';
import { startWebHost, type WebHost } from '../../../main/web/server';
import { setupCodeOf } from '../review/support';

let h: Harness;
let web: WebHost;
let webDir: string;
let clockOffsetMs = 0;
// Replies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reply = { ok: boolean; value?: any; error?: { code: string } };

beforeAll(async () => {
  h = await startHarness({ overrides: { teller: { fullDataMinutes: 15 } } });
  webDir = mkdtempSync(join(tmpdir(), 'kiosk-web-disclosure-'));
  web = await startWebHost({
    service: h.kiosk.service,
    events: h.kiosk.events,
    dataDir: webDir,
    rendererDir: join(REPO_ROOT, 'out/renderer'),
    fullDataMinutes: h.kiosk.config.teller.fullDataMinutes,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
}, 60_000);
afterAll(async () => {
  await web?.close();
  await h?.close();
  rmSync(webDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

async function api(name: string, request: unknown): Promise<{ status: number; text: string; json: Reply }> {
  const res = await fetch(`${web.url}api/kiosk/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kiosk-token': web.token },
    body: JSON.stringify(request),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

async function waitForFinal(id: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const v = (await api('getVerification', { id })).json.value as Verification;
    if (['accepted', 'declined', 'failed', 'needs_attention'].includes(v.state)) return;
    if (Date.now() > deadline) throw new Error(`verification stuck in ${v.state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every customer detail the supervisor sees for a verification (strings of 3+ characters). */
function customerDetails(v: Verification): string[] {
  const out = new Set<string>();
  const add = (s: string | null | undefined) => {
    if (typeof s === 'string' && s.length >= 3) out.add(s);
  };
  const id = v.outcome?.identity;
  if (id) [id.firstName, id.lastName, id.fullName, id.dateOfBirth, id.documentNumber, id.personalNumber].forEach(add);
  for (const f of v.outcome?.fields ?? []) [f.mrz, f.visual, f.barcode].forEach((x) => (x && /\d{3}|[A-Z]{4}/.test(x) ? add(x) : undefined));
  add(v.outcome?.portrait);
  for (const c of v.captures) {
    add(c.preview ?? null);
    const mrz = c.precheck?.mrz;
    if (mrz) [mrz.lastName, mrz.firstName, mrz.documentNumber, mrz.personalNumber, mrz.dateOfBirth].forEach(add);
  }
  return [...out];
}

let done: Verification; // final, as the supervisor sees it
let capturing: Verification;
let supervisor: string;

describe('teller disclosure', () => {
  it('sets up: one finished verification and one being captured, both full for the teller now', async () => {
    const started = (await api('startVerification', { documentType: 'passport' })).json.value as Verification;
    expect((await api('capture', { verificationId: started.id, side: 'front', deviceId: 'specimen:scanner' })).status).toBe(200);
    expect((await api('submit', { verificationId: started.id })).status).toBe(200);
    await waitForFinal(started.id);

    const setup = await api('supervisorSetup', { name: 'Test Supervisor', pin: '482915', code: setupCodeOf(h.dataDir) });
    supervisor = setup.json.value.token as string;
    done = (await api('reviewDetail', { token: supervisor, id: started.id })).json.value.verification as Verification;
    expect(done.outcome?.identity.lastName ?? done.captures[0]?.precheck?.mrz?.lastName).toBeTruthy();

    capturing = (await api('startVerification', { documentType: 'passport' })).json.value as Verification;
    await api('capture', { verificationId: capturing.id, side: 'front', deviceId: 'specimen:scanner' });

    // Within the window the teller's outcome screen still shows everything.
    const now = (await api('getVerification', { id: done.id })).text;
    for (const detail of customerDetails(done)) expect(now).toContain(detail);
  }, 120_000);

  it('walks every teller call after the window: no customer detail of the finished verification anywhere', async () => {
    clockOffsetMs = 16 * 60_000;
    const details = customerDetails(done);
    expect(details.length).toBeGreaterThanOrEqual(3);
    const ids = { done: done.id, cap: capturing.id };
    const requests: Partial<Record<CallName, unknown[]>> = {
      getStatus: [{}],
      listDevices: [{}],
      startVerification: [{ documentType: 'passport' }],
      capture: [{ verificationId: ids.done, side: 'front', deviceId: 'specimen:scanner' }],
      submit: [{ verificationId: ids.done }],
      getVerification: [{ id: ids.done }],
      listVerifications: [{ limit: 200 }, { limit: 200, state: done.state }],
      cancelVerification: [{ verificationId: ids.done }],
      issuingCountries: [{ verificationId: ids.done }],
      setIssuingCountry: [{ verificationId: ids.done, country: 'SWE' }],
      readChip: [{ verificationId: ids.done }],
      listChipReaders: [{}],
      chipStatus: [{ verificationId: ids.done }],
      chipFace: [{ verificationId: ids.done }],
      chipResult: [{ verificationId: ids.done }],
      placeTrainingChip: [{ verificationId: ids.done }],
      startPreview: [{ verificationId: ids.done, side: 'front', deviceId: 'specimen:camera' }],
      stopPreview: [{}],
      getDevicePreference: [{}],
      setDevicePreference: [{ deviceId: 'specimen:scanner' }],
      watchDevices: [{ active: false }],
      getProviderPageOffer: [{}],
      openProviderPage: [{ verificationId: ids.done }],
      supervisorStatus: [{}],
      supervisorSetup: [{ name: 'Someone Else', pin: '123456', code: '0000-0000-0000' }],
      supervisorLogin: [{ pin: '000000' }],
      recoveryStatus: [{}],
    };
    const teller = CALL_NAMES.filter((n) => CALL_DISCLOSURE[n] !== 'supervisor');
    expect(Object.keys(requests).sort()).toEqual([...teller].sort()); // a new call must be added here
    let seenDone = 0;
    for (const name of teller) {
      for (const request of requests[name] ?? []) {
        const { text, json } = await api(name, request);
        const leaked = details.filter((d) => text.includes(d));
        if (CALL_DISCLOSURE[name] === 'none') {
          expect(leaked, name).toEqual([]);
          continue;
        }
        const values: unknown[] = json.ok ? (Array.isArray(json.value?.items) ? json.value.items : [json.value]) : [];
        for (const v of values as Verification[]) {
          if (v?.id !== done.id) continue;
          seenDone++;
          expect(leaked, name).toEqual([]);
          expect(JSON.stringify(v), name).not.toMatch(/data:image/);
          if (done.outcome?.identity.fullName) expect(v.outcome?.identity.fullName).toMatch(/^(\p{Lu}\. ?)+$/u);
          expect(v.outcome?.identity.documentNumber ?? null).toBeNull();
          expect(v.outcome?.identity.personalNumber ?? null).toBeNull();
        }
        if (!values.some((v) => (v as Verification)?.id === done.id)) expect(leaked, name).toEqual([]);
      }
    }
    expect(seenDone).toBeGreaterThanOrEqual(3); // getVerification and both lists
    // The verification being captured stays whole for the teller.
    const cap = (await api('getVerification', { id: capturing.id })).json.value as Verification;
    expect(cap.captures[0]?.preview).toMatch(/^data:image\/jpeg;base64,/);
  }, 120_000);

  it('masks the finished verification on the event stream too', async () => {
    const controller = new AbortController();
    const res = await fetch(`${web.url}api/kiosk/events`, { headers: { 'x-kiosk-token': web.token }, signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read(); // ": connected"
    h.kiosk.events.emit('verificationUpdated', done);
    let text = '';
    while (!text.includes('\n\n') || !text.includes('verificationUpdated')) text += (await reader.read()).value ?? '';
    controller.abort();
    expect(text).toContain(done.id);
    for (const d of customerDetails(done)) expect(text).not.toContain(d);
  });

  it('gives full data to a supervisor session only', async () => {
    expect((await api('reviewDetail', { token: 'f'.repeat(64), id: done.id })).json).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const full = (await api('reviewDetail', { token: supervisor, id: done.id })).text;
    for (const d of customerDetails(done)) expect(full).toContain(d);
  });
});
