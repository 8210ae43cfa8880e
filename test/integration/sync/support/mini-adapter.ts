// ProviderAdapter for the mini provider: one HTTP call per step, errors classified the way the
// real adapters must classify them (network/5xx/429 retryable, 400 invalid, 401 auth, 404 gone,
// unparsable reply schema).
import type { Outcome } from '../../../../shared/domain';
import { ProviderError, type ProviderAdapter, type ProviderProgress, type StepResult } from '../../../../main/providers/provider';

type MiniProgress = {
  sessionId?: string;
  uploaded?: string[];
  analysisId?: string;
};

export function createMiniAdapter(baseUrl: string, apiKey: string, options: { pollMs?: number; timeoutMs?: number } = {}): ProviderAdapter {
  const call = async (method: string, path: string, body: Buffer | string | undefined, contentType: string | undefined, signal: AbortSignal): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(baseUrl + path, {
        method,
        body,
        headers: { authorization: apiKey, ...(contentType ? { 'content-type': contentType } : {}) },
        signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs ?? 5_000)]),
      });
    } catch (e) {
      throw new ProviderError('retryable', `The provider could not be reached (${(e as Error).message}).`, { cause: e });
    }
    const text = await res.text().catch((e: unknown) => {
      throw new ProviderError('retryable', 'The provider reply was cut off.', { cause: e });
    });
    if (res.status === 429 || res.status >= 500) {
      const ra = res.headers.get('retry-after');
      throw new ProviderError('retryable', `The provider answered ${res.status}.`, { status: res.status, ...(ra ? { retryAfterMs: Number(ra) * 1000 } : {}), rawBody: text });
    }
    if (res.status === 401 || res.status === 403) throw new ProviderError('auth', 'The provider rejected the API key.', { status: res.status });
    if (res.status === 404) throw new ProviderError('gone', 'The provider no longer knows this session.', { status: 404, rawBody: text });
    if (res.status >= 400) throw new ProviderError('invalid', `The provider refused the request: ${text}`, { status: res.status, rawBody: text });
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new ProviderError('schema', 'The provider reply was not valid JSON.', { rawBody: text, cause: e });
    }
  };

  return {
    id: 'zignsec',
    async probe(signal) {
      try {
        const r = await fetch(baseUrl + '/ping', { signal });
        return r.ok;
      } catch {
        return false;
      }
    },
    async step(job, progressIn: ProviderProgress, ctx): Promise<StepResult> {
      const p = progressIn as MiniProgress;
      if (!p.sessionId) {
        const r = (await call('POST', '/sessions', JSON.stringify({ relay_state: job.verificationId }), 'application/json', ctx.signal)) as { session_id?: unknown };
        if (typeof r.session_id !== 'string') throw new ProviderError('schema', 'session reply lacks session_id', { rawBody: JSON.stringify(r) });
        return { kind: 'progress', step: 'session_created', progress: { sessionId: r.session_id, uploaded: [] }, state: 'submitting' };
      }
      const uploaded = p.uploaded ?? [];
      const next = job.captures.find((c) => !uploaded.includes(c.id));
      if (next) {
        const bytes = next.load();
        ctx.onBytes(0, bytes.length);
        const r = (await call('POST', `/sessions/${p.sessionId}/documents?reference=${next.id}`, bytes, 'image/jpeg', ctx.signal)) as { documents: Array<{ reference: string }> };
        ctx.onBytes(bytes.length, bytes.length);
        // The reply lists every document of the session: reconcile by reference (capture id).
        const refs = r.documents.map((d) => d.reference);
        return { kind: 'progress', step: 'document_uploaded', progress: { ...p, uploaded: job.captures.filter((c) => refs.includes(c.id)).map((c) => c.id) }, state: 'submitting' };
      }
      if (!p.analysisId) {
        const r = (await call('POST', `/sessions/${p.sessionId}/analyses`, '{}', 'application/json', ctx.signal)) as { analysis_id: string };
        return { kind: 'progress', step: 'analysis_started', progress: { ...p, analysisId: r.analysis_id }, state: 'awaiting_result', waitMs: options.pollMs ?? 20 };
      }
      const status = (await call('GET', `/sessions/${p.sessionId}/status`, undefined, undefined, ctx.signal)) as { finished: boolean };
      if (!status.finished) return { kind: 'progress', step: 'analysis_pending', progress: p, state: 'awaiting_result', waitMs: options.pollMs ?? 20 };
      const raw = (await call('GET', `/sessions/${p.sessionId}/result`, undefined, undefined, ctx.signal)) as { decision: 'accepted' | 'declined'; surname: string };
      const outcome: Outcome = {
        decision: raw.decision,
        provider: 'zignsec',
        reasons: [],
        identity: {
          firstName: null,
          lastName: raw.surname,
          fullName: null,
          dateOfBirth: null,
          age: null,
          sex: null,
          nationality: null,
          issuingState: null,
          documentNumber: null,
          personalNumber: null,
          expiryDate: null,
          expired: null,
        },
        fields: [],
        selfieSimilarity: null,
        portrait: null,
        decidedAt: new Date().toISOString(),
      };
      return { kind: 'final', step: 'result_fetched', progress: p, outcome, raw };
    },
  };
}
