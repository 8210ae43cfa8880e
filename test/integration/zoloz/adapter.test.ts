// The ZOLOZ adapter driven like the sync worker drives it: one step at a time, progress persisted
// as JSON between steps, a fresh adapter instance resuming half-way (as after a crash).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outcome } from '../../../shared/domain';
import type { ProviderProgress, StepResult, SyncJob } from '../../../main/providers/provider';
import { bizIdFor, createZolozAdapter, supports, zolozTransactionsOf } from '../../../main/providers/zoloz/adapter';
import { generateSandboxKeys, startZolozSandbox, trainingZolozConfig, type SandboxKeys, type ZolozSandbox } from '../../../main/sandbox/zoloz/server';
import { specimenPage, SPECIMEN_MRZ } from '../../fixtures/zoloz/specimen';

let keys: SandboxKeys;
let sandbox: ZolozSandbox;
let front: Buffer;
let blurred: Buffer;
const now = () => new Date('2026-11-22T12:00:00Z');

beforeAll(async () => {
  keys = await generateSandboxKeys();
  [front, blurred] = await Promise.all([specimenPage(), specimenPage({ blurSigma: 6 })]);
  sandbox = await startZolozSandbox({
    clientId: keys.clientId,
    merchantPublicKeyPem: keys.merchant.publicKeyPem,
    zolozPrivateKeyPem: keys.zoloz.privateKeyPem,
    akSk: keys.akSk,
    processingPolls: 2,
    // Stands in for the precheck OCR: the specimen's MRZ is known; a changed document number
    // (same image) simulates a forged page whose check digits no longer match.
    analyzer: { readMrz: async (img) => (img.equals(front) ? [...SPECIMEN_MRZ] : img.equals(forged) ? [SPECIMEN_MRZ[0], SPECIMEN_MRZ[1].replace('L898902C3', 'L898902C4')] : null) },
    now,
  });
});
afterAll(() => sandbox.close());
let forged: Buffer = Buffer.alloc(0);

function job(id: string, captures: Array<['front' | 'back' | 'selfie', Buffer]>, documentType: SyncJob['documentType'] = 'passport'): SyncJob {
  return { verificationId: id, documentType, locale: 'en', captures: captures.map(([side, b], i) => ({ id: `c${i}`, side, bytes: b.length, load: () => b })) };
}
const ctx = () => ({ signal: new AbortController().signal, onBytes: () => undefined });

async function runToFinal(make: () => ReturnType<typeof createZolozAdapter>, j: SyncJob, restartAfter = -1) {
  let adapter = make();
  let progress: ProviderProgress = {};
  const steps: string[] = [];
  for (let i = 0; i < 20; i++) {
    const r: StepResult = await adapter.step(j, progress, ctx());
    steps.push(r.step);
    progress = JSON.parse(JSON.stringify(r.progress)); // what the store persists
    if (r.kind === 'final') return { result: r, steps, progress };
    if (r.kind === 'progress' && r.step === 'poll') expect(r.waitMs).toBeGreaterThan(0);
    if (i === restartAfter) adapter = make(); // kiosk restarted: new instance, persisted progress
  }
  throw new Error('no final result');
}

