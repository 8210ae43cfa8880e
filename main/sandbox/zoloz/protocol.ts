// The emulator's side of the ZOLOZ gateway protocol: checks an incoming request the way the real
// gateway does (Client-Id, Request-Time format, signature over the exact body, optional RSA_AES
// decryption) and signs/encrypts replies. Reuses the kiosk's primitives, but verification here is
// the mirror image of signing there, so a bug on one side shows up as a rejected request.
import type { KeyObject } from 'node:crypto';
import { hmacSign, hmacVerify, rsaSign, rsaVerify, signatureFromHeader, stringToSign, formatSignatureHeader } from '../../providers/zoloz/signing';
import { aesDecrypt, aesEncrypt, formatEncryptHeader, keyFromEncryptHeader, newAesKey, wrapKey } from '../../providers/zoloz/encryption';
import { formatZolozTime, parseZolozTime } from '../../providers/zoloz/time';

export interface GatewayKeys {
  clientId: string;
  merchantPublicKey: KeyObject;
  zolozPrivateKey: KeyObject;
  akSk?: { accessKey: string; secretKey: string } | undefined;
  /** Largest accepted |Request-Time - now| (undocumented at ZOLOZ; 15 min here). */
  maxSkewMs: number;
}

export type Rejection = { resultStatus: 'F'; resultCode: string; resultMessage: string };

export interface AcceptedRequest {
  scheme: 'rsa' | 'aksk';
  clientId: string;
  json: unknown;
  encrypted: boolean;
}

type Headers = Record<string, string | string[] | undefined>;
const header = (h: Headers, name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

const reject = (resultCode: string, resultMessage: string): { rejected: Rejection } => ({ rejected: { resultStatus: 'F', resultCode, resultMessage } });

export function acceptRequest(uri: string, headers: Headers, body: string, keys: GatewayKeys, now: Date): { accepted: AcceptedRequest } | { rejected: Rejection } {
  const clientId = header(headers, 'client-id');
  if (!clientId) return reject('PARAM_MISSING', 'Client-Id header is missing');
  if (clientId !== keys.clientId) return reject('MERCHANT_NOT_FOUND', 'merchant not found');
  const requestTime = header(headers, 'request-time');
  if (!requestTime) return reject('PARAM_MISSING', 'Request-Time header is missing');
  // A colon in the offset (`+08:00`), a `Z` or milliseconds: the real gateway cannot rebuild the
  // signed string from it and answers SIGNATURE_INVALID (the documented cause list names the time format).
  const at = parseZolozTime(requestTime);
  if (!at) return reject('SIGNATURE_INVALID', 'signature invalid: Request-Time must look like 2019-04-04T12:08:56+0530');
  if (Math.abs(at.getTime() - now.getTime()) > keys.maxSkewMs) return reject('SIGNATURE_INVALID', 'signature invalid: Request-Time is too far from the server time');
  const signature = header(headers, 'signature');
  if (!signature) return reject('SIGNATURE_INVALID', 'signature invalid: Signature header is missing');
  const content = stringToSign(uri, clientId, requestTime, body);

  if ((header(headers, 'auth-type') ?? '').toUpperCase() === 'AKSK') {
    if (!keys.akSk) return reject('ACCESS_DENIED', 'AK/SK authentication is not enabled for this merchant');
    if (header(headers, 'access-key') !== keys.akSk.accessKey) return reject('KEY_NOT_FOUND', 'key not found');
    if (header(headers, 'encrypt')) return reject('PARAM_ILLEGAL', 'encryption is not supported with AK/SK');
    if (!hmacVerify(content, signature.trim(), keys.akSk.secretKey)) return reject('SIGNATURE_INVALID', 'signature invalid');
    return parseJson(body, { scheme: 'aksk', clientId, encrypted: false });
  }

  const sig = signatureFromHeader(signature);
  if (!sig || !rsaVerify(content, sig, keys.merchantPublicKey)) return reject('SIGNATURE_INVALID', 'signature invalid');
  const encryptHeader = header(headers, 'encrypt');
  if (encryptHeader) {
    let plain: string;
    try {
      plain = aesDecrypt(body, keyFromEncryptHeader(encryptHeader, keys.zolozPrivateKey));
    } catch {
      return reject('MSG_PARSE_ERROR', 'encrypted message cannot be decrypted');
    }
    return parseJson(plain, { scheme: 'rsa', clientId, encrypted: true });
  }
  if ((header(headers, 'content-type') ?? '').includes('text/plain')) return reject('MSG_PARSE_ERROR', 'text/plain body without an Encrypt header');
  return parseJson(body, { scheme: 'rsa', clientId, encrypted: false });
}

function parseJson(text: string, meta: Omit<AcceptedRequest, 'json'>): { accepted: AcceptedRequest } | { rejected: Rejection } {
  try {
    const json = JSON.parse(text) as unknown;
    if (!json || typeof json !== 'object' || Array.isArray(json)) return reject('MSG_PARSE_ERROR', 'request body must be a JSON object');
    return { accepted: { ...meta, json } };
  } catch {
    return reject('MSG_PARSE_ERROR', 'request body is not valid JSON');
  }
}

/** Builds the reply exactly like the gateway: encrypted iff the request was, then signed over the raw body. */
export function buildReply(
  uri: string,
  clientId: string,
  payload: unknown,
  mode: { scheme: 'rsa' | 'aksk'; encrypted: boolean },
  keys: GatewayKeys,
  now: Date,
): { headers: Record<string, string>; body: string } {
  const json = JSON.stringify(payload);
  const responseTime = formatZolozTime(now, 480); // the real gateway answers in +0800
  const headers: Record<string, string> = { 'Response-Time': responseTime, 'Client-Id': clientId };
  let body = json;
  if (mode.encrypted) {
    // A NEW key per reply, wrapped with the merchant's public key (not the request's key).
    const key = newAesKey(256);
    body = aesEncrypt(json, key);
    headers['Content-Type'] = 'text/plain; charset=UTF-8';
    headers['Encrypt'] = formatEncryptHeader(wrapKey(key, keys.merchantPublicKey));
  } else {
    headers['Content-Type'] = 'application/json; charset=UTF-8';
  }
  const content = stringToSign(uri, clientId, responseTime, body);
  headers['Signature'] = mode.scheme === 'aksk' && keys.akSk ? hmacSign(content, keys.akSk.secretKey) : formatSignatureHeader(rsaSign(content, keys.zolozPrivateKey));
  return { headers, body };
}
