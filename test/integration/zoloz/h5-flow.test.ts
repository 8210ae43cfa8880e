// ZOLOZ's own capture page (H5 mode) end to end against the emulator over real HTTP: initialize with
// metaInfo MOB_H5 and h5ModeConfig, a scripted customer completes the page through its own forms,
// checkresult is polled until the result, which maps to the outcome (certType, OCR fields, spoof
// checks, portrait crop). Also: the customer cancelling, and a customer who never finishes.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPrivateKey, loadPublicKey } from '../../../main/providers/zoloz/keys';
import { buildReply } from '../../../main/sandbox/zoloz/protocol';
import type { ProviderProgress, StepResult, SyncJob } from '../../../main/providers/provider';
import { createZolozAdapter } from '../../../main/providers/zoloz/adapter';
import { createZolozH5Starter, H5_COMPLETE_CALLBACK, H5_INTERRUPT_CALLBACK } from '../../../main/providers/zoloz/h5';
import { generateSandboxKeys, H5_PAGE, startZolozSandbox, trainingZolozConfig, type SandboxKeys, type ZolozSandbox } from '../../../main/sandbox/zoloz/server';
import { specimenPage, SPECIMEN_MRZ } from '../../fixtures/zoloz/specimen';

let keys: SandboxKeys;
let sandbox: ZolozSandbox;
let front: Buffer;
const now = () => new Date('2026-12-06T12:00:00Z');

beforeAll(async () => {
  keys = await generateSandboxKeys();
  front = await specimenPage();
  sandbox = await startZolozSandbox({
    clientId: keys.clientId,
    merchantPublicKeyPem: keys.merchant.publicKeyPem,
    zolozPrivateKeyPem: keys.zoloz.privateKeyPem,
    analyzer: { readMrz: async (img) => (img.equals(front) ? [...SPECIMEN_MRZ] : null) },
    now,
  });
});
afterAll(() => sandbox.close());

const config = () => trainingZolozConfig(sandbox.url, keys);
const starter = (documentType: SyncJob['documentType'] = 'passport') =>
  createZolozH5Starter(config(), { pageUrl: `${sandbox.url}${H5_PAGE}`, enabled: () => true, documentTypeOf: () => documentType, now });
const job = (id: string): SyncJob => ({ verificationId: id, documentType: 'passport', locale: 'en', captures: [] });
const ctx = () => ({ signal: new AbortController().signal, onBytes: () => undefined });

