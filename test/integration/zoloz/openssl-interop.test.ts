// Independent implementation on the other side: the real openssl binary, as ZOLOZ's own
// zoloz.sh uses it (dgst -sha256 -sign/-verify, enc -aes-*-ecb).
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rsaSign, rsaVerify, stringToSign } from '../../../main/providers/zoloz/signing';
import { aesDecrypt, aesEncrypt, newAesKey } from '../../../main/providers/zoloz/encryption';
import { loadPrivateKey, loadPublicKey } from '../../../main/providers/zoloz/keys';

const dir = mkdtempSync(join(tmpdir(), 'zoloz-openssl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privPem = join(dir, 'priv.pem');
const pubPem = join(dir, 'pub.pem');
writeFileSync(privPem, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(pubPem, pair.publicKey.export({ type: 'spki', format: 'pem' }));

const content = stringToSign(
  '/api/v1/zoloz/idrecognition/asyncrecognize',
  '2089012345678901',
  '2026-11-22T20:15:00+0800',
  JSON.stringify({ bizId: 'v-1', docType: '00000001003', frontPageImage: '/9j/4AAQ', name: 'Åsa' }),
);

const openssl = (args: string[], input?: Buffer) => execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });

describe('openssl interop', () => {
  it('openssl dgst -sha256 -verify accepts our signature and rejects it over a tampered body', () => {
    const file = join(dir, 'content.txt');
    const sigFile = join(dir, 'sig.bin');
    writeFileSync(file, content, 'utf8');
    writeFileSync(sigFile, Buffer.from(rsaSign(content, loadPrivateKey(readFileSync(privPem, 'utf8'))), 'base64'));
    expect(openssl(['dgst', '-sha256', '-verify', pubPem, '-signature', sigFile, file]).toString()).toContain('Verified OK');
    writeFileSync(file, content.replace('v-1', 'v-2'), 'utf8');
    expect(() => openssl(['dgst', '-sha256', '-verify', pubPem, '-signature', sigFile, file])).toThrow();
  });

  it('our verifier accepts a signature made by openssl dgst -sign, and rejects it on a changed time', () => {
    const file = join(dir, 'content2.txt');
    writeFileSync(file, content, 'utf8');
    const sig = openssl(['dgst', '-sha256', '-sign', privPem, file]).toString('base64');
    const pub = loadPublicKey(readFileSync(pubPem, 'utf8'));
    expect(rsaVerify(content, sig, pub)).toBe(true);
    expect(rsaVerify(content.replace('20:15:00', '20:15:01'), sig, pub)).toBe(false);
  });

  it('AES-256-ECB round-trips with openssl enc in both directions', () => {
    const key = newAesKey(256);
    const plain = JSON.stringify({ result: { resultStatus: 'S' }, ocr: 'ÅÄÖ 李' });
    const ours = aesEncrypt(plain, key);
    const decrypted = openssl(['enc', '-d', '-aes-256-ecb', '-K', key.toString('hex')], Buffer.from(ours, 'base64'));
    expect(decrypted.toString('utf8')).toBe(plain);
    const theirs = openssl(['enc', '-aes-256-ecb', '-K', key.toString('hex')], Buffer.from(plain, 'utf8')).toString('base64');
    expect(theirs).toBe(ours); // ECB + PKCS#5 is deterministic
    expect(aesDecrypt(theirs, key)).toBe(plain);
    const k128 = newAesKey(128);
    expect(aesDecrypt(openssl(['enc', '-aes-128-ecb', '-K', k128.toString('hex')], Buffer.from(plain)).toString('base64'), k128)).toBe(plain);
  });
});
