// End to end over real HTTP: the ZignSec adapter and client against the loopback sandbox, for every
// document type, with and without selfie, both analysis variants, and the documented rejections.
import { type HttpTransport, undiciTransport } from '../../../main/providers/http-transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { KioskConfigSchema, type ZignSecConfig } from '../../../main/config';
import { ProviderError } from '../../../main/providers/provider';
import { createZignSecAdapter } from '../../../main/providers/zignsec/adapter';
import { ZignSecClient } from '../../../main/providers/zignsec/client';
import { outcomeFromScanningSession } from '../../../main/providers/zignsec/outcome';
import { type ZignSecDocumentType } from '../../../main/providers/zignsec/schemas';
import { defaultJudge, type Judge } from '../../../main/sandbox/zignsec/judge';
import { startZignSecSandbox, type ZignSecSandbox } from '../../../main/sandbox/zignsec/server';
import { blankImage, drive, makeJob, specimenImage } from './helpers';

const API_KEY = 'sandbox-key-0123456789';

function zignsecConfig(over: Record<string, unknown>): ZignSecConfig {
  return KioskConfigSchema.parse({ dataDir: '/tmp/unused', providers: { zignsec: { apiKey: API_KEY, ...over } } }).providers.zignsec;
}

let sandbox: ZignSecSandbox;
const judged: Array<{ types: ZignSecDocumentType[]; sizes: Array<{ width: number; height: number }> }> = [];
const recordingJudge: Judge = async (docs, ctx) => {
  judged.push({ types: docs.map((d) => d.documentType), sizes: await Promise.all(docs.map(async (d) => sharp(d.jpeg).metadata().then((m) => ({ width: m.width!, height: m.height! })))) });
  return defaultJudge(docs, ctx);
};
let passport: Buffer;

beforeAll(async () => {
  sandbox = await startZignSecSandbox({ apiKey: API_KEY, analysisDelayMs: 150, judge: recordingJudge });
  passport = await specimenImage();
});
afterAll(() => sandbox.close());

