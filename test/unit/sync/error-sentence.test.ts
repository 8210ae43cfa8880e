// The sync's last error as the screen's sentence: each failure the ZignSec and ZOLOZ code raises maps to
// its catalogue key by its structure (kind, HTTP status, provider code, local mark), never by its English;
// a provider's description never reaches a parameter; every key renders in English through the catalogue.
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../main/providers/provider';
import { httpFailure, networkFailure, schemaFailure } from '../../../main/providers/zignsec/errors';
import { errorForResult } from '../../../main/providers/zoloz/result-codes';
import { syncErrorSentence } from '../../../main/sync/error-sentence';
import { englishText, KioskMessage, kioskMessage } from '../../../shared/kiosk-message';

const zignsecBody = (code: string, description: string) => JSON.stringify({ errors: [{ code, description }] });

describe('syncErrorSentence', () => {
  it('ZignSec HTTP failures: throttled, temporary, refused credentials, session gone, rejected with its code', () => {
    const said = 'Customer Jane Doe, document X1234567 is invalid';
    expect(syncErrorSentence('zignsec', httpFailure('upload', 429, '', '5'))).toEqual({ key: 'sync_provider_busy', params: { provider: 'ZignSec' } });
    expect(syncErrorSentence('zignsec', httpFailure('upload', 503, zignsecBody('Busy', said), null))).toEqual({
      key: 'sync_provider_trouble',
      params: { provider: 'ZignSec', status: 503 },
    });
    expect(syncErrorSentence('zignsec', httpFailure('create session', 401, '', null))).toEqual({ key: 'sync_credentials_refused', params: { provider: 'ZignSec' } });
    expect(syncErrorSentence('zignsec', httpFailure('poll', 404, '', null))).toEqual({ key: 'sync_session_restarted', params: { provider: 'ZignSec' } });
    const rejected = syncErrorSentence('zignsec', httpFailure('upload', 400, zignsecBody('InvalidDocumentType', said), null));
    expect(rejected).toEqual({ key: 'sync_rejected_code', params: { provider: 'ZignSec', code: 'InvalidDocumentType' } });
    // The provider's description stays in the English message only.
    expect(httpFailure('upload', 400, zignsecBody('InvalidDocumentType', said), null).message).toContain(said);
    expect(JSON.stringify(rejected)).not.toContain('Jane');
    // A "code" that is a sentence is not put into the parameters.
    expect(syncErrorSentence('zignsec', httpFailure('upload', 422, zignsecBody('not a code, a sentence', 'x'), null))).toEqual({
      key: 'sync_rejected',
      params: { provider: 'ZignSec', status: 422 },
    });
  });

  it('network failures and unreadable replies', () => {
    expect(syncErrorSentence('zignsec', networkFailure('upload', Object.assign(new Error('fetch failed'), { code: 'ECONNREFUSED' }), false))).toEqual({
      key: 'sync_no_answer',
      params: { provider: 'ZignSec' },
    });
    expect(syncErrorSentence('zignsec', networkFailure('upload', new Error('timeout'), true)).key).toBe('sync_no_answer');
    expect(syncErrorSentence('zignsec', schemaFailure('poll', 200, '<html>', 'not JSON'))).toEqual({ key: 'sync_reply_not_understood', params: { provider: 'ZignSec' } });
    expect(syncErrorSentence('zignsec', new ProviderError('schema', 'saved progress unreadable', { local: true }))).toEqual({ key: 'sync_progress_unreadable', params: {} });
  });

  it('ZOLOZ result codes: rate limit, retried system errors, credentials, cool-down and limits, unknown codes', () => {
    const z = (resultStatus: string, resultCode: string) => syncErrorSentence('zoloz', errorForResult({ resultStatus, resultCode }, { api: 'idrecognition/initialize' }));
    expect(z('F', 'REQUEST_TRAFFIC_EXCEED_LIMIT')).toEqual({ key: 'sync_provider_busy', params: { provider: 'ZOLOZ' } });
    expect(z('U', 'SYSTEM_ERROR')).toEqual({ key: 'sync_provider_code_retry', params: { provider: 'ZOLOZ', code: 'SYSTEM_ERROR' } });
    expect(z('F', 'SIGNATURE_INVALID')).toEqual({ key: 'sync_credentials_refused', params: { provider: 'ZOLOZ' } });
    expect(z('F', 'LIMIT_EXCEEDED')).toEqual({ key: 'sync_too_many_attempts', params: { provider: 'ZOLOZ' } });
    expect(z('F', 'PARAM_ILLEGAL')).toEqual({ key: 'sync_rejected_code', params: { provider: 'ZOLOZ', code: 'PARAM_ILLEGAL' } });
    expect(z('F', 'SOMETHING_NEW')).toEqual({ key: 'sync_rejected_code', params: { provider: 'ZOLOZ', code: 'SOMETHING_NEW' } });
    expect(z('U', 'SOMETHING_NEW')).toEqual({ key: 'sync_provider_code_retry', params: { provider: 'ZOLOZ', code: 'SOMETHING_NEW' } });
    expect(syncErrorSentence('zoloz', new ProviderError('invalid', 'still processing after 40 checks', { providerCode: 'PROCESSING' }))).toEqual({
      key: 'sync_still_processing',
      params: { provider: 'ZOLOZ' },
    });
  });

  it('a reply that failed its signature check, a stop by the kiosk, a failure naming its own sentence, a bug', () => {
    expect(syncErrorSentence('zoloz', new ProviderError('auth', 'signature', { status: 200, unverifiedReply: true }))).toEqual({
      key: 'sync_reply_unverified',
      params: { provider: 'ZOLOZ' },
    });
    expect(syncErrorSentence('zoloz', new ProviderError('invalid', 'ZOLOZ cannot check this document', { local: true }))).toEqual({
      key: 'sync_kiosk_stopped',
      params: { provider: 'ZOLOZ' },
    });
    const own = kioskMessage('sync_assisted_not_finished', { provider: 'ZOLOZ' });
    expect(syncErrorSentence('zoloz', new ProviderError('invalid', 'The customer did not finish', { local: true, sentence: own }))).toBe(own);
    expect(syncErrorSentence('zignsec', new TypeError("Cannot read properties of undefined (reading 'id')"))).toEqual({ key: 'sync_unexpected', params: {} });
  });

  it('every sentence it gives is a valid catalogue message with an English text that names a next step', () => {
    const failures: Array<[Parameters<typeof syncErrorSentence>[0], unknown]> = [
      ['zignsec', httpFailure('upload', 429, '', null)],
      ['zignsec', httpFailure('upload', 500, '', null)],
      ['zignsec', httpFailure('upload', 401, '', null)],
      ['zignsec', httpFailure('upload', 404, '', null)],
      ['zignsec', httpFailure('upload', 400, '', null)],
      ['zignsec', networkFailure('upload', new Error('x'), false)],
      ['zoloz', errorForResult({ resultStatus: 'F', resultCode: 'PARAM_MISSING' }, { api: 'x' })],
      ['zoloz', new ProviderError('invalid', 'plain')],
      ['zoloz', new Error('bug')],
    ];
    for (const [provider, error] of failures) {
      const sentence = syncErrorSentence(provider, error);
      expect(KioskMessage.safeParse(sentence).success, sentence.key).toBe(true);
      expect(englishText(sentence)).toMatch(/tries again|supervisor|nothing needs|cancel|call support/i);
    }
    expect(syncErrorSentence('zignsec', httpFailure('upload', 400, '', null))).toEqual({ key: 'sync_rejected', params: { provider: 'ZignSec', status: 400 } });
    expect(syncErrorSentence('zoloz', new ProviderError('invalid', 'plain'))).toEqual({ key: 'sync_rejected_plain', params: { provider: 'ZOLOZ' } });
  });
});
