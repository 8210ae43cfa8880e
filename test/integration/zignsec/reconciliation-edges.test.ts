// Reconciliation against a ZignSec v3 server that behaves as the spec allows but the emulator does
// not: its documents list lags behind an upload it took, and its analysisStatus reports a state other
// than NotRequested before any analysis was started (with a NotRequested placeholder in the list).
// A small strict server over real HTTP on loopback; it records what really happened, so the test
// compares the kiosk's count of possible duplicates with the duplicates the server holds.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KioskConfigSchema, type ZignSecConfig } from '../../../main/config';
import { createZignSecAdapter, type ZignSecProgress } from '../../../main/providers/zignsec/adapter';
import { drive, makeJob, specimenImage } from './helpers';

const API_KEY = 'edge-key-0123456789';

interface Behaviour {
  /** Uploads whose reply is lost (the connection is cut after the document is stored), by arrival order. */
  loseUploadReply: (n: number) => boolean;
  /** Uploads answered 429 without storing anything, by arrival order. */
  throttleUpload: (n: number) => boolean;
  /** The documents list shows an upload only after this many list reads since it arrived. */
  listLag: number;
  /** Start-analysis calls answered 503 without starting anything, by arrival order. */
  failStart: (n: number) => boolean;
  /** analysisStatus before any analysis: what this server says once documents are there. */
  statusBeforeAnalysis: 'NotRequested' | 'Finished';
  /** The analyses list shows a NotRequested placeholder entry before any analysis. */
  placeholderAnalysis: boolean;
}

interface Doc {
  id: number;
  file_name: string;
  readsSince: number;
}

function startStrictServer(b: Behaviour): Promise<{ url: string; server: Server; uploads: string[]; starts: number; analysesStarted: () => number; close(): Promise<void> }> {
  const session = { id: randomUUID(), docs: [] as Doc[], analyses: [] as Array<{ analysis_id: number; polls: number }> };
  let nextDoc = 100;
  let uploadCalls = 0;
  let startCalls = 0;
  const state = { uploads: [] as string[], starts: 0 };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const read = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  const docView = (d: Doc) => ({ id: d.id, file_name: d.file_name, image_url: null });
  const listed = () => session.docs.filter((d) => d.readsSince >= b.listLag);
  const finishedAnalysis = (a: { analysis_id: number }) => ({ analysis_id: a.analysis_id, total_process_state: 'Finished', document_analysis_result: 'ACCEPTED', document_analysis_state: 'Finished' });

  const server = createServer((req, res) => {
    void (async () => {
      if (req.headers.authorization !== API_KEY) return json(res, 401, { errors: [{ code: 401, description: 'Unauthorized' }] });
      const url = new URL(req.url ?? '/', 'http://x');
      const body = await read(req);
      const path = url.pathname.replace(/\/+$/, '');
      if (req.method === 'POST' && path === '/v3/eid/scanningsessions') return json(res, 200, { session_id: session.id, provider_folder_id: null, documents: [] });
      const m = /^\/v3\/eid\/scanningsessions\/([^/]+)(\/.*)$/.exec(path);
      if (!m || m[1] !== session.id) return json(res, 404, { errors: [{ code: 404, description: 'Session not found' }] });
      const rest = m[2];
      if (req.method === 'POST' && rest === '/documents') {
        const n = ++uploadCalls;
        if (b.throttleUpload(n)) return json(res, 429, { errors: [{ code: 429, description: 'Too many requests' }] });
        const fileName = /filename="([^"]+)"/.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
        if (!fileName || !(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) return json(res, 400, { errors: [{ code: 400, description: 'No document' }] });
        session.docs.push({ id: nextDoc++, file_name: fileName, readsSince: 0 });
        state.uploads.push(fileName);
        if (b.loseUploadReply(n)) return req.socket.destroy();
        return json(res, 200, { session_id: session.id, provider_folder_id: null, documents: session.docs.map(docView) });
      }
      if (req.method === 'POST' && rest === '/analyses') {
        const n = ++startCalls;
        if (!/^-?\d+$/.test(url.searchParams.get('timeZoneOffset') ?? '')) return json(res, 400, { errors: [{ code: 400, description: 'timeZoneOffset' }] });
        if (b.failStart(n)) return json(res, 503, { errors: [{ code: 503, description: 'Service unavailable' }] });
        const a = { analysis_id: 7000 + session.analyses.length, polls: 0 };
        session.analyses.push(a);
        state.starts++;
        return json(res, 200, { analysis_id: a.analysis_id, total_process_state: 'Processing' });
      }
      if (req.method === 'GET' && rest === '/analysisStatus') {
        const a = session.analyses.at(-1);
        const stateNow = a ? (a.polls++ > 0 ? 'Finished' : 'Processing') : session.docs.length ? b.statusBeforeAnalysis : 'NotRequested';
        return json(res, 200, { session_id: session.id, total_process_state: stateNow });
      }
      if (req.method === 'GET' && rest === '/analyses') {
        for (const d of session.docs) d.readsSince++;
        const details = session.analyses.length
          ? session.analyses.map(finishedAnalysis)
          : b.placeholderAnalysis
            ? [{ analysis_id: 0, total_process_state: 'NotRequested' }]
            : [];
        const finished = session.analyses.length > 0;
        return json(res, 200, {
          session_id: session.id,
          total_result: finished ? 'ACCEPTED' : 'NOT_STARTED',
          documents: listed().map(docView),
          analysis_details: details,
          identity: finished ? { first_name: 'ANNA', last_name: 'SPECIMEN', date_of_birth: '1974-08-12', expiration: '2034-04-15' } : null,
        });
      }
      json(res, 404, { errors: [{ code: 404, description: 'Not found' }] });
    })().catch(() => res.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url,
        server,
        get uploads() {
          return state.uploads;
        },
        get starts() {
          return state.starts;
        },
        analysesStarted: () => session.analyses.length,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    }),
  );
}

