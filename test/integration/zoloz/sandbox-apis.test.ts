// Every ZOLOZ API end to end against the loopback emulator: RSA plain, RSA encrypted, AK/SK.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../main/providers/provider';
import { createZolozGateway } from '../../../main/providers/zoloz/gateway';
import { createZolozClient, type ZolozClient } from '../../../main/providers/zoloz/client';
import { authFromConfig } from '../../../main/providers/zoloz/adapter';
import { generateSandboxKeys, startZolozSandbox, trainingZolozConfig, type SandboxKeys, type ZolozSandbox } from '../../../main/sandbox/zoloz/server';
import { specimenPage } from '../../fixtures/zoloz/specimen';

let keys: SandboxKeys;
let front: string;
beforeAll(async () => {
  keys = await generateSandboxKeys();
  front = (await specimenPage()).toString('base64');
});

const MODES = [
  { name: 'RSA, unencrypted', authScheme: 'rsa', encrypt: false },
  { name: 'RSA, encrypted (RSA_AES)', authScheme: 'rsa', encrypt: true },
  { name: 'AK/SK', authScheme: 'aksk', encrypt: false },
] as const;

describe.each(MODES)('ZOLOZ APIs over $name', (mode) => {
  let sandbox: ZolozSandbox;
  let client: ZolozClient;
  beforeAll(async () => {
    sandbox = await startZolozSandbox({
      clientId: keys.clientId,
      merchantPublicKeyPem: keys.merchant.publicKeyPem,
      zolozPrivateKeyPem: keys.zoloz.privateKeyPem,
      akSk: keys.akSk,
      processingPolls: 2,
    });
    const config = trainingZolozConfig(sandbox.url, keys, { authScheme: mode.authScheme, encrypt: mode.encrypt });
    client = createZolozClient(createZolozGateway({ baseUrl: sandbox.url, clientId: keys.clientId, auth: authFromConfig(config) }));
  });
  afterAll(() => sandbox.close());

  it('authentication/test echoes the body', async () => {
    expect(await client.authTest({ title: 'hello', description: 'Åsa 李' })).toEqual({ title: 'hello', description: 'Åsa 李' });
  });

  it('idrecognition/recognize returns OCR and spoof results synchronously', async () => {
    const r = await client.recognize({ bizId: 'rec-1', docType: '00000001003', frontPageImage: front });
    expect(r.transactionId).toMatch(/^G/);
    expect(r.recognition.recognitionResult).toBe('Y');
    expect(r.recognition.ocrResult?.ID_NUMBER).toBe('L898902C3');
    expect(r.recognition.spoofResult).toMatchObject({ TAMPER_CHECK: 'Y' });
  });

  it('asyncrecognize then asynccheckresult answers PROCESSING before the result', async () => {
    const { transactionId } = await client.asyncRecognize({ bizId: 'async-1', autoDocCategory: ['PASSPORT'], frontPageImage: front, backPageImage: front });
    expect((await client.asyncCheckResult({ transactionId })).status).toBe('processing');
    expect((await client.asyncCheckResult({ transactionId })).status).toBe('processing');
    const done = await client.asyncCheckResult({ transactionId, extraImageControlList: ['CROPPED_FACE_FROM_DOC'] });
    if (done.status !== 'done') throw new Error('expected a result');
    expect(done.transactionId).toBe(transactionId);
    expect(done.recognition.recognitionResult).toBe('Y');
    expect(Buffer.from(done.recognition.extraImages!.CROPPED_FACE_FROM_DOC!, 'base64').subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('initialize + checkresult as the seed documents them', async () => {
    const init = await client.initialize({ bizId: 'sdk-1', metaInfo: 'MOB_H5', userId: 'hash-of-user', docType: '00000001003' });
    expect(init.clientCfg).toBeTruthy();
    const pending = await client.checkResult({ bizId: 'sdk-1', transactionId: init.transactionId });
    expect(pending.status).toBe('processing');
    expect(sandbox.completeSdkCapture(init.transactionId, { front: Buffer.from(front, 'base64') })).toBe(true);
    const full = await client.checkResult({ bizId: 'sdk-1', transactionId: init.transactionId, extraImageControlList: ['DOC_FRONT_ANGLE', 'CROPPED_FACE_FROM_DOC'] });
    if (full.status !== 'done') throw new Error('expected a result');
    expect(full.recognition).toMatchObject({ certType: '00000001003', docEdition: 1, recognitionResult: 'Y' });
    expect(full.recognition.imageContent).toHaveLength(1);
    expect(full.recognition.ocrResultDetail?.MRZ_ID_NUMBER).toEqual({ name: 'ID_NUMBER', source: 'MRZ', value: 'L898902C3' });
    expect(Object.keys(full.recognition.extraImages ?? {})).toEqual(['CROPPED_FACE_FROM_DOC']); // angle shots were never captured
    const noImages = await client.checkResult({ bizId: 'sdk-1', transactionId: init.transactionId, isReturnImage: 'N' });
    expect(noImages.status === 'done' && noImages.recognition.imageContent).toBeFalsy();
    // wrong bizId for the transaction → INVALID_ARGUMENT → supervisor
    await expect(client.checkResult({ bizId: 'other', transactionId: init.transactionId })).rejects.toMatchObject({ kind: 'invalid', details: { providerCode: 'INVALID_ARGUMENT' } });
  });

  it('facecompare/compare and privacyinfo/delete', async () => {
    const cmp = await client.faceCompare({ bizId: 'fc-1', face1: { content: front }, face2: { content: front } });
    expect(cmp.samePerson).toBe(true);
    expect(cmp.score).toBeGreaterThan(50);
    const { transactionId } = await client.asyncRecognize({ bizId: 'del-1', docType: '00000001003', frontPageImage: front });
    const before = sandbox.stats().deleted;
    await client.privacyDelete({ bizId: 'del-1', transactionId });
    expect(sandbox.stats().deleted).toBe(before + 1);
    await expect(client.asyncCheckResult({ transactionId })).rejects.toMatchObject({ kind: 'invalid', details: { providerCode: 'PARAM_ILLEGAL' } });
  });

  it('used the scheme under test for every call', () => {
    const s = sandbox.stats();
    expect(s.accepted).toBeGreaterThan(5);
    expect(s.encrypted).toBe(mode.encrypt ? s.accepted : 0);
    expect(s.aksk).toBe(mode.authScheme === 'aksk' ? s.accepted : 0);
    expect(s.rejected).toEqual({});
  });
});

describe('request validation before sending', () => {
  it('refuses an image over 5 MB and a bad selector without contacting ZOLOZ', async () => {
    const sandbox = await startZolozSandbox({ clientId: keys.clientId, merchantPublicKeyPem: keys.merchant.publicKeyPem, zolozPrivateKeyPem: keys.zoloz.privateKeyPem });
    try {
      const client = createZolozClient(createZolozGateway({ baseUrl: sandbox.url, clientId: keys.clientId, auth: authFromConfig(trainingZolozConfig(sandbox.url, keys)) }));
      const huge = 'A'.repeat(5 * 1024 * 1024 + 4);
      const err = await client.asyncRecognize({ bizId: 'big', docType: '00000001003', frontPageImage: huge }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as ProviderError).kind).toBe('invalid');
      expect((err as ProviderError).message).toMatch(/larger than ZOLOZ accepts \(5 MB\)/);
      await expect(client.recognize({ bizId: 'both', docType: '00000001003', autoDocCategory: ['PASSPORT'], frontPageImage: front })).rejects.toMatchObject({ kind: 'invalid' });
      await expect(client.recognize({ bizId: 'x'.repeat(33), docType: '00000001003', frontPageImage: front })).rejects.toMatchObject({ kind: 'invalid' });
      expect(sandbox.stats().requests).toBe(0);
      // the server side checks too: not an image → PARAM_ILLEGAL
      await expect(client.recognize({ bizId: 'txt', docType: '00000001003', frontPageImage: Buffer.from('hello world').toString('base64') })).rejects.toMatchObject({
        kind: 'invalid',
        details: { providerCode: 'PARAM_ILLEGAL' },
      });
    } finally {
      await sandbox.close();
    }
  });
});