describe('every document type end to end', () => {
  const cases = [
    { documentType: 'passport', sides: ['front'], expected: ['Passport'] },
    { documentType: 'id_card', sides: ['front', 'back'], expected: ['IdentityCard', 'IdentityCard'] },
    { documentType: 'drivers_license', sides: ['front'], expected: ['DriversLicense'] },
    { documentType: 'other', sides: ['front'], expected: ['OtherDocument'] },
    { documentType: 'passport', sides: ['selfie', 'front'], expected: ['Passport', 'Selfie'] },
  ] as const;

  for (const c of cases) {
    it(`${c.documentType} (${c.sides.join(' + ')}) → accepted`, async () => {
      const before = judged.length;
      const adapter = createZignSecAdapter(zignsecConfig({ baseUrl: sandbox.url }), { pollMinMs: 20, pollMaxMs: 60 });
      const v = `ver-${c.documentType}-${c.sides.length}`;
      const job = makeJob(v, c.documentType, c.sides.map((side, i) => ({ id: `${v}-cap${i}`, side, image: passport })));
      const { final, steps } = await drive(adapter, job, { maxWaitMs: 60 });
      expect(final.outcome.decision).toBe('accepted');
      expect(final.outcome.reasons).toEqual([]);
      expect(final.outcome.identity.firstName).toBeNull(); // the default judge invents nobody
      expect(judged.slice(before).map((j) => j.types)).toEqual([c.expected]);
      expect(steps).toContain('poll'); // saw Processing before Finished
      expect(steps.at(-1)).toBe('result_fetched');
      expect((final.raw as { total_result: string }).total_result).toBe('ACCEPTED');
      const uploads = steps.filter((s) => s.startsWith('document_uploaded:'));
      expect(uploads).toHaveLength(c.sides.length);
      expect(final.outcome.selfieSimilarity).toBeNull();
    });
  }

  it('a blank document fails with a reason the teller can act on', async () => {
    const adapter = createZignSecAdapter(zignsecConfig({ baseUrl: sandbox.url }), { pollMinMs: 20 });
    const { final } = await drive(adapter, makeJob('ver-blank', 'passport', [{ id: 'blank-1', side: 'front', image: await blankImage() }]));
    expect(final.outcome.decision).toBe('failed');
    expect(final.outcome.reasons.map((r) => r.message)).toEqual(['Document: Document not found: image is blank. Scan the document again.']);
  });

  it('sends every configured create-session parameter, relay_state = verification id, and converts/downscales images', async () => {
    const bodies: Array<{ url: string; body: unknown }> = [];
    const tap: HttpTransport = async (url, req) => {
      if (typeof req.body === 'string') bodies.push({ url, body: JSON.parse(req.body) });
      return undiciTransport(url, req);
    };
    const cfg = zignsecConfig({
      baseUrl: sandbox.url,
      maxImageSide: 2000,
      analysisTypes: ['document', 'selfie'],
      target: 'https://bank.example/done',
      targetError: 'https://bank.example/error',
      webhook: 'https://bank.example/hook',
      flow: { selfie_heading: 'Look here', steps: [{ type: 'UploadPage', heading: 'Upload' }], locale: 'sv', default_country_code: 'SE' },
      doc: { ignore_errors_in_fields: ['Surname_local'], verification_types: ['Mrz', 'MrzVisual'] },
    });
    const adapter = createZignSecAdapter(cfg, { transport: tap, pollMinMs: 20, now: () => new Date() });
    const before = judged.length;
    const png = await specimenImage({ format: 'png', width: 900, height: 640 });
    const huge = await specimenImage({ width: 4000, height: 2800 });
    const { final } = await drive(
      adapter,
      makeJob('ver-params', 'passport', [
        { id: 'p-front', side: 'front', image: huge },
        { id: 'p-selfie', side: 'selfie', image: png },
      ], 'sv'),
    );
    expect(final.outcome.decision).toBe('accepted');
    const create = bodies.find((b) => b.url.endsWith('/v3/eid/scanningsessions'))!.body;
    expect(create).toEqual({
      // The kiosk's Swedish ('sv') is 'se' in ZignSec's list of flow languages.
      locale: 'se',
      relay_state: 'ver-params',
      analysis_types: ['document', 'selfie'],
      target: 'https://bank.example/done',
      target_error: 'https://bank.example/error',
      webhook: 'https://bank.example/hook',
      flow: { selfie_heading: 'Look here', steps: [{ type: 'UploadPage', heading: 'Upload' }], locale: 'sv', default_country_code: 'SE' },
      doc: { ignore_errors_in_fields: ['Surname_local'], verification_types: ['Mrz', 'MrzVisual'] },
    });
    const start = bodies.find((b) => /\/analyses\?timeZoneOffset=-?\d+$/.test(b.url));
    expect(start?.body).toEqual({ analysis_types: ['document', 'selfie'] });
    expect(judged.slice(before)[0]!.sizes).toEqual([{ width: 2000, height: 1400 }, { width: 900, height: 640 }]);
  });

  it('refuses an ID card with one side before touching ZignSec', async () => {
    const adapter = createZignSecAdapter(zignsecConfig({ baseUrl: sandbox.url }));
    const job = makeJob('ver-oneside', 'id_card', [{ id: 'o1', side: 'front', image: passport }]);
    await expect(adapter.step(job, {}, { onBytes: () => {}, signal: new AbortController().signal })).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('both sides') });
  });

  it('refuses a selfie analysis without a selfie before touching ZignSec', async () => {
    const adapter = createZignSecAdapter(zignsecConfig({ baseUrl: sandbox.url, analysisTypes: ['document', 'selfie'] }));
    const stats = sandbox.stats().createSession ?? 0;
    await expect(adapter.step(makeJob('ver-noselfie', 'passport', [{ id: 'n1', side: 'front', image: passport }]), {}, { onBytes: () => {}, signal: new AbortController().signal })).rejects.toMatchObject({ kind: 'invalid' });
    expect(sandbox.stats().createSession ?? 0).toBe(stats);
  });
});

