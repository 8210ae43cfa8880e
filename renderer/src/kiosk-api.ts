// The renderer's only door to the kiosk core. In Electron the preload exposes `window.kiosk`;
// in a browser (web host on loopback) we build the same KioskApi over HTTP + server-sent events,
// both sent with the session token in a header.
// Every reply is validated against the contract, so a host that drifts shows a clear error
// instead of rendering half-shaped data.
import {
  CALL_NAMES,
  calls,
  events,
  resultSchema,
  type CallName,
  type EventName,
  type EventPayload,
  type KioskApi,
  type Result,
} from '../../shared/contract';
import { takeWebToken, type TokenPlaces } from './web-token';
import { openEventStream } from './event-stream';

/** Sentences shown when the bridge itself fails; they come from the locale files (see main.tsx). */
export type BridgeMessages = {
  /** The web host could not be reached at all. */
  network: () => string;
  /** The web host answered with something that is not the contract's shape. */
  badReply: () => string;
};

export type WebBridgeOptions = {
  token: string;
  messages: BridgeMessages;
  /** Origin of the web host; '' means the page's own origin (the normal case). */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
};

export const API_PREFIX = '/api/kiosk';
export const TOKEN_HEADER = 'x-kiosk-token';

type Listener = (payload: unknown) => void;

export function createWebBridge(options: WebBridgeOptions): KioskApi {
  const { token, messages, baseUrl = '' } = options;
  const doFetch = options.fetchImpl ?? globalThis.fetch.bind(globalThis);

  async function call(name: CallName, request: unknown): Promise<Result<unknown>> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${API_PREFIX}/${name}`, {
        method: 'POST',
        // No token (page opened without one): send none, and let the host's refusal explain.
        headers: token ? { 'content-type': 'application/json', [TOKEN_HEADER]: token } : { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
    } catch {
      return { ok: false, error: { code: 'internal', message: messages.network() } };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { ok: false, error: { code: 'internal', message: messages.badReply() } };
    }
    const parsed = resultSchema(calls[name].response).safeParse(body);
    if (!parsed.success) return { ok: false, error: { code: 'internal', message: messages.badReply() } };
    return parsed.data as Result<unknown>;
  }

  // One event stream for all listeners, opened on the first subscription and read with fetch so the
  // token goes in its header. It reconnects by itself after a drop; the screens also re-read state,
  // so a missed event only delays.
  const listeners = new Map<EventName, Set<Listener>>();
  let streaming = false;
  function ensureStream(): void {
    if (streaming || !token) return;
    streaming = true;
    openEventStream({
      url: `${baseUrl}${API_PREFIX}/events`,
      headers: { [TOKEN_HEADER]: token },
      fetchImpl: doFetch,
      onMessage: ({ event, data }) => {
        if (!Object.prototype.hasOwnProperty.call(events, event)) return;
        const name = event as EventName;
        let payload: unknown;
        try {
          payload = JSON.parse(data);
        } catch {
          return; // a garbled frame is dropped; the next state read corrects the screen
        }
        const parsed = events[name].safeParse(payload);
        if (!parsed.success) return;
        for (const listener of listeners.get(name) ?? []) listener(parsed.data);
      },
    });
  }

  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) api[name] = (request: unknown) => call(name, request);
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener as Listener);
    ensureStream();
    return () => {
      set.delete(listener as Listener);
    };
  };
  return Object.freeze(api) as KioskApi;
}

function isKioskApi(value: unknown): value is KioskApi {
  return typeof value === 'object' && value !== null && typeof (value as { getStatus?: unknown }).getStatus === 'function';
}

/**
 * The preload's `window.kiosk` when present, else the web bridge with the token from the URL.
 * The page's globals are passed in (see main.tsx) so this module stays free of `window`.
 */
export function getKioskApi(page: TokenPlaces & { kiosk: unknown }, messages: BridgeMessages): KioskApi {
  if (isKioskApi(page.kiosk)) return page.kiosk;
  const token = takeWebToken(page) ?? '';
  return createWebBridge({ token, messages });
}