describe.each([
  { name: 'RSA', authScheme: 'rsa', encrypt: false },
  { name: 'RSA encrypted', authScheme: 'rsa', encrypt: true },
  { name: 'AK/SK', authScheme: 'aksk', encrypt: false },
] as const)('createZolozAdapter over $name', (mode) => {
  const make = () => createZolozAdapter(trainingZolozConfig(sandbox.url, keys, mode), { now, pollMinMs: 10, pollMaxMs: 50 });

  it('submits, polls through PROCESSING, compares the selfie and accepts the specimen', async () => {
    const { result, steps, progress } = await runToFinal(make, job('2b0c1f6e-1111-4c2d-9c33-0123456789ab', [['front', front], ['selfie', front]]), 1);
    expect(steps).toEqual(['recognize_intent', 'recognition_submitted', 'poll', 'poll', 'recognition_done', 'face_compared']);
    expect(progress).toMatchObject({ bizId: '2b0c1f6e11114c2d9c330123456789ab', transactionId: expect.stringMatching(/^G/) });
    expect(progress).not.toHaveProperty('possibleDuplicates'); // the restart came after the reply was recorded
    if (result.kind !== 'final') throw new Error();
    const outcome = Outcome.parse(result.outcome);
    expect(outcome.decision).toBe('accepted');
    expect(outcome.identity).toMatchObject({ documentNumber: 'L898902C3', lastName: 'ERIKSSON', dateOfBirth: '1974-08-12', expiryDate: '2034-04-15', expired: false, age: 52 });
    expect(outcome.selfieSimilarity).toBe(92.5);
    expect(outcome.portrait).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(JSON.stringify(result.raw)).not.toContain('imageContent');
  });

  it('fails a blurred scan with a teller instruction, without a selfie step', async () => {
    const { result, steps } = await runToFinal(make, job('blurred-1', [['front', blurred], ['selfie', front]]));
    expect(steps.at(-1)).toBe('result');
    if (result.kind !== 'final') throw new Error();
    expect(result.outcome.decision).toBe('failed');
    expect(result.outcome.reasons[0]).toMatchObject({ code: 'BLUR', message: 'The photo is blurred: scan again.', sentence: { key: 'reason_zoloz_blur', params: {} } });
  });
});

