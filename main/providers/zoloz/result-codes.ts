// ZOLOZ `result.{resultStatus,resultCode,resultMessage}` → how the retry policy treats it.
// Source: ZOLOZ "error handling" common codes + the checkresult-specific codes of the seed.
import { ProviderError, type ProviderErrorKind } from '../provider';

export interface ZolozResult {
  resultStatus: string;
  resultCode: string;
  resultMessage?: string | undefined;
}

interface Rule {
  kind: ProviderErrorKind;
  /** Suggested wait before retrying (the worker's backoff still applies on top). */
  retryAfterMs?: number;
  message: string;
}

const RULES: Record<string, Rule> = {
  SYSTEM_ERROR: { kind: 'retryable', message: 'ZOLOZ reported a system error; the outcome is unknown and the request will be retried.' },
  REQUEST_TRAFFIC_EXCEED_LIMIT: { kind: 'retryable', retryAfterMs: 10_000, message: 'ZOLOZ is rate limiting this kiosk; the request will be retried shortly.' },
  // Cautious: the request may still be running at ZOLOZ, so wait longer before the next attempt.
  PROCESS_TIMEOUT: { kind: 'retryable', retryAfterMs: 60_000, message: 'ZOLOZ timed out processing the request; it will be retried after a longer wait.' },
  SIGNATURE_INVALID: { kind: 'auth', message: 'ZOLOZ rejected the request signature. Check the merchant private key, Client-Id and kiosk clock, then resume the provider.' },
  KEY_NOT_FOUND: { kind: 'auth', message: 'ZOLOZ does not know the key this kiosk uses (often sandbox keys against production). Check the ZOLOZ configuration.' },
  MERCHANT_NOT_FOUND: { kind: 'auth', message: 'ZOLOZ does not know this Client-Id (often sandbox credentials against production). Check the ZOLOZ configuration.' },
  OAUTH_FAIL: { kind: 'auth', message: 'ZOLOZ refused access for this account. Ask the ZOLOZ administrator to check the credentials.' },
  OAUTH_RESOURCE_CODE_FAIL: { kind: 'auth', message: 'ZOLOZ refused access for this account. Ask the ZOLOZ administrator to check the credentials.' },
  ACCESS_DENIED: { kind: 'auth', message: 'This ZOLOZ account is not allowed to call this API. Ask the ZOLOZ administrator to enable it.' },
  NO_INTERFACE_DEF: { kind: 'auth', message: 'ZOLOZ does not offer this API to this account or host. Check the ZOLOZ environment setting.' },
  PRODUCT_QUOTA_LIMIT: { kind: 'auth', message: 'The ZOLOZ usage quota is exhausted. Contact the ZOLOZ account manager, then resume the provider.' },
  PARAM_MISSING: { kind: 'invalid', message: 'ZOLOZ rejected the request as incomplete. A supervisor must review this verification.' },
  PARAM_ILLEGAL: { kind: 'invalid', message: 'ZOLOZ rejected a value in the request. A supervisor must review this verification.' },
  MSG_PARSE_ERROR: { kind: 'invalid', message: 'ZOLOZ could not read the request. A supervisor must review this verification.' },
  INVALID_ARGUMENT: { kind: 'invalid', message: 'ZOLOZ rejected a value in the request. A supervisor must review this verification.' },
  UNUSABLE: { kind: 'invalid', message: 'ZOLOZ is blocking this transaction for now (cool-down). A supervisor must review it.' },
  LIMIT_EXCEEDED: { kind: 'invalid', message: 'Too many attempts in this ZOLOZ transaction. Start a new verification.' },
};

/** Codes for which resultStatus S means "not an error". PROCESSING = poll again. */
export const NON_ERROR_CODES = new Set(['SUCCESS', 'PROCESSING']);

/**
 * Null when the call succeeded (status S with SUCCESS/PROCESSING), else the ProviderError to throw.
 * Unknown codes: status U (unknown outcome) retries; status F goes to a supervisor.
 */
export function errorForResult(result: ZolozResult, context: { api: string; rawBody?: string }): ProviderError | null {
  if (result.resultStatus === 'S' && NON_ERROR_CODES.has(result.resultCode)) return null;
  const rule = RULES[result.resultCode];
  const kind: ProviderErrorKind = rule?.kind ?? (result.resultStatus === 'U' ? 'retryable' : 'invalid');
  const message = rule?.message ?? `ZOLOZ answered ${result.resultCode} (${result.resultStatus}) to ${context.api}. A supervisor must review this verification.`;
  return new ProviderError(kind, message, {
    providerCode: result.resultCode,
    ...(rule?.retryAfterMs !== undefined ? { retryAfterMs: rule.retryAfterMs } : {}),
    ...(context.rawBody !== undefined ? { rawBody: context.rawBody } : {}),
  });
}
