// ZOLOZ gateway transport: signs (and optionally encrypts) each request exactly as sent, verifies
// the reply signature over the raw body BEFORE reading it, then decrypts with the reply's own key.
// Request-Time and the signature are computed at send time (never at capture time), so a job that
// sat in the offline outbox for days is signed fresh. Nothing here logs: keys, AES keys and
// signatures must never reach a log line or an error message.
import type { KeyObject } from 'node:crypto';
import { startDeadline } from '../deadline';
import { ProviderError } from '../provider';
import { parseRetryAfter } from '../retry-after';
import { PROVIDER_USER_AGENT } from '../user-agent';
import { formatZolozTime } from './time';
import { formatSignatureHeader, hmacSign, hmacVerify, rsaSign, rsaVerify, signatureFromHeader, stringToSign } from './signing';
import { aesDecrypt, aesEncrypt, formatEncryptHeader, keyFromEncryptHeader, newAesKey, wrapKey } from './encryption';

export type ZolozAuth =
  | { scheme: 'rsa'; merchantPrivateKey: KeyObject; zolozPublicKey: KeyObject; encrypt: boolean }
  | { scheme: 'aksk'; accessKey: string; secretKey: string };

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface GatewayOptions {
  baseUrl: string;
  clientId: string;
  auth: ZolozAuth;
  fetch?: FetchLike;
  now?: () => Date;
  /** ZOLOZ's WAF blocks requests without a User-Agent, so one is always sent. */
  userAgent?: string;
  timeoutMs?: number;
  /** Zone offset written in Request-Time (minutes east of UTC); UTC by default. */
  timeOffsetMinutes?: number;
}

export interface GatewayReply {
  /** The parsed JSON reply (after verification and decryption). */
  body: unknown;
  /** The JSON text of the reply (decrypted when encryption is on). */
  text: string;
  status: number;
  responseTime: string;
}

export interface ZolozGateway {
  /** POST `payload` to `uri` (e.g. `/api/v1/zoloz/idrecognition/asyncrecognize`). Throws ProviderError. */
  call(uri: string, payload: object, options?: { signal?: AbortSignal }): Promise<GatewayReply>;
  readonly baseUrl: string;
}

export const DEFAULT_USER_AGENT = PROVIDER_USER_AGENT;

export function createZolozGateway(options: GatewayOptions): ZolozGateway {
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const now = options.now ?? (() => new Date());
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const { clientId, auth } = options;

  async function call(uri: string, payload: object, callOptions: { signal?: AbortSignal } = {}): Promise<GatewayReply> {
    const api = uri.replace(/^\/api\/v\d+\/zoloz\//, '');
    const json = JSON.stringify(payload);
    const requestTime = formatZolozTime(now(), options.timeOffsetMinutes ?? 0);
    const headers: Record<string, string> = {
      'Client-Id': clientId,
      'Request-Time': requestTime,
      'User-Agent': options.userAgent ?? DEFAULT_USER_AGENT,
    };
    let body = json;
    if (auth.scheme === 'rsa') {
      if (auth.encrypt) {
        const key = newAesKey(256);
        body = aesEncrypt(json, key);
        headers['Content-Type'] = 'text/plain; charset=UTF-8';
        headers['Encrypt'] = formatEncryptHeader(wrapKey(key, auth.zolozPublicKey));
      } else {
        headers['Content-Type'] = 'application/json; charset=UTF-8';
      }
      // Signed over the body exactly as sent: the ciphertext when encrypted.
      headers['Signature'] = formatSignatureHeader(rsaSign(stringToSign(uri, clientId, requestTime, body), auth.merchantPrivateKey));
    } else {
      headers['Content-Type'] = 'application/json; charset=UTF-8';
      headers['Auth-Type'] = 'AKSK';
      headers['Access-Key'] = auth.accessKey;
      headers['Signature'] = hmacSign(stringToSign(uri, clientId, requestTime, body), auth.secretKey);
    }

    // One deadline covers the request and reading the reply (deadline.ts: why not AbortSignal.timeout).
    const deadline = startDeadline(timeoutMs, callOptions.signal);
    let response: Response;
    let raw: string;
    try {
      response = await doFetch(baseUrl + uri, { method: 'POST', headers, body, signal: deadline.signal });
      raw = await response.text();
    } catch (e) {
      if (callOptions.signal?.aborted) throw e;
      const timedOut = deadline.timedOut || (e as Error)?.name === 'TimeoutError';
      throw new ProviderError('retryable', timedOut ? `ZOLOZ did not answer ${api} within ${Math.round(timeoutMs / 1000)} s; it will be retried.` : `ZOLOZ could not be reached (${api}); it will be retried.`, { cause: e });
    } finally {
      deadline.done();
    }

    const status = response.status;
    const responseTime = response.headers.get('response-time') ?? '';
    const signatureHeader = response.headers.get('signature');
    if (!signatureHeader) {
      // A proxy or load balancer failing in front of ZOLOZ answers unsigned: that is a transient
      // network fault, not a forged reply. A 2xx without a signature is never trusted.
      if (status >= 500 || status === 429) throw transient(status, api, response.headers.get('retry-after'), now());
      throw new ProviderError('auth', `The ZOLOZ reply to ${api} was not signed, so it was not read. Check the ZOLOZ host setting (HTTP ${status}).`, { status });
    }
    const content = stringToSign(uri, clientId, responseTime, raw);
    const verified =
      auth.scheme === 'rsa'
        ? ((sig) => sig !== null && rsaVerify(content, sig, auth.zolozPublicKey))(signatureFromHeader(signatureHeader))
        : hmacVerify(content, signatureHeader.trim(), auth.secretKey);
    if (!verified) {
      // Not read, not trusted. Kind 'auth' (a wrong key is a configuration fault), marked so the
      // retry policy first treats it as a passing fault (a corrupting hop) a bounded number of times.
      throw new ProviderError(
        'auth',
        `The ZOLOZ reply to ${api} failed signature verification, so it was not read. It is retried a few times; if it keeps failing, check the ZOLOZ public key in the configuration.`,
        { status, unverifiedReply: true },
      );
    }

    let text = raw;
    const encryptHeader = response.headers.get('encrypt');
    if (auth.scheme === 'rsa' && encryptHeader) {
      try {
        text = aesDecrypt(raw, keyFromEncryptHeader(encryptHeader, auth.merchantPrivateKey));
      } catch (e) {
        throw new ProviderError('auth', `The signed ZOLOZ reply to ${api} could not be decrypted with the merchant private key. Check the ZOLOZ key pair registered in the Portal.`, { status, cause: e });
      }
    }
    if (status >= 500 || status === 429) throw transient(status, api, response.headers.get('retry-after'), now(), text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new ProviderError('schema', `The ZOLOZ reply to ${api} is not JSON (HTTP ${status}).`, { status, rawBody: text.slice(0, 4_000), cause: e });
    }
    return { body: parsed, text, status, responseTime };
  }

  return { call, baseUrl };
}

/** 5xx or 429: retried; Retry-After in either form (seconds or an HTTP-date) sets the earliest retry. */
function transient(status: number, api: string, retryAfter: string | null, now: Date, rawBody?: string): ProviderError {
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  return new ProviderError('retryable', `ZOLOZ is temporarily unavailable (HTTP ${status} on ${api}); it will be retried.`, {
    status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(rawBody !== undefined ? { rawBody: rawBody.slice(0, 4_000) } : {}),
  });
}
