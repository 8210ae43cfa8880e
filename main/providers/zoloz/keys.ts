// Loads RSA keys from configuration text. ZOLOZ's Portal and Java SDK hand out keys as bare
// base64 DER (PKCS#8 private, X.509 SubjectPublicKeyInfo public); operators often paste PEM.
// Both are accepted. Error messages never echo the key text.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

function derCandidates(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/=_-]+$/.test(compact)) return null;
  const der = Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
  return der.length > 0 ? der : null;
}

/** Merchant private key: PEM (PKCS#8 or PKCS#1) or base64 DER (PKCS#8 or PKCS#1). */
export function loadPrivateKey(text: string, label = 'merchant private key'): KeyObject {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('-----BEGIN')) return assertRsa(createPrivateKey({ key: trimmed, format: 'pem' }), label);
    const der = derCandidates(trimmed);
    if (der) {
      for (const type of ['pkcs8', 'pkcs1'] as const) {
        try {
          return assertRsa(createPrivateKey({ key: der, format: 'der', type }), label);
        } catch {
          // try the next container format
        }
      }
    }
  } catch (e) {
    if (e instanceof ZolozKeyError) throw e;
  }
  throw new ZolozKeyError(`The ZOLOZ ${label} in the configuration is not a readable RSA private key (PEM or base64 DER expected).`);
}

/** ZOLOZ (or merchant) public key: PEM (SPKI or PKCS#1) or base64 DER (SPKI or PKCS#1). */
export function loadPublicKey(text: string, label = 'ZOLOZ public key'): KeyObject {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('-----BEGIN')) return assertRsa(createPublicKey({ key: trimmed, format: 'pem' }), label);
    const der = derCandidates(trimmed);
    if (der) {
      for (const type of ['spki', 'pkcs1'] as const) {
        try {
          return assertRsa(createPublicKey({ key: der, format: 'der', type }), label);
        } catch {
          // try the next container format
        }
      }
    }
  } catch (e) {
    if (e instanceof ZolozKeyError) throw e;
  }
  throw new ZolozKeyError(`The ${label} in the configuration is not a readable RSA public key (PEM or base64 DER expected).`);
}

function assertRsa(key: KeyObject, label: string): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') throw new ZolozKeyError(`The ${label} in the configuration is not an RSA key.`);
  return key;
}

export class ZolozKeyError extends Error {
  override readonly name = 'ZolozKeyError';
}
