// Deterministic fault injection for the provider emulators (ZignSec, ZOLOZ). A plan (seed + rules,
// per route) is set through the emulator's control endpoint, which exists only when the emulator is
// started with `faults: true` (test and training builds). Each request draws from a seeded PRNG in
// arrival order, so a test that sends the same requests sees the same faults every run.
//
// Phases: a fault strikes BEFORE the route does its work (the provider never saw the request) or,
// with `after: true`, AFTER the work is done (the provider did it, the reply is lost or damaged):
// the case that proves the client reconciles instead of repeating a completed step.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { encodeReply, type Reply, sendReply, sleep } from './http';
import { seededRandom } from '../../shared/seeded-random';

export const FAULT_KINDS = [
  'latency', // add latencyMs, then handle normally
  'error', // 5xx (status, default 503)
  'throttle', // 429 with Retry-After: retryAfterSec
  'unauthorized', // 401
  'reset', // destroy the connection (mid-upload for requests with a body)
  'timeout', // never answer
  'truncate', // full Content-Length announced, half the body sent, connection closed (always after the work)
  'extra_fields', // unexpected extra fields added to the JSON reply (always after)
  'missing_fields', // top-level fields removed from the JSON reply (always after)
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultRule = z.object({
  /** Route name as the emulator reports it in stats(), or '*' for every route. */
  route: z.string().min(1),
  kind: z.enum(FAULT_KINDS),
  /** Chance that the rule fires for a matching request (default 1). */
  probability: z.number().min(0).max(1).default(1),
  /** Fire at most this many times (default: no limit). */
  times: z.number().int().min(0).optional(),
  /** Strike after the route did its work (reply lost) instead of before. */
  after: z.boolean().default(false),
  latencyMs: z.number().int().min(0).max(600_000).default(1_000),
  status: z.number().int().min(500).max(599).default(503),
  retryAfterSec: z.number().int().min(0).default(1),
  /** missing_fields: the top-level keys to drop (default: all of them). */
  fields: z.array(z.string()).optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;
export type FaultRuleInput = z.input<typeof FaultRule>;

export const FaultPlan = z.object({ seed: z.number().int().default(1), rules: z.array(FaultRule).default([]) });
export type FaultPlanInput = z.input<typeof FaultPlan>;

/** The faults drawn for one request: added latency plus at most one failure. */
export interface DrawnFaults {
  latencyMs: number;
  fault: FaultRule | null;
}

/** mulberry32 (shared/seeded-random.ts): reproducible fault schedules from a seed. */
export const mulberry32 = seededRandom;

const ALWAYS_AFTER: ReadonlySet<FaultKind> = new Set(['truncate', 'extra_fields', 'missing_fields']);

export class FaultInjector {
  private rules: Array<FaultRule & { fired: number }> = [];
  private random: () => number = mulberry32(1);
  /** Faults that fired, per `route:kind`, for tests and the reliability bench. */
  readonly fired: Record<string, number> = {};

  configure(input: FaultPlanInput): void {
    const plan = FaultPlan.parse(input);
    this.random = mulberry32(plan.seed);
    this.rules = plan.rules.map((r) => ({ ...r, after: r.after || ALWAYS_AFTER.has(r.kind), fired: 0 }));
  }

  clear(): void {
    this.rules = [];
  }

  get active(): boolean {
    return this.rules.length > 0;
  }

  draw(route: string): DrawnFaults {
    const out: DrawnFaults = { latencyMs: 0, fault: null };
    for (const rule of this.rules) {
      if (rule.route !== '*' && rule.route !== route) continue;
      if (rule.times !== undefined && rule.fired >= rule.times) continue;
      if (this.random() >= rule.probability) continue;
      rule.fired += 1;
      const key = `${route}:${rule.kind}`;
      this.fired[key] = (this.fired[key] ?? 0) + 1;
      if (rule.kind === 'latency') {
        out.latencyMs += rule.latencyMs;
        continue;
      }
      out.fault = rule;
      break;
    }
    return out;
  }
}

/** Builds the provider's own error body (ZignSec: `{"errors":[…]}`; ZOLOZ: its result envelope). */
export type ErrorRenderer = (status: number, code: string, message: string) => Reply;

/** Holds a "timeout" connection open (never answered) until the client gives up or the server closes. */
function hold(req: IncomingMessage, _res: ServerResponse): void {
  req.resume();
}

/** Cuts the connection, after the first chunk of the upload when there is a body (a reset mid-upload). */
function reset(req: IncomingMessage): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || req.readableEnded) {
    req.socket.destroy();
    return;
  }
  req.once('data', () => req.socket.destroy());
  req.once('end', () => req.socket.destroy());
}

/**
 * Applies latency and a before-phase fault. Returns true when the request was consumed by the fault
 * (the route must not run); the after-phase fault, if any, is left for `sendWithFault`.
 */
export async function applyBefore(drawn: DrawnFaults, req: IncomingMessage, res: ServerResponse, renderError: ErrorRenderer): Promise<boolean> {
  if (drawn.latencyMs > 0) await sleep(drawn.latencyMs);
  const f = drawn.fault;
  if (!f || f.after) return false;
  switch (f.kind) {
    case 'error':
      req.resume();
      sendReply(res, renderError(f.status, 'INTERNAL_ERROR', 'Injected fault: temporary server error.'));
      return true;
    case 'throttle': {
      req.resume();
      const r = renderError(429, 'TOO_MANY_REQUESTS', 'Injected fault: too many requests.');
      sendReply(res, { ...r, headers: { ...r.headers, 'retry-after': String(f.retryAfterSec) } });
      return true;
    }
    case 'unauthorized':
      req.resume();
      sendReply(res, renderError(401, 'INVALID_APPID', 'Injected fault: access token rejected.'));
      return true;
    case 'reset':
      reset(req);
      return true;
    case 'timeout':
      hold(req, res);
      return true;
    default:
      return false;
  }
}

/** Sends the route's reply, damaged by an after-phase fault when one was drawn. */
export function sendWithFault(drawn: DrawnFaults, req: IncomingMessage, res: ServerResponse, reply: Reply, renderError: ErrorRenderer): void {
  const f = drawn.fault;
  if (!f || !f.after) return sendReply(res, reply);
  switch (f.kind) {
    case 'error':
      return sendReply(res, renderError(f.status, 'INTERNAL_ERROR', 'Injected fault: temporary server error.'));
    case 'throttle': {
      const r = renderError(429, 'TOO_MANY_REQUESTS', 'Injected fault: too many requests.');
      return sendReply(res, { ...r, headers: { ...r.headers, 'retry-after': String(f.retryAfterSec) } });
    }
    case 'unauthorized':
      return sendReply(res, renderError(401, 'INVALID_APPID', 'Injected fault: access token rejected.'));
    case 'reset':
      req.socket.destroy();
      return;
    case 'timeout':
      hold(req, res);
      return;
    case 'truncate': {
      const { status, headers, body } = encodeReply(reply);
      res.writeHead(status, headers);
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      // Give the half body a moment to leave before the connection is cut, as a dropped proxy would.
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    case 'extra_fields':
      return sendReply(res, { ...reply, json: withExtraFields(reply.json) });
    case 'missing_fields':
      return sendReply(res, { ...reply, json: withoutFields(reply.json, f.fields) });
    default:
      return sendReply(res, reply);
  }
}

function withExtraFields(json: unknown): unknown {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return json;
  return { ...json, x_injected_extra: { note: 'unexpected field added by the fault injector', n: 1 }, x_injected_flag: true };
}

function withoutFields(json: unknown, fields: string[] | undefined): unknown {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return json;
  if (!fields) return {};
  return Object.fromEntries(Object.entries(json).filter(([k]) => !fields.includes(k)));
}
