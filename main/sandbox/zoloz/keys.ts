// Fresh key material for training mode: the kiosk and its embedded ZOLOZ emulator get a new
// merchant pair, a new "ZOLOZ" pair and an AK/SK per run, so training mode needs no configured
// keys and no real key ever sits in the repo.
import { generateKeyPair, randomBytes, randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import type { ZolozConfig } from '../../config';

const genRsa = promisify(generateKeyPair);

export interface PemPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

export interface SandboxKeys {
  clientId: string;
  merchant: PemPair;
  zoloz: PemPair;
  akSk: { accessKey: string; secretKey: string };
}

async function rsaPair(): Promise<PemPair> {
  const { publicKey, privateKey } = await genRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

export async function generateSandboxKeys(): Promise<SandboxKeys> {
  const [merchant, zoloz] = await Promise.all([rsaPair(), rsaPair()]);
  // 16-digit Client-Id like the Portal issues.
  const clientId = String(randomInt(1, 10)) + Array.from({ length: 15 }, () => randomInt(0, 10)).join('');
  return {
    clientId,
    merchant,
    zoloz,
    akSk: { accessKey: `AK${randomBytes(8).toString('hex').toUpperCase()}`, secretKey: randomBytes(32).toString('base64url') },
  };
}

/** The kiosk-side ZolozConfig that talks to a sandbox started with the same keys. */
export function trainingZolozConfig(url: string, keys: SandboxKeys, options: { authScheme?: 'rsa' | 'aksk'; encrypt?: boolean; requestTimeoutMs?: number } = {}): ZolozConfig {
  return {
    clientId: keys.clientId,
    merchantPrivateKey: keys.merchant.privateKeyPem,
    zolozPublicKey: keys.zoloz.publicKeyPem,
    accessKey: keys.akSk.accessKey,
    secretKey: keys.akSk.secretKey,
    authScheme: options.authScheme ?? 'rsa',
    encrypt: options.encrypt ?? false,
    environment: 'sandbox',
    baseUrl: url,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
  };
}
