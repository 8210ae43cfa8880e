// A tiny identity provider for sync tests: a real HTTP server on 127.0.0.1 with a session →
// documents → analysis → status → result flow (ZignSec-shaped, much smaller), per-route request
// counts, and scripted faults. Used until/alongside the real ZignSec sandbox.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; body?: string }
  | { kind: 'reset' } // destroy the socket without a reply
  | { kind: 'after_processing_reset' }; // do the work, then drop the reply (lost reply)

export interface MiniProvider {
  url: string;
  port: number;
  apiKey: string;
  /** relay_state (verification id) of each session, in creation order. */
  createdFor: string[];
  /** Most requests the server ever had open at once. */
  maxConcurrent(): number;
  /** Completed (2xx) requests by route name: create_session, add_document, start_analysis, status, result. */
  counts: Record<string, number>;
  /** Every routed request as it arrived (faulted ones too): route name and time (ms). */
  arrivals: Array<{ name: string; at: number }>;
  /** Documents stored per session, by reference. */
  sessions: Map<string, { relayState: string; documents: Map<string, number>; analyses: number; startedAt: number | null }>;
  /** Queue a fault for the next request(s) to a route. */
  fault(route: string, fault: Fault, times?: number): void;
  /** Hold every request of a route until `release()` (to stop the kiosk mid-sync deterministically). */
  hold(route: string): { reached: Promise<void>; release(): void };
  close(): Promise<void>;
}

export async function startMiniProvider(
  options: { analysisMs?: number; decision?: 'accepted' | 'declined'; port?: number; apiKey?: string } = {},
): Promise<MiniProvider> {
  const apiKey = options.apiKey ?? randomUUID();
  let active = 0;
  let maxActive = 0;
  const createdFor: string[] = [];
  const counts: Record<string, number> = {};
  const arrivals: MiniProvider['arrivals'] = [];
  const sessions: MiniProvider['sessions'] = new Map();
  const faults = new Map<string, Fault[]>();
  const holds = new Map<string, { reached: () => void; gate: Promise<void> }>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const route = (req: IncomingMessage): { name: string; session?: string } | null => {
    const u = new URL(req.url ?? '/', 'http://x');
    const m = u.pathname.match(/^\/sessions(?:\/([^/]+)(?:\/(documents|analyses|status|result))?)?$/);
    if (!m) return u.pathname === '/ping' ? { name: 'ping' } : null;
    if (!m[1]) return req.method === 'POST' ? { name: 'create_session' } : null;
    const map: Record<string, string> = { documents: 'add_document', analyses: 'start_analysis', status: 'status', result: 'result' };
    return m[2] ? { name: map[m[2]]!, session: m[1] } : null;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      res.on('close', () => active--);
      const r = route(req);
      if (!r) return send(res, 404, { error: 'no such route' });
      if (r.name === 'ping') return send(res, 200, { ok: true });
      arrivals.push({ name: r.name, at: Date.now() });
      const hold = holds.get(r.name);
      if (hold) {
        hold.reached();
        await hold.gate;
      }
      const queue = faults.get(r.name);
      const fault = queue?.shift();
      if (fault?.kind === 'reset') return req.socket.destroy();
      if (fault?.kind === 'status') {
        return send(res, fault.status, fault.body ?? { error: `injected ${fault.status}` }, fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {});
      }
      if (req.headers.authorization !== apiKey) return send(res, 401, { error: 'unauthorized' });
      const body = Buffer.concat(chunks);
      const u = new URL(req.url ?? '/', 'http://x');
      const s = r.session ? sessions.get(r.session) : undefined;
      if (r.session && !s) return send(res, 404, { error: 'session not found' });
      let reply: unknown;
      switch (r.name) {
        case 'create_session': {
          const id = randomUUID();
          const parsed = JSON.parse(body.toString('utf8') || '{}') as { relay_state?: string };
          sessions.set(id, { relayState: parsed.relay_state ?? '', documents: new Map(), analyses: 0, startedAt: null });
          createdFor.push(parsed.relay_state ?? '');
          reply = { session_id: id, documents: [] };
          break;
        }
        case 'add_document': {
          const ref = u.searchParams.get('reference') ?? '';
          if (req.headers['content-type'] !== 'image/jpeg' || body.length === 0) return send(res, 400, { error: 'document must be a non-empty image/jpeg' });
          s!.documents.set(ref, body.length);
          reply = { session_id: r.session, documents: [...s!.documents.keys()].map((reference) => ({ reference })) };
          break;
        }
        case 'start_analysis':
          s!.analyses++;
          s!.startedAt = Date.now();
          reply = { analysis_id: `${r.session}-a${s!.analyses}` };
          break;
        case 'status':
          reply = { finished: s!.startedAt !== null && Date.now() - s!.startedAt >= (options.analysisMs ?? 0) };
          break;
        case 'result':
          reply = { decision: options.decision ?? 'accepted', surname: 'ZZMINISURNAME', documents: s!.documents.size };
          break;
      }
      counts[r.name] = (counts[r.name] ?? 0) + 1;
      if (fault?.kind === 'after_processing_reset') return req.socket.destroy();
      send(res, 200, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey,
    createdFor,
    maxConcurrent: () => maxActive,
    counts,
    arrivals,
    sessions,
    fault(routeName, fault, times = 1) {
      const q = faults.get(routeName) ?? [];
      for (let i = 0; i < times; i++) q.push(fault);
      faults.set(routeName, q);
    },
    hold(routeName) {
      let reached!: () => void;
      let release!: () => void;
      const reachedP = new Promise<void>((r) => (reached = r));
      const gate = new Promise<void>((r) => (release = r));
      holds.set(routeName, { reached, gate });
      return {
        reached: reachedP,
        release: () => {
          holds.delete(routeName);
          release();
        },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const h of holds.values()) h.reached();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
