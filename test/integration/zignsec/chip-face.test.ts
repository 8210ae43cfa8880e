// The chip face to ZignSec (chip.sendChipFace), over real HTTP against the emulator, with the job read
// from a real encrypted store holding a verified chip read (JPEG 2000 face, test/fixtures/chip): when
// the policy is on, the face goes once as an `OtherDocument` JPEG after the captures, the read is marked
// face_sent with one audit row, and a lost reply (a restarted process with the progress from before the
// upload) is reconciled by file name instead of sent again; when it is off, nothing extra is sent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KioskConfigSchema, type ZignSecConfig } from '../../../main/config';
import type { ProviderProgress } from '../../../main/providers/provider';
import { chipFaceReference, createZignSecAdapter } from '../../../main/providers/zignsec/adapter';
import { createChipReadStore } from '../../../main/store/chip-reads';
import type { Store } from '../../../main/store/store';
import { defaultJudge, type JudgeDocument } from '../../../main/sandbox/zignsec/judge';
import { startZignSecSandbox, type ZignSecSandbox } from '../../../main/sandbox/zignsec/server';
import { captureInput, key, openStore, tempDir } from '../store/support';
import { drive, noCtx, specimenImage } from './helpers';

const API_KEY = 'chip-face-key-abcdef';
const FACE_JP2 = readFileSync(join(__dirname, '../../fixtures/chip/synthetic-face.jp2'));
let sandbox: ZignSecSandbox;
let page: Buffer;
/** What the emulator's judge was given, per analysis (its real default verdict is returned). */
const judged: JudgeDocument[][] = [];

const config = (): ZignSecConfig =>
  KioskConfigSchema.parse({ dataDir: '/tmp/unused', providers: { zignsec: { apiKey: API_KEY, baseUrl: sandbox.url } } }).providers.zignsec;

const tmp = tempDir('kiosk-chip-face-');
let store: Store;

beforeAll(async () => {
  sandbox = await startZignSecSandbox({
    apiKey: API_KEY,
    analysisDelayMs: 30,
    judge: async (docs, ctx) => {
      judged.push(docs);
      return defaultJudge(docs, ctx);
    },
  });
  page = await specimenImage();
  store = openStore(tmp.dir, key());
});
afterEach(() => {
  judged.length = 0;
});
afterAll(async () => {
  store.close();
  tmp.cleanup();
  await sandbox.close();
});

/** A submitted passport verification with one verified chip read holding a JPEG 2000 face; returns its ids. */
function passportWithChipFace(outcome = 'verified'): { id: string; readId: number } {
  const v = store.createVerification({ documentType: 'passport', provider: 'zignsec', locale: 'en' });
  store.putCapture(captureInput(v.id, 'front', page));
  createChipReadStore(store.db).save({
    verificationId: v.id, readAt: Date.now(), outcome, reason: null, message: 'Chip verified', country: 'UTO', accessMethod: 'bac',
    signerSubject: 'CN=Synthetic DS', dataGroups: [1, 2], printedMrzMatch: true, training: true, cloneCheck: null, revocation: null,
    sod: null, dg1: null, face: { bytes: FACE_JP2, format: 'jpeg2000' },
  });
  store.submitVerification(v.id, ['front']);
  const { id: readId } = store.db.prepare<[string], { id: number }>('SELECT id FROM chip_reads WHERE verification_id = ?').get(v.id)!;
  return { id: v.id, readId };
}
const faceSent = (readId: number): number => store.db.prepare<[number], { face_sent: number }>('SELECT face_sent FROM chip_reads WHERE id = ?').get(readId)!.face_sent;
const auditRows = (id: string): Array<{ actor: string; detail: string }> =>
  store.db.prepare<[string], { actor: string; detail: string }>("SELECT actor, detail FROM audit_log WHERE verification_id = ? AND action = 'chip_face_sent'").all(id);
const otherDocs = (): JudgeDocument[] => judged.flat().filter((d) => d.documentType === 'OtherDocument');
const job = (id: string) => store.syncTask(id)!.job;

