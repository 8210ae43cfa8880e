// One dispatcher for both hosts: look the call up in the contract, validate the payload with zod
// before any work, run the service, and return the contract's { ok, ... } shape. Unknown errors
// become a generic sentence so no stack trace, path or secret reaches the renderer.
import { calls, type CallName, type KioskErrorShape, type KioskService, type Result } from '../../shared/contract';
import { englishText, kioskMessage, type KioskMessage } from '../../shared/kiosk-message';
import { isKioskError, type KioskError } from '../errors';
import { diskErrorOf } from '../store/disk';

export const INTERNAL_ERROR_MESSAGE = englishText(kioskMessage('internal'));

/** The contract's error: the code, the English sentence, and the sentence as a key when it has one. */
function errorShape(code: KioskErrorShape['code'], message: string, sentence: KioskMessage | null): Result<never> {
  return { ok: false, error: sentence ? { code, message, sentence } : { code, message } };
}
const refusal = (code: KioskErrorShape['code'], sentence: KioskMessage) => errorShape(code, englishText(sentence), sentence);
const fromKioskError = (e: KioskError) => errorShape(e.code, e.userMessage, e.sentence);

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

export async function dispatch(
  service: KioskService,
  name: string,
  payload: unknown,
  log: (message: string, error?: unknown) => void = () => {},
): Promise<Result<unknown>> {
  if (!isCallName(name)) return refusal('not_found', kioskMessage('no_such_action'));
  const parsed = calls[name].request.safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const field = first && first.path.length ? first.path.join('.').slice(0, 200) : null;
    return refusal('bad_request', field ? kioskMessage('bad_request_field', { field }) : kioskMessage('bad_request'));
  }
  try {
    // The cast is safe: `parsed.data` was produced by this call's own request schema.
    const value = await (service[name] as (r: unknown) => Promise<unknown>)(parsed.data);
    return { ok: true, value };
  } catch (e) {
    if (isKioskError(e)) return fromKioskError(e);
    log(`kiosk call ${name} failed`, e);
    // A full disk or an I/O error gets its own sentence, not the generic one.
    const disk = diskErrorOf(e);
    if (disk) return fromKioskError(disk);
    return refusal('internal', kioskMessage('internal'));
  }
}
