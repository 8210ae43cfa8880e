// Turns every way a ZignSec call can fail into a ProviderError whose kind drives the retry policy:
// network/timeout/5xx/429 retry, 400 needs a person, 401/403 pauses the provider, 404 means the
// session is gone, a reply we cannot read is schema drift (raw body kept). Messages never contain
// the API key: we only ever quote the provider's own error text and our operation name.
import { ProviderError } from '../provider';
import { parseRetryAfter } from '../retry-after';
import { ApiErrors } from './schemas';

export { parseRetryAfter };

/** Raw bodies are kept for the supervisor, but bounded so a runaway reply cannot bloat the store. */
const MAX_RAW_BODY = 64 * 1024;
export const clip = (body: string): string => (body.length > MAX_RAW_BODY ? body.slice(0, MAX_RAW_BODY) : body);

/** The first `{code, description}` of the documented error shape, when the body has it. */
export function providerErrorOf(body: string): { code?: string; description?: string } {
  try {
    const parsed = ApiErrors.safeParse(JSON.parse(body));
    const first = parsed.success ? parsed.data.errors[0] : undefined;
    if (!first) return {};
    return {
      ...(first.code != null ? { code: String(first.code) } : {}),
      ...(first.description ? { description: first.description } : {}),
    };
  } catch {
    return {};
  }
}

/** A non-2xx HTTP reply. */
export function httpFailure(operation: string, status: number, body: string, retryAfter: string | null, now?: Date): ProviderError {
  const { code, description } = providerErrorOf(body);
  const said = description ? `: ${description}` : '';
  const details = { status, rawBody: clip(body), ...(code ? { providerCode: code } : {}) };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return new ProviderError('retryable', `ZignSec is throttling requests (${operation}, HTTP 429); the kiosk will retry later.`, {
      ...details,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status >= 500 || status === 408) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return new ProviderError('retryable', `ZignSec had a temporary problem (${operation}, HTTP ${status})${said}; the kiosk will retry.`, {
      ...details,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status === 401 || status === 403)
    return new ProviderError('auth', `ZignSec refused the kiosk's credentials (${operation}, HTTP ${status})${said}. A supervisor must check the ZignSec API key.`, details);
  if (status === 404)
    return new ProviderError('gone', `ZignSec no longer knows this scanning session (${operation}, HTTP 404)${said}.`, details);
  return new ProviderError('invalid', `ZignSec rejected the request (${operation}, HTTP ${status})${said}.`, details);
}

/** fetch() threw: connection refused/reset, DNS, TLS, our timeout, or the kiosk shutting down. */
export function networkFailure(operation: string, error: unknown, timedOut: boolean): ProviderError {
  if (timedOut) return new ProviderError('retryable', `ZignSec did not answer in time (${operation}); the kiosk will retry.`, { cause: error });
  const code = errorCode(error);
  return new ProviderError('retryable', `Could not reach ZignSec (${operation}${code ? `, ${code}` : ''}); the kiosk will retry.`, { cause: error });
}

/** A 2xx reply we could not read (not JSON, or missing what we rely on). */
export function schemaFailure(operation: string, status: number, body: string, problem: string): ProviderError {
  return new ProviderError('schema', `ZignSec's reply to ${operation} was not in the documented shape (${problem}).`, { status, rawBody: clip(body) });
}

function errorCode(error: unknown): string | undefined {
  // undici wraps socket errors: TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }).
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
