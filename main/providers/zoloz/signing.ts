// The gateway's signature schemes, byte-exact:
//   content = `POST <uri>\n<Client-Id>.<Request-Time or Response-Time>.<body exactly as sent>`
//   RSA:   SHA256withRSA (PKCS#1 v1.5) with the merchant key, standard base64, URL-encoded into
//          `Signature: algorithm=RSA256, signature=<...>`; replies verified with ZOLOZ's public key.
//   AK/SK: HMAC-SHA256 keyed with base64url-decode(secretKey), base64url without padding, raw in
//          `Signature` (Java SDK 1.1 AKSKProtocol / SignatureUtil).
import { createHmac, sign as rsaSignRaw, timingSafeEqual, verify as rsaVerifyRaw, constants, type KeyObject } from 'node:crypto';

export function stringToSign(uri: string, clientId: string, time: string, body: string): string {
  return `POST ${uri}\n${clientId}.${time}.${body}`;
}

/** Base64 SHA256withRSA signature over the UTF-8 bytes of `content`. */
export function rsaSign(content: string, privateKey: KeyObject): string {
  return rsaSignRaw('sha256', Buffer.from(content, 'utf8'), { key: privateKey, padding: constants.RSA_PKCS1_PADDING }).toString('base64');
}

export function rsaVerify(content: string, signatureBase64: string, publicKey: KeyObject): boolean {
  const sig = Buffer.from(signatureBase64, 'base64');
  if (sig.length === 0) return false;
  try {
    return rsaVerifyRaw('sha256', Buffer.from(content, 'utf8'), { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, sig);
  } catch {
    return false;
  }
}

/** HMAC-SHA256, key = base64url-decode(secretKey), output base64url without padding. */
export function hmacSign(content: string, secretKey: string): string {
  return createHmac('sha256', Buffer.from(secretKey, 'base64url')).update(content, 'utf8').digest('base64url');
}

export function hmacVerify(content: string, signature: string, secretKey: string): boolean {
  const expected = Buffer.from(hmacSign(content, secretKey));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** `algorithm=RSA256, signature=<urlencoded base64>` (Java URLEncoder == encodeURIComponent for base64). */
export function formatSignatureHeader(signatureBase64: string): string {
  return `algorithm=RSA256, signature=${encodeURIComponent(signatureBase64)}`;
}

/**
 * Parses composed header values (`Signature`, `Encrypt`) as comma-separated `k=v` pairs. Values are
 * returned still URL-encoded; the PHP sample adds `keyVersion=v1`, which is tolerated.
 */
export function parseHeaderParams(value: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const pair of value.split(',')) {
    const i = pair.indexOf('=');
    if (i <= 0) continue;
    out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  return out;
}

/** Extracts the base64 RSA signature from a `Signature` header value, or null if absent/garbled. */
export function signatureFromHeader(value: string | null | undefined): string | null {
  const params = parseHeaderParams(value);
  const raw = params.signature;
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
