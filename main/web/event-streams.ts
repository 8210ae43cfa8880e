// The web host's server-sent event streams. The hub subscribes once per contract event on the
// kiosk's event bus (so open streams never add listeners there) and fans out to at most
// `maxStreams` responses: a new stream beyond that closes the oldest, so a page that leaks streams
// cannot use up file handles or memory. Each payload passes the teller disclosure rule first.
import type { ServerResponse } from 'node:http';
import { EVENT_NAMES, type EventName, type EventPayload } from '../../shared/contract';
import type { KioskEvents } from '../events';

export const MAX_EVENT_STREAMS = 4;
const HEARTBEAT_MS = 15_000;

export interface EventStreamHub {
  open(res: ServerResponse): void;
  readonly size: number;
  close(): void;
}

export function createEventStreamHub(options: {
  events: Pick<KioskEvents, 'on'>;
  filter: <E extends EventName>(name: E, payload: EventPayload<E>) => EventPayload<E> | null;
  maxStreams?: number;
}): EventStreamHub {
  const max = options.maxStreams ?? MAX_EVENT_STREAMS;
  const streams: ServerResponse[] = []; // oldest first

  const broadcast = (text: string) => {
    for (const res of streams) res.write(text);
  };
  const unsubscribe = EVENT_NAMES.map((name) =>
    options.events.on(name, (payload) => {
      if (streams.length === 0) return;
      const shown = options.filter(name, payload);
      if (shown !== null) broadcast(`event: ${name}\ndata: ${JSON.stringify(shown)}\n\n`);
    }),
  );
  const heartbeat = setInterval(() => broadcast(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();

  const drop = (res: ServerResponse) => {
    const i = streams.indexOf(res);
    if (i >= 0) streams.splice(i, 1);
  };

  return {
    open(res) {
      while (streams.length >= max) {
        const oldest = streams.shift()!;
        oldest.end();
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.push(res);
      res.on('close', () => drop(res));
    },
    get size() {
      return streams.length;
    },
    close() {
      clearInterval(heartbeat);
      unsubscribe.forEach((off) => off());
      for (const res of streams.splice(0)) res.end();
    },
  };
}