describe('client calls', () => {
  const client = () => new ZignSecClient({ apiKey: API_KEY, baseUrl: sandbox.url, timeoutMs: 5000 });
  const waitFinished = async (c: ZignSecClient, id: string) => {
    for (let i = 0; i < 200; i++) {
      const st = await c.getAnalysisStatus(id);
      if (st.total_process_state !== 'Processing') return st;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('never finished');
  };

  it('the UI variant: redirect_url, hosted page, finish, Processing → Finished, results', async () => {
    const c = client();
    const s = await c.createSession({ locale: 'en', relay_state: 'ui-1', analysis_types: ['document'], target: 'https://bank.example/done' });
    await c.addDocument({ sessionId: s.session_id, documentType: 'Passport', reference: 'ui-cap', jpeg: passport });
    const ui = await c.startUiAnalysis(s.session_id, ['document']);
    expect(ui.id).toBe(s.session_id);
    expect(ui.errors).toEqual([]);
    expect(ui.redirect_url).toBe(`${sandbox.url}/v3/eid/scanningsessions/scan/${s.session_id}`);
    expect((await c.getAnalysisStatus(s.session_id)).total_process_state).toBe('Processing');
    const page = await fetch(ui.redirect_url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('ui-cap.jpg');
    // The hosted page's own upload form (what the customer's browser posts; no API key).
    const pageForm = new FormData();
    pageForm.append('document', new Blob([new Uint8Array(passport)], { type: 'image/jpeg' }), 'page-upload.jpg');
    const pageUpload = await fetch(`${ui.redirect_url}/documents?documentType=Passport`, { method: 'POST', body: pageForm, redirect: 'manual' });
    expect(pageUpload.status).toBe(303);
    expect((await c.getAnalyses(s.session_id)).documents?.map((d) => d.file_name)).toEqual(['ui-cap.jpg', 'page-upload.jpg']);
    const finish = await fetch(`${ui.redirect_url}/finish`, { method: 'POST', redirect: 'manual' });
    expect(finish.status).toBe(303);
    expect(finish.headers.get('location')).toBe('https://bank.example/done');
    const st = await waitFinished(c, s.session_id);
    expect(st.total_process_state).toBe('Finished');
    expect(st.result).toBe('ACCEPTED');
    expect(st.id_document_summary?.document_type_name).toBe('Passport (training sandbox)');
    const all = await c.getAnalyses(s.session_id);
    expect(outcomeFromScanningSession(all, { now: new Date() }).decision).toBe('accepted');
  });

  it('get analysis by id, status models before and after', async () => {
    const c = client();
    const s = await c.createSession({});
    expect((await c.getAnalysisStatus(s.session_id)).total_process_state).toBe('NotRequested');
    const none = await c.getAnalyses(s.session_id);
    expect(none.total_result).toBe('CREATED');
    await c.addDocument({ sessionId: s.session_id, documentType: 'DriversLicense', reference: 'dl', jpeg: passport });
    const started = await c.startAnalysis(s.session_id, ['document']);
    expect(started.total_process_state).toBe('Processing');
    expect(started.document_analysis_result).toBe('ANALYSING');
    await waitFinished(c, s.session_id);
    const one = await c.getAnalysis(s.session_id, started.analysis_id);
    expect(one.analysis_id).toBe(started.analysis_id);
    expect(one.total_process_state).toBe('Finished');
    expect(one.document_analysis_result).toBe('ACCEPTED');
    expect(one.analysed_documents?.map((d) => d.file_name)).toEqual(['dl.jpg']);
    const img = await c.fetchImage(one.analysed_documents![0]!.image_url!);
    expect(img.bytes.equals(passport)).toBe(true);
    await expect(c.getAnalysis(s.session_id, 1)).rejects.toMatchObject({ kind: 'gone', details: { providerCode: 'ANALYSIS_NOT_FOUND' } });
  });

  it('rejections use the documented error shape and are classified', async () => {
    const c = client();
    const s = await c.createSession({});
    const raw = (path: string, init: RequestInit) => fetch(`${sandbox.url}/v3/eid/scanningsessions/${s.session_id}${path}`, { ...init, headers: { authorization: API_KEY, ...init.headers } });

    const form = new FormData();
    form.append('document', new Blob([new Uint8Array(passport)], { type: 'image/jpeg' }), 'a.jpg');
    const unknownType = await raw('/documents?documentType=Visa', { method: 'POST', body: form });
    expect(unknownType.status).toBe(400);
    expect(await unknownType.json()).toEqual({ errors: [{ code: 'INVALID_DOCUMENT_TYPE', description: 'documentType must be one of Passport, IdentityCard, DriversLicense, Selfie, OtherDocument.' }] });

    const wrongField = new FormData();
    wrongField.append('file', new Blob([new Uint8Array(passport)], { type: 'image/jpeg' }), 'a.jpg');
    const missing = await raw('/documents?documentType=Passport', { method: 'POST', body: wrongField });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: Array<{ description: string }> }).errors[0]!.description).toMatch(/no file part named "document"/);

    const notMultipart = await raw('/documents?documentType=Passport', { method: 'POST', body: passport, headers: { 'content-type': 'image/jpeg' } });
    expect(notMultipart.status).toBe(400);

    // A JPEG content type over PNG bytes is still not a JPEG.
    const png = await specimenImage({ format: 'png' });
    await expect(c.addDocument({ sessionId: s.session_id, documentType: 'Passport', reference: 'png', jpeg: png })).rejects.toMatchObject({
      kind: 'invalid',
      details: { status: 400, providerCode: 'INVALID_IMAGE_FORMAT' },
    });
    await expect(c.startAnalysis(s.session_id, ['document'])).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('Add documents') });
    await expect(c.startAnalysis(s.session_id, ['fraud' as 'document'])).rejects.toMatchObject({ kind: 'invalid' });
    await expect(c.getAnalysisStatus('no-such-session')).rejects.toMatchObject({ kind: 'gone', details: { status: 404, providerCode: 'SESSION_NOT_FOUND' } });

    const wrongKey = new ZignSecClient({ apiKey: 'wrong-key', baseUrl: sandbox.url, timeoutMs: 5000 });
    const err = await wrongKey.createSession({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe('auth');
    expect(JSON.stringify({ m: (err as ProviderError).message, d: (err as ProviderError).details })).not.toContain('wrong-key');
  });

  it('probe: true when the sandbox answers, false when nothing listens', async () => {
    const adapter = createZignSecAdapter(zignsecConfig({ baseUrl: sandbox.url }));
    expect(await adapter.probe(new AbortController().signal)).toBe(true);
    const gone = await startZignSecSandbox({ apiKey: 'x', analysisDelayMs: 0 });
    const url = gone.url;
    await gone.close();
    expect(await createZignSecAdapter(zignsecConfig({ baseUrl: url })).probe(new AbortController().signal)).toBe(false);
  });

  it('control endpoints exist only with faults: true', async () => {
    const res = await fetch(`${sandbox.url}/__control/stats`);
    expect(res.status).toBe(404);
  });
});

