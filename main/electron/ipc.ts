// IPC host: one `ipcMain.handle('kiosk:<call>')` per contract call, generated from shared/contract.ts.
// Every handler checks the sender (our main window's main frame, on app://kiosk) before anything
// else, then hands the payload to dispatch(), which validates it with zod before any work and
// returns the { ok, … } shape. Handlers never throw: a thrown error would reach the renderer as
// an Error with main-process details in its message.
import { CALL_NAMES, CHANNEL_PREFIX, EVENT_NAMES, type KioskService, type Result } from '../../shared/contract';
import { dispatch } from '../host/dispatch';
import { englishText, kioskMessage } from '../../shared/kiosk-message';
import type { KioskEvents } from '../events';
import { createTellerDisclosure, type DisclosureOptions } from '../teller/disclosure';
import { isAppUrl } from './app-origin';

export const callChannel = (name: string): string => `${CHANNEL_PREFIX}${name}`;
export const eventChannel = (name: string): string => `${CHANNEL_PREFIX}event:${name}`;

export const FORBIDDEN_RESULT: Result<never> = Object.freeze({
  ok: false as const,
  error: Object.freeze({ code: 'forbidden' as const, message: 'This request did not come from the kiosk screen, so it was refused. Restart the kiosk if this keeps happening.' }),
});
export const BAD_ARGUMENTS_RESULT: Result<never> = Object.freeze({
  ok: false as const,
  error: Object.freeze({ code: 'bad_request' as const, message: englishText(kioskMessage('bad_request')), sentence: kioskMessage('bad_request') }),
});

/**
 * IPC payloads of this contract are JSON-like: plain objects, arrays, strings, finite numbers,
 * booleans and null, a few levels deep. Structured clone can also carry Maps, Sets, Dates, typed
 * arrays, Errors and BigInts, which a schema for an object may accept by accident (a Map has no
 * own keys, so it looks like `{}`): they are refused here, before validation.
 */
export function isPlainPayload(value: unknown, depth = 0): boolean {
  if (depth > 6) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length <= 1000 && value.every((v) => isPlainPayload(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const keys = Object.keys(value);
  return keys.length <= 64 && keys.every((k) => isPlainPayload((value as Record<string, unknown>)[k], depth + 1));
}

/** The parts of WebFrameMain the sender check reads. */
export type FrameLike = { url: string; parent: unknown; detached?: boolean };
export type IpcEventLike = { senderFrame: FrameLike | null; sender?: unknown };
export type IpcMainLike = {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
};
export type WindowLike = {
  isDestroyed(): boolean;
  webContents: { mainFrame: unknown; isDestroyed(): boolean; send(channel: string, payload: unknown): void };
};

/**
 * True only when the message comes from the main frame of the current kiosk window and that frame
 * is on app://kiosk. Sub-frames, other windows, a frame that navigated away (url changes) or a
 * destroyed frame (senderFrame null) are all refused.
 */
export function isTrustedSender(event: IpcEventLike, mainWindow: WindowLike | null): boolean {
  const frame = event?.senderFrame;
  if (!frame || !mainWindow || mainWindow.isDestroyed() || mainWindow.webContents.isDestroyed()) return false;
  if (frame !== mainWindow.webContents.mainFrame) return false;
  if (frame.parent !== null || frame.detached === true) return false;
  if (event.sender !== undefined && event.sender !== mainWindow.webContents) return false;
  return isAppUrl(frame.url);
}

export type IpcLog = (level: 'info' | 'warn' | 'error', message: string, error?: unknown) => void;

/**
 * Registers the contract on ipcMain and forwards contract events to the kiosk window, both through
 * the teller disclosure rule (shared/contract-disclosure.ts).
 * Returns a function that removes every handler and event subscription again.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  kioskService: KioskService,
  events: Pick<KioskEvents, 'on'>,
  getMainWindow: () => WindowLike | null,
  log: IpcLog = () => {},
  disclosureOptions: DisclosureOptions = {},
): () => void {
  const disclosure = createTellerDisclosure(kioskService, disclosureOptions);
  const service = disclosure.service;
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, ...args) => {
      try {
        if (!isTrustedSender(event, getMainWindow())) {
          log('warn', `refused IPC ${name}: sender is not the kiosk window on app://`);
          return FORBIDDEN_RESULT;
        }
        // The preload always sends exactly one argument; anything else was not sent by it.
        if (args.length !== 1 || !isPlainPayload(args[0])) return BAD_ARGUMENTS_RESULT;
        return await dispatch(service, name, args[0], (message, error) => log('error', message, error));
      } catch (error) {
        log('error', `IPC ${name} failed before dispatch`, error);
        return { ok: false, error: { code: 'internal', message: 'Something went wrong in the kiosk. Try again; if it keeps happening, call your supervisor.' } };
      }
    });
  }
  const unsubscribe = EVENT_NAMES.map((name) =>
    events.on(name, (payload) => {
      const win = getMainWindow();
      if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
      const shown = disclosure.event(name, payload);
      if (shown !== null) win.webContents.send(eventChannel(name), shown);
    }),
  );
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
    for (const off of unsubscribe) off();
  };
}

/**
 * Sent on the supervisor shortcut as `kiosk:event:supervisorRequested`. The preload forwards only
 * contract events, so the renderer receives it once `supervisorRequested` is added to
 * shared/contract.ts events (and to PRELOAD_EVENTS, which the type check then demands).
 */
export const SUPERVISOR_EVENT = 'supervisorRequested';

/** Sends a host event that is not (yet) part of the contract, e.g. the supervisor shortcut. */
export function sendHostEvent(getMainWindow: () => WindowLike | null, name: string, payload: unknown): void {
  const win = getMainWindow();
  if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
  win.webContents.send(eventChannel(name), payload);
}