/** The customer on the page: reads the form, fills it as a browser would, follows nothing (the window stops at the callback). */
async function customer(pageUrl: string, action: 'submit' | 'cancel'): Promise<string | null> {
  const page = await fetch(pageUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const forms = [...html.matchAll(/<form method="post" action="([^"]+)"[^>]*>(.*?)<\/form>/gs)];
  const [target, inner] = action === 'submit' ? [forms[0]![1]!, forms[0]![2]!] : [forms[1]![1]!, forms[1]![2]!];
  const hidden = Object.fromEntries([...inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
  const url = new URL(target, pageUrl);
  let res: Response;
  if (action === 'submit') {
    const form = new FormData();
    for (const [k, v] of Object.entries(hidden)) form.set(k, v);
    form.set('front', new Blob([new Uint8Array(front)], { type: 'image/jpeg' }), 'front.jpg');
    res = await fetch(url, { method: 'POST', body: form, redirect: 'manual' });
  } else {
    res = await fetch(url, { method: 'POST', body: new URLSearchParams(hidden), redirect: 'manual' });
  }
  expect(res.status).toBe(303);
  return res.headers.get('location');
}

async function pollToFinal(progress: ProviderProgress) {
  const adapter = createZolozAdapter(config(), { now, pollMinMs: 5, pollMaxMs: 10 });
  const steps: string[] = [];
  for (let i = 0; i < 50; i++) {
    const r: StepResult = await adapter.step(job('h5'), progress, ctx());
    steps.push(r.step);
    progress = JSON.parse(JSON.stringify(r.progress)) as ProviderProgress;
    if (r.kind === 'final') return { r, steps };
  }
  throw new Error('no final result');
}

describe('ZOLOZ H5 assisted flow', () => {
  it('initialize (MOB_H5) → the customer completes the page → checkresult polled → outcome', async () => {
    const before = sandbox.stats().byApi;
    const started = await starter().start({ verificationId: '7d3e0f5a-0000-4c2d-9c33-0123456789ab', locale: 'sv' });
    expect(sandbox.stats().byApi['idrecognition/initialize']).toBe((before['idrecognition/initialize'] ?? 0) + 1);
    expect(started.progress).toMatchObject({ h5: true, bizId: '7d3e0f5a00004c2d9c330123456789ab', transactionId: expect.stringMatching(/^G/), polls: 0 });
    const page = new URL(started.redirectUrl);
    expect(page.origin).toBe(new URL(sandbox.url).origin);
    expect(page.searchParams.get('langPack')).toBe('sv');

    // Before the customer finishes: PROCESSING, polled again later.
    const adapter = createZolozAdapter(config(), { now, pollMinMs: 5, pollMaxMs: 10 });
    const waiting = await adapter.step(job('h5'), started.progress, ctx());
    expect(waiting).toMatchObject({ kind: 'progress', step: 'poll', state: 'awaiting_result', durable: false, progress: { polls: 1 } });

    expect(await customer(started.redirectUrl, 'submit')).toBe(H5_COMPLETE_CALLBACK);
    const { r, steps } = await pollToFinal(waiting.progress);
    expect(steps.at(-1)).toBe('result');
    if (r.kind !== 'final') throw new Error();
    expect(r.outcome).toMatchObject({ decision: 'accepted', provider: 'zoloz' });
    expect(r.outcome.identity).toMatchObject({ documentNumber: 'L898902C3', lastName: 'ERIKSSON', dateOfBirth: '1974-08-12', expiryDate: '2034-04-15' });
    expect(r.outcome.portrait).toMatch(/^data:image\/jpeg;base64,/);
    const raw = JSON.stringify(r.raw);
    expect(raw).toContain('"certType":"00000001003"');
    expect(raw).not.toContain('imageContent');
    expect(r.progress).toMatchObject({ bizId: '7d3e0f5a00004c2d9c330123456789ab', transactionId: (started.progress as { transactionId: string }).transactionId });
    // The page is closed once used.
    expect((await fetch(started.redirectUrl)).status).toBe(404);
  });

  it('a customer who cancels is sent to the interrupt callback; the page stays unused', async () => {
    const started = await starter().start({ verificationId: 'h5-cancel', locale: 'en' });
    expect(await customer(started.redirectUrl, 'cancel')).toBe(H5_INTERRUPT_CALLBACK);
    const adapter = createZolozAdapter(config(), { now, pollMinMs: 5, pollMaxMs: 10 });
    expect(await adapter.step(job('h5-cancel'), started.progress, ctx())).toMatchObject({ step: 'poll' });
  });

  it('a customer who never finishes goes to a supervisor after the assisted timeout', async () => {
    const started = await starter().start({ verificationId: 'h5-gone', locale: 'en' });
    const adapter = createZolozAdapter(config(), { now, pollMinMs: 5, pollMaxMs: 10, assistedTimeoutMs: 30 });
    let progress = started.progress;
    const error = await (async () => {
      for (let i = 0; i < 20; i++) progress = (await adapter.step(job('h5-gone'), progress, ctx())).progress;
      return null;
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/did not finish ZOLOZ's page/) });
  });

  it('ID cards go with their country selector; a document ZOLOZ cannot take is refused before initialize', async () => {
    const before = sandbox.stats().byApi['idrecognition/initialize'] ?? 0;
    await expect(starter('other').start({ verificationId: 'h5-other', locale: 'en' })).rejects.toMatchObject({ kind: 'invalid' });
    expect(sandbox.stats().byApi['idrecognition/initialize'] ?? 0).toBe(before);
    const off = createZolozH5Starter(config(), { pageUrl: null, enabled: () => true, documentTypeOf: () => 'passport' });
    expect(off.enabled()).toBe(false);
  });
});

describe("the seed's checkresult samples through the H5 poll", () => {
  it('a signed server answering with the seed response: every field reaches the outcome or the kept reply', async () => {
    const seed = (name: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/zoloz', name), 'utf8')) as Record<string, unknown>;
    const seedReply = seed('checkresult-response.seed.json');
    const seedRequest = seed('checkresult-request.seed.json');
    const gatewayKeys = { clientId: keys.clientId, merchantPublicKey: loadPublicKey(keys.merchant.publicKeyPem), zolozPrivateKey: loadPrivateKey(keys.zoloz.privateKeyPem), maxSkewMs: 60_000 };
    const received: Array<{ uri: string; body: Record<string, unknown> }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ uri: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        const reply = buildReply(req.url ?? '', keys.clientId, seedReply, { scheme: 'rsa', encrypted: false }, gatewayKeys, new Date());
        res.writeHead(200, reply.headers);
        res.end(reply.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const adapter = createZolozAdapter(trainingZolozConfig(url, keys), { now, pollMinMs: 5 });
      const progress = { h5: true, bizId: seedRequest.bizId, transactionId: seedRequest.transactionId, polls: 0 };
      const r = await adapter.step(job('seed'), progress, ctx());
      // The request: the seed's own bizId and transactionId, asking for the document's portrait crop.
      expect(received).toEqual([{ uri: '/api/v1/zoloz/idrecognition/checkresult', body: { bizId: '2017839040588699', transactionId: 'G000000005FID20200304000000000001570702', extraImageControlList: ['CROPPED_FACE_FROM_DOC'] } }]);
      if (r.kind !== 'final') throw new Error('expected the result');
      // result SUCCESS/S with recognitionResult Y and every spoof check Y: accepted, no reasons.
      expect(r.outcome).toMatchObject({ decision: 'accepted', provider: 'zoloz', reasons: [], selfieSimilarity: null, portrait: null });
      // ocrResult: ID_NUMBER, COUNTRY, SEX.
      expect(r.outcome.identity).toMatchObject({ documentNumber: 'xxxx', nationality: 'xxxxx', sex: 'M' });
      // ocrResultDetail: MRZ and VISUAL readings side by side.
      expect(r.outcome.fields).toEqual(
        expect.arrayContaining([
          { name: 'ID_NUMBER', mrz: 'xxxx', visual: 'xxxx', barcode: null, agree: true },
          { name: 'SEX', mrz: 'M', visual: null, barcode: null, agree: null },
          { name: 'COUNTRY', mrz: 'xxxx', visual: null, barcode: null, agree: null },
        ]),
      );
      // certType, docEdition, spoofResult, recognitionResult and its (empty) error code are kept for the
      // supervisor; the images (imageContent, extraImages) are not.
      const kept = (r.raw as { checkresult: { extInfo: Record<string, unknown>; result: unknown } }).checkresult;
      expect(kept.result).toEqual({ resultCode: 'SUCCESS', resultMessage: 'success', resultStatus: 'S' });
      expect(kept.extInfo).toEqual({
        certType: '00600000001',
        docEdition: 2,
        ocrResult: { ID_NUMBER: 'xxxx', COUNTRY: 'xxxxx', SEX: 'M' },
        ocrResultDetail: (seedReply.extInfo as Record<string, unknown>).ocrResultDetail,
        spoofResult: { TAMPER_CHECK: 'Y', MATERIAL_CHECK: 'Y', SCREEN_RECAPTURE_CHECK: 'Y' },
        recognitionErrorCode: '',
        recognitionResult: 'Y',
      });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
