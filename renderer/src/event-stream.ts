// Reads the web host's server-sent event stream with fetch, so the session token travels in its
// header (EventSource cannot set headers, and the token is never in a cookie or the URL). Parses
// `event:` / `data:` frames and reconnects after a drop, waiting a little longer each time.
export type StreamMessage = { event: string; data: string };

export type EventStreamOptions = {
  url: string;
  headers: Record<string, string>;
  onMessage: (message: StreamMessage) => void;
  fetchImpl: typeof fetch;
  /** Delay before reconnecting, by attempt (ms). */
  retryDelayMs?: (attempt: number) => number;
};

/** Splits complete SSE frames off `buffer`; returns the frames and what is left over. */
export function parseFrames(buffer: string): { messages: StreamMessage[]; rest: string } {
  const messages: StreamMessage[] = [];
  const normalised = buffer.replace(/\r\n?/g, '\n');
  const blocks = normalised.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) messages.push({ event, data: data.join('\n') });
  }
  return { messages, rest };
}

/** Opens the stream and keeps it open until the returned function is called. */
export function openEventStream(options: EventStreamOptions): () => void {
  const retryDelay = options.retryDelayMs ?? ((attempt) => Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)));
  let stopped = false;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;

  async function run(): Promise<void> {
    controller = new AbortController();
    try {
      const response = await options.fetchImpl(options.url, { headers: options.headers, signal: controller.signal, cache: 'no-store' });
      if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
      attempt = 0;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const { messages, rest } = parseFrames(buffer);
        buffer = rest;
        for (const m of messages) options.onMessage(m);
      }
    } catch {
      // dropped or refused: try again below
    }
    if (stopped) return;
    timer = setTimeout(() => void run(), retryDelay(attempt++));
  }
  void run();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    controller?.abort();
  };
}
