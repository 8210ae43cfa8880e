// The renderer's only door to the kiosk core. In Electron the preload exposes `window.kiosk`;
// in a browser (web host on loopback) we build the same KioskApi over HTTP + server-sent events.
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
  eventSourceImpl?: typeof EventSource;
};

export const API_PREFIX = '/api/kiosk';
export const TOKEN_HEADER = 'x-kiosk-token';

type Listener = (payload: unknown) => void;

export function createWebBridge(options: WebBridgeOptions): KioskApi {
  const { token, messages, baseUrl = '' } = options;
  const doFetch = options.fetchImpl ?? globalThis.fetch.bind(globalThis);
  const EventSourceImpl = options.eventSourceImpl ?? globalThis.EventSource;

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

  // One EventSource for all listeners, opened on the first subscription. The browser reconnects it
  // by itself after a network blip; the screens also re-read state, so a missed event only delays.
  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSource | null = null;
  function ensureSource(): void {
    if (source || !EventSourceImpl) return;
    source = new EventSourceImpl(`${baseUrl}${API_PREFIX}/events?token=${encodeURIComponent(token)}`);
    for (const name of Object.keys(events) as EventName[]) {
      source.addEventListener(name, (message: MessageEvent<string>) => {
        let data: unknown;
        try {
          data = JSON.parse(message.data);
        } catch {
          return; // a garbled frame is dropped; the next state read corrects the screen
        }
        const parsed = events[name].safeParse(data);
        if (!parsed.success) return;
        for (const listener of listeners.get(name) ?? []) listener(parsed.data);
      });
    }
  }

  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) api[name] = (request: unknown) => call(name, request);
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener as Listener);
    ensureSource();
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