describe('adapter edges', () => {
  const make = () => createZolozAdapter(trainingZolozConfig(sandbox.url, keys), { now, pollMinMs: 10 });

  it('declines a page whose MRZ check digits do not match', async () => {
    forged = await specimenPage({ width: 1260 });
    const { result } = await runToFinal(make, job('forged-1', [['front', forged]]));
    if (result.kind !== 'final') throw new Error();
    expect(result.outcome.decision).toBe('declined');
    expect(result.outcome.reasons[0]!.code).toBe('NOT_REAL_DOC');
  });

  it('probes without side effects, and reports an unreachable host', async () => {
    const before = sandbox.stats().transactions;
    expect(await make().probe(new AbortController().signal)).toBe(true);
    expect(sandbox.stats().transactions).toBe(before);
    const dead = createZolozAdapter({ ...trainingZolozConfig('http://127.0.0.1:9', keys), requestTimeoutMs: 2_000 });
    expect(await dead.probe(new AbortController().signal)).toBe(false);
  });

  it('deletes privacy info of a finished verification', async () => {
    const adapter = make();
    const { progress } = await runToFinal(make, job('purge-1', [['front', front]]));
    const before = sandbox.stats().deleted;
    const [tx, ...more] = zolozTransactionsOf(progress);
    expect(more).toEqual([]);
    expect(await adapter.deletePrivacyInfo(tx!)).toEqual({ resultStatus: 'S', resultCode: 'SUCCESS', resultMessage: expect.any(String) });
    expect(sandbox.stats().deleted).toBe(before + 1);
    expect(zolozTransactionsOf({})).toEqual([]); // never submitted: nothing to delete at ZOLOZ
  });

  it('refuses documents ZOLOZ cannot serve before contacting it', async () => {
    const adapter = createZolozAdapter(trainingZolozConfig(sandbox.url, keys), { countryOf: () => 'SWE' });
    const before = sandbox.stats().requests;
    const intent = await adapter.step(job('other-1', [['front', front]], 'other'), {}, ctx()).catch((e: unknown) => e);
    expect(intent).toMatchObject({ kind: 'invalid', details: { local: true } });
    expect(sandbox.stats().requests).toBe(before);
    // Routing stays with the table: a Swedish ID card is not sent to ZOLOZ by choice (it would only
    // be auto-classified there, see selector.test.ts).
    expect(supports('id_card', 'SWE')).toBe(false);
    expect(supports('id_card', 'MYS')).toBe(true);
    expect(bizIdFor('short-id')).toBe('short-id');
    expect(bizIdFor('x'.repeat(40))).toHaveLength(32);
  });

  it('persists the recognize intent first and counts a possible second transaction when a restart finds it', async () => {
    const calls = () => sandbox.stats().byApi['idrecognition/asyncrecognize'] ?? 0;
    const j = job('b7e1c0de-2222-4c2d-9c33-0123456789ab', [['front', front]]);
    const first = make();
    const intent = await first.step(j, {}, ctx());
    expect(intent).toMatchObject({ kind: 'progress', step: 'recognize_intent', state: 'submitting', progress: { pending: 'recognize', bizId: 'b7e1c0de22224c2d9c330123456789ab' } });
    expect(intent).not.toHaveProperty('durable'); // on disk before the call goes out
    const sent = calls();
    // The kiosk died with the intent on disk: whether ZOLOZ got the call is unknown. The new process
    // counts the possible repeat in a persisted step before sending anything.
    const again = make();
    const counted = await again.step(j, JSON.parse(JSON.stringify(intent.progress)), ctx());
    expect(counted).toMatchObject({ step: 'recognize_intent', progress: { pending: 'recognize', possibleDuplicates: 1 } });
    expect(calls()).toBe(sent);
    const submitted = await again.step(j, JSON.parse(JSON.stringify(counted.progress)), ctx());
    expect(submitted).toMatchObject({ step: 'recognition_submitted', state: 'awaiting_result', progress: { possibleDuplicates: 1, transactionId: expect.stringMatching(/^G/) } });
    expect(submitted.progress).not.toHaveProperty('pending');
    expect(calls()).toBe(sent + 1);
    let progress = JSON.parse(JSON.stringify(submitted.progress)) as ProviderProgress;
    for (let i = 0; i < 10; i++) {
      const r = await again.step(j, progress, ctx());
      progress = JSON.parse(JSON.stringify(r.progress));
      if (r.kind === 'final') break;
    }
    expect(progress).toMatchObject({ possibleDuplicates: 1 }); // kept with the final result for the metrics
  });

  it('does not count a repeat of a call that never reached ZOLOZ (connection refused)', async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const offline = createZolozAdapter({ ...trainingZolozConfig(`http://127.0.0.1:${closed}`, keys), requestTimeoutMs: 2_000 }, { now });
    const j = job('c0ffee00-3333-4c2d-9c33-0123456789ab', [['front', front]]);
    let progress: ProviderProgress = JSON.parse(JSON.stringify((await offline.step(j, {}, ctx())).progress));
    for (let attempt = 0; attempt < 3; attempt++) {
      // Each attempt goes out again (and is refused) instead of first recording a possible duplicate.
      await expect(offline.step(j, progress, ctx())).rejects.toMatchObject({ kind: 'retryable' });
    }
    expect(progress).not.toHaveProperty('possibleDuplicates');
    // A kiosk restart still counts: this process's knowledge is gone with it.
    const restarted = createZolozAdapter({ ...trainingZolozConfig(`http://127.0.0.1:${closed}`, keys), requestTimeoutMs: 2_000 }, { now });
    progress = (await restarted.step(j, progress, ctx())).progress;
    expect(progress).toMatchObject({ possibleDuplicates: 1 });
  });

  it('needs credentials to be created', () => {
    expect(() => createZolozAdapter({ ...trainingZolozConfig(sandbox.url, keys), clientId: undefined })).toThrow(/clientId/);
    expect(() => createZolozAdapter({ ...trainingZolozConfig(sandbox.url, keys), merchantPrivateKey: 'nope' })).toThrow(/not a readable RSA private key/);
    expect(() => createZolozAdapter({ ...trainingZolozConfig(sandbox.url, keys), baseUrl: undefined, environment: 'my' })).toThrow(/baseUrl/);
  });
});