const config = (url: string): ZignSecConfig =>
  KioskConfigSchema.parse({ dataDir: '/tmp/unused', providers: { zignsec: { apiKey: API_KEY, baseUrl: url, requestTimeoutMs: 2_000 } } }).providers.zignsec;
const normal: Behaviour = { loseUploadReply: () => false, throttleUpload: () => false, listLag: 0, failStart: () => false, statusBeforeAnalysis: 'NotRequested', placeholderAnalysis: false };

let jpeg: Buffer;
let server: Awaited<ReturnType<typeof startStrictServer>> | null = null;
beforeAll(async () => {
  jpeg = await specimenImage();
});
afterEach(async () => {
  await server?.close();
  server = null;
});

const job = (v: string) =>
  makeJob(v, 'id_card', [
    { id: `${v}-front`, side: 'front', image: jpeg },
    { id: `${v}-back`, side: 'back', image: jpeg },
  ]);
const duplicatesHeld = (uploads: string[]) => uploads.length - new Set(uploads).size;

describe('ZignSec reconciliation edges', () => {
  it('an upload whose reply was lost and that a lagging list does not show is counted when it is sent again', async () => {
    server = await startStrictServer({ ...normal, loseUploadReply: (n) => n === 1 || n === 3, listLag: 1_000 });
    const { final, steps } = await drive(createZignSecAdapter(config(server.url), { pollMinMs: 5, pollMaxMs: 10 }), job('lag'));
    expect(final.outcome.decision).toBe('accepted');
    expect(duplicatesHeld(server.uploads)).toBe(2); // both lost replies were re-sent: the server holds two copies
    const progress = final.progress as ZignSecProgress;
    expect(progress.possibleDuplicates).toBe(2); // and the kiosk counted both
    expect(steps.filter((s) => s.startsWith('upload_intent:'))).toEqual(['upload_intent:lag-front', 'upload_intent:lag-back']);
  });

  it('an upload refused with 429 is proof it was not received: sent again without a count', async () => {
    server = await startStrictServer({ ...normal, throttleUpload: (n) => n === 1, listLag: 1_000 });
    const { final, errors } = await drive(createZignSecAdapter(config(server.url), { pollMinMs: 5, pollMaxMs: 10 }), job('throttled'));
    expect(errors.map((e) => e.details.status)).toEqual([429]);
    expect(duplicatesHeld(server.uploads)).toBe(0);
    expect((final.progress as ZignSecProgress).possibleDuplicates).toBe(0);
  });

  it('after a 5xx on start, a status other than NotRequested with no analysis listed is not taken as started', async () => {
    server = await startStrictServer({ ...normal, failStart: (n) => n === 1, statusBeforeAnalysis: 'Finished', placeholderAnalysis: true });
    const notices: string[] = [];
    const { final, steps, errors } = await drive(createZignSecAdapter(config(server.url), { pollMinMs: 5, pollMaxMs: 10 }), job('start'), {
      onStep: (r) => (r.kind === 'progress' && r.notice ? notices.push(r.notice) : undefined),
    });
    expect(notices).toEqual([expect.stringMatching(/second, billed analysis/)]); // raised as a supervisor alert when committed
    expect(errors.map((e) => e.details.status)).toEqual([503]);
    expect(server.analysesStarted()).toBe(1); // the kiosk did start one before reading any result
    expect(steps).toContain('start_analysis_intent');
    const progress = final.progress as ZignSecProgress;
    expect(progress.analysisId).toBe(7000);
    expect(progress.reconciled).not.toContain('start_analysis:found');
    expect(progress.possibleDuplicates).toBe(1); // a lagging list could have hidden one: counted
    expect(final.outcome.decision).toBe('accepted');
  });

  it('after a 5xx on start, status NotRequested proves nothing started: started again without a count', async () => {
    server = await startStrictServer({ ...normal, failStart: (n) => n === 1 });
    const { final } = await drive(createZignSecAdapter(config(server.url), { pollMinMs: 5, pollMaxMs: 10 }), job('notreq'));
    expect(server.analysesStarted()).toBe(1);
    expect((final.progress as ZignSecProgress).possibleDuplicates).toBe(0);
  });
});
