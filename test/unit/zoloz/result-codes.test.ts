import { describe, expect, it } from 'vitest';
import { errorForResult } from '../../../main/providers/zoloz/result-codes';

const kind = (resultCode: string, resultStatus = 'F') => errorForResult({ resultCode, resultStatus }, { api: 'x' })?.kind ?? null;

describe('result codes → retry policy', () => {
  it('treats success and PROCESSING as non-errors', () => {
    expect(kind('SUCCESS', 'S')).toBeNull();
    expect(kind('PROCESSING', 'S')).toBeNull();
  });
  it('retries transient codes, PROCESS_TIMEOUT more cautiously', () => {
    expect(kind('SYSTEM_ERROR', 'U')).toBe('retryable');
    expect(kind('SYSTEM_ERROR', 'F')).toBe('retryable');
    expect(kind('REQUEST_TRAFFIC_EXCEED_LIMIT')).toBe('retryable');
    const timeout = errorForResult({ resultCode: 'PROCESS_TIMEOUT', resultStatus: 'F' }, { api: 'x' })!;
    const traffic = errorForResult({ resultCode: 'REQUEST_TRAFFIC_EXCEED_LIMIT', resultStatus: 'F' }, { api: 'x' })!;
    expect(timeout.kind).toBe('retryable');
    expect(timeout.details.retryAfterMs!).toBeGreaterThan(traffic.details.retryAfterMs!);
  });
  it('pauses the provider for credential and access errors', () => {
    for (const c of ['SIGNATURE_INVALID', 'KEY_NOT_FOUND', 'MERCHANT_NOT_FOUND', 'OAUTH_FAIL', 'OAUTH_RESOURCE_CODE_FAIL', 'ACCESS_DENIED', 'PRODUCT_QUOTA_LIMIT']) expect(kind(c)).toBe('auth');
  });
  it('sends parameter errors to a supervisor', () => {
    for (const c of ['PARAM_MISSING', 'PARAM_ILLEGAL', 'MSG_PARSE_ERROR', 'INVALID_ARGUMENT', 'LIMIT_EXCEEDED']) expect(kind(c)).toBe('invalid');
  });
  it('handles unknown codes by status', () => {
    expect(kind('BRAND_NEW', 'U')).toBe('retryable');
    expect(kind('BRAND_NEW', 'F')).toBe('invalid');
    expect(errorForResult({ resultCode: 'SIGNATURE_INVALID', resultStatus: 'F' }, { api: 'x' })!.details.providerCode).toBe('SIGNATURE_INVALID');
  });
});