describe('chip.sendChipFace', () => {
  it('true: the face goes once as an OtherDocument JPEG after the captures, marked sent and audited', async () => {
    const { id, readId } = passportWithChipFace();
    expect(job(id).chipFace?.readId).toBe(readId);
    const { final, steps } = await drive(createZignSecAdapter(config(), { pollMinMs: 10, sendChipFace: true }), job(id));
    expect(final.outcome.decision).toBe('accepted');
    const uploads = steps.filter((s) => s.startsWith('document_uploaded') || s === 'chip_face_uploaded');
    expect(uploads).toEqual([`document_uploaded:${job(id).captures[0]!.id}`, 'chip_face_uploaded']);
    expect(judged).toHaveLength(1);
    expect(judged[0]!.map((d) => d.documentType)).toEqual(['Passport', 'OtherDocument']);
    const face = otherDocs()[0]!;
    expect(face.fileName).toBe(`${chipFaceReference(readId)}.jpg`);
    expect(face.jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff])); // JPEG, converted from the chip's JPEG 2000
    expect((final.progress as { chipFace?: number }).chipFace).toEqual(expect.any(Number));
    expect(faceSent(readId)).toBe(1);
    const rows = auditRows(id);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.detail)).toEqual({ provider: 'zignsec', format: 'jpeg2000' });
  });

  it('a lost reply: a restarted process finds the face by file name and does not send it again', async () => {
    const { id, readId } = passportWithChipFace();
    const first = createZignSecAdapter(config(), { pollMinMs: 10, sendChipFace: true });
    let progress: ProviderProgress = {};
    for (let i = 0; i < 10 && !(progress as { documents?: Record<string, number> }).documents?.[job(id).captures[0]!.id]; i++)
      progress = (await first.step(job(id), progress, noCtx())).progress;
    const beforeFace = progress;
    // The upload reaches ZignSec, but its reply (and the step it would have recorded) is lost.
    expect((await first.step(job(id), beforeFace, noCtx())).step).toBe('chip_face_uploaded');
    const before = sandbox.stats();
    const restarted = createZignSecAdapter(config(), { pollMinMs: 10, sendChipFace: true });
    const again = await restarted.step(job(id), beforeFace, noCtx());
    expect(again.step).toBe('chip_face_uploaded');
    expect((again.progress as { reconciled: string[]; possibleDuplicates: number }).reconciled).toContain('chip_face:found');
    expect((again.progress as { possibleDuplicates: number }).possibleDuplicates).toBe(0);
    const { final } = await drive(restarted, job(id), { progress: again.progress });
    expect(final.outcome.decision).toBe('accepted');
    expect((sandbox.stats().addDocument ?? 0) - (before.addDocument ?? 0)).toBe(0);
    expect(otherDocs()).toHaveLength(1);
    expect(faceSent(readId)).toBe(1);
    expect(auditRows(id)).toHaveLength(1);
  });

  it('false (the default): nothing beyond the captures is sent, and the face stays unsent', async () => {
    const { id, readId } = passportWithChipFace();
    const { final, steps } = await drive(createZignSecAdapter(config(), { pollMinMs: 10 }), job(id));
    expect(final.outcome.decision).toBe('accepted');
    expect(steps).not.toContain('chip_face_uploaded');
    expect(judged.flat().map((d) => d.documentType)).toEqual(['Passport']);
    expect(faceSent(readId)).toBe(0);
    expect(auditRows(id)).toHaveLength(0);
  });

  it('true, but the chip read is not verified: no face on the job, nothing extra sent', async () => {
    const { id, readId } = passportWithChipFace('failed');
    expect(job(id).chipFace).toBeUndefined();
    const { final } = await drive(createZignSecAdapter(config(), { pollMinMs: 10, sendChipFace: true }), job(id));
    expect(final.outcome.decision).toBe('accepted');
    expect(otherDocs()).toHaveLength(0);
    expect(faceSent(readId)).toBe(0);
  });
});
