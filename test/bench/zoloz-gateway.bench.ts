// Figures for the ZOLOZ gateway: crypto costs and full signed round trips against the emulator.
// Run: npx tsx test/bench/zoloz-gateway.bench.ts
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { rsaSign, rsaVerify } from '../../main/providers/zoloz/signing';
import { unwrapKeyPkcs1 } from '../../main/providers/zoloz/rsa-pkcs1';
import { aesDecrypt, aesEncrypt, newAesKey } from '../../main/providers/zoloz/encryption';
import { createZolozGateway } from '../../main/providers/zoloz/gateway';
import { createZolozClient } from '../../main/providers/zoloz/client';
import { authFromConfig } from '../../main/providers/zoloz/adapter';
import { generateSandboxKeys, startZolozSandbox, trainingZolozConfig } from '../../main/sandbox/zoloz/server';
import { specimenPage } from '../fixtures/zoloz/specimen';

async function time(label: string, n: number, fn: () => unknown | Promise<unknown>): Promise<void> {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const ms = (performance.now() - t0) / n;
  console.log(`${label.padEnd(58)} ${ms.toFixed(3).padStart(9)} ms/op  (n=${n})`);
}

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const content = 'POST /api/v1/zoloz/idrecognition/asyncrecognize\n1234567890123456.2026-11-22T12:00:00+0800.' + 'x'.repeat(1_000_000);
const sig = rsaSign(content, privateKey);
const aes = newAesKey(256);
const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, aes);
const mb = 'y'.repeat(1_000_000);
const ct = aesEncrypt(mb, aes);

await time('RSA-2048 sign, 1 MB string to sign', 50, () => rsaSign(content, privateKey));
await time('RSA-2048 verify, 1 MB', 50, () => rsaVerify(content, sig, publicKey));
await time('AES-256-ECB encrypt 1 MB + base64', 50, () => aesEncrypt(mb, aes));
await time('AES-256-ECB decrypt 1 MB base64', 50, () => aesDecrypt(ct, aes));
await time('reply key unwrap, node-forge (pure JS) PKCS#1 v1.5', 30, () => unwrapKeyPkcs1(wrapped, privateKey));
await time('reply key unwrap, node:crypto privateDecrypt (for comparison)', 30, () => privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, wrapped));

const keys = await generateSandboxKeys();
const sandbox = await startZolozSandbox({ clientId: keys.clientId, merchantPublicKeyPem: keys.merchant.publicKeyPem, zolozPrivateKeyPem: keys.zoloz.privateKeyPem, akSk: keys.akSk, processingPolls: 0 });
const image = (await specimenPage({ width: 2400 })).toString('base64');
console.log(`specimen image: ${(image.length / 1024).toFixed(0)} KiB base64`);
for (const mode of [
  { name: 'RSA', authScheme: 'rsa', encrypt: false },
  { name: 'RSA + RSA_AES', authScheme: 'rsa', encrypt: true },
  { name: 'AK/SK', authScheme: 'aksk', encrypt: false },
] as const) {
  const client = createZolozClient(createZolozGateway({ baseUrl: sandbox.url, clientId: keys.clientId, auth: authFromConfig(trainingZolozConfig(sandbox.url, keys, mode)) }));
  await time(`authentication/test round trip, ${mode.name}`, 30, () => client.authTest({ hello: 'world' }));
  await time(`asyncrecognize (image above) round trip, ${mode.name}`, 10, () => client.asyncRecognize({ bizId: 'bench', docType: '00000001003', frontPageImage: image }));
}
await sandbox.close();
