// One dispatcher for both hosts: look the call up in the contract, validate the payload with zod
// before any work, run the service, and return the contract's { ok, ... } shape. Unknown errors
// become a generic sentence so no stack trace, path or secret reaches the renderer.
import { calls, type CallName, type KioskService, type Result } from '../../shared/contract';
import { isKioskError } from '../errors';
import { diskErrorOf } from '../store/disk';

export const INTERNAL_ERROR_MESSAGE = 'Something went wrong in the kiosk. Try again; if it keeps happening, call your supervisor.';

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

export async function dispatch(
  service: KioskService,
  name: string,
  payload: unknown,
  log: (message: string, error?: unknown) => void = () => {},
): Promise<Result<unknown>> {
  if (!isCallName(name)) return { ok: false, error: { code: 'not_found', message: 'That kiosk action does not exist.' } };
  const parsed = calls[name].request.safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length ? ` (${first.path.join('.')})` : '';
    return { ok: false, error: { code: 'bad_request', message: `The request was not valid${where}. Go back and try again.` } };
  }
  try {
    // The cast is safe: `parsed.data` was produced by this call's own request schema.
    const value = await (service[name] as (r: unknown) => Promise<unknown>)(parsed.data);
    return { ok: true, value };
  } catch (e) {
    if (isKioskError(e)) return { ok: false, error: { code: e.code, message: e.userMessage } };
    log(`kiosk call ${name} failed`, e);
    // A full disk or an I/O error gets its own sentence, not the generic one.
    const disk = diskErrorOf(e);
    if (disk) return { ok: false, error: { code: disk.code, message: disk.userMessage } };
    return { ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } };
  }
}