describe('a judge that reads the document (as the on-device MRZ judge does)', () => {
  // Synthetic holder, shaped like the spec's DECLINED example: expired, document number check digit wrong.
  const declining: Judge = async (docs) => ({
    document: {
      result: 'DECLINED',
      reason: null,
      error: null,
      documentTypeName: 'Utopia - Passport (specimen)',
      failedFields: ['Document_Number_CheckDigit', 'Date_of_Expiry', 'RemainderTerm'],
      fields: [
        { name: 'Surname', mrz: 'SPECIMEN', visual: 'SPECIMEN', barcode: null, scores: { Mrz: 1 } },
        { name: 'Given_Names', mrz: 'TEST', visual: 'TEST', barcode: null },
        { name: 'Document_Number', mrz: 'L898902C3', visual: 'L898902C8', barcode: null, scores: { Mrz: 2, MrzVisual: 2 } },
        { name: 'Document_Number_CheckDigit', mrz: '7', visual: null, barcode: null, scores: { Mrz: 2 } },
        { name: 'Date_of_Expiry', mrz: '4/15/2012', visual: '4/15/2012', barcode: null, scores: { Mrz: 2, Visual: 2 } },
      ],
      identity: {
        firstName: 'TEST',
        lastName: 'SPECIMEN',
        dateOfBirth: '1974-08-12',
        gender: 'F',
        personalNumber: 'ZE184226B',
        documentNumber: 'L898902C3',
        nationality: 'UTO',
        countryCode: null,
        issuerState: 'Utopia',
        expirationDate: '2012-04-15',
      },
      imageParts: [{ type: 201, name: 'Portrait', jpeg: await sharp(docs[0]!.jpeg).extract({ left: 40, top: 120, width: 300, height: 390 }).jpeg().toBuffer() }],
    },
    selfie: { result: 'DECLINED', confidence: 0.0315, message: 'Percent of similarity 3.15%' },
  });

  it('flows through the sandbox replies into the teller outcome, portrait crop included', async () => {
    const sb = await startZignSecSandbox({ apiKey: API_KEY, analysisDelayMs: 10, judge: declining });
    try {
      const cfg = zignsecConfig({ baseUrl: sb.url, analysisTypes: ['document', 'selfie'] });
      const { final } = await drive(
        createZignSecAdapter(cfg, { pollMinMs: 10 }),
        makeJob('ver-declined', 'passport', [
          { id: 'd-front', side: 'front', image: passport },
          { id: 'd-selfie', side: 'selfie', image: passport },
        ]),
      );
      const o = final.outcome;
      expect(o.decision).toBe('declined');
      expect(o.reasons.map((r) => r.message)).toEqual([
        'Document number check digit does not match. Check the document number by hand.',
        'Date of expiry: the document expired on 15 Apr 2012',
        'Remaining validity: the document has no validity left. Ask for a valid document.',
        'Selfie: the face matches the document photo by only 3.15%',
      ]);
      expect(o.reasons.map((r) => r.sentence?.key)).toEqual(['reason_field_document_number_check', 'reason_field_expired', 'reason_field_no_validity', 'reason_selfie_low_match']);
      expect(o.identity).toMatchObject({ firstName: 'TEST', lastName: 'SPECIMEN', dateOfBirth: '1974-08-12', sex: 'F', documentNumber: 'L898902C3', expiryDate: '2012-04-15', expired: true, issuingState: 'Utopia' });
      expect(o.selfieSimilarity).toBe(3.15);
      expect(o.fields.find((f) => f.name === 'Document_Number')).toEqual({ name: 'Document_Number', mrz: 'L898902C3', visual: 'L898902C8', barcode: null, agree: false });
      expect(o.fields.find((f) => f.name === 'Surname')?.agree).toBe(true);
      expect(o.portrait).toMatch(/^data:image\/jpeg;base64,/);
      const crop = await sharp(Buffer.from(o.portrait!.split(',')[1]!, 'base64')).metadata();
      expect([crop.width, crop.height]).toEqual([300, 390]);
    } finally {
      await sb.close();
    }
  });
});

describe('status polling backoff', () => {
  it('waits 2 s first, grows by 1.5×, caps at 30 s', async () => {
    const sb = await startZignSecSandbox({ apiKey: API_KEY, analysisDelayMs: 400 });
    try {
      const waits: Array<[string, number | undefined]> = [];
      await drive(createZignSecAdapter(zignsecConfig({ baseUrl: sb.url })), makeJob('ver-backoff', 'passport', [{ id: 'b1', side: 'front', image: passport }]), {
        maxWaitMs: 25,
        onStep: (r) => r.kind === 'progress' && r.waitMs !== undefined && waits.push([r.step, r.waitMs]),
      });
      expect(waits[0]).toEqual(['analysis_started', 2000]);
      const polls = waits.slice(1).map(([, w]) => w!);
      expect(polls.length).toBeGreaterThanOrEqual(8);
      expect(polls.slice(0, 8)).toEqual([3000, 4500, 6750, 10125, 15188, 22781, 30000, 30000]);
    } finally {
      await sb.close();
    }
  });
});
