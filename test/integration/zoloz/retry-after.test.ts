// ZOLOZ (or a proxy in front of it) asking the kiosk to wait: Retry-After as seconds or as an
// HTTP-date, on an unsigned 5xx/429 from the emulator over real HTTP, sets the earliest retry.
import { describe, expect, it } from 'vitest';
import type { ProviderError } from '../../../main/providers/provider';
import { authFromConfig } from '../../../main/providers/zoloz/adapter';
import { createZolozClient } from '../../../main/providers/zoloz/client';
import { createZolozGateway } from '../../../main/providers/zoloz/gateway';
import { trainingZolozConfig } from '../../../main/sandbox/zoloz/server';
import { classifyFailure } from '../../../main/sync/retry';
import { useZolozEmulator } from './support';

const now = () => new Date('2026-12-06T15:00:00Z');
const rig = useZolozEmulator({ now });

const client = () => createZolozClient(createZolozGateway({ baseUrl: rig.sandbox.url, clientId: rig.keys.clientId, auth: authFromConfig(trainingZolozConfig(rig.sandbox.url, rig.keys)), now }));
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as ProviderError);
const policy = { baseMs: 100, capMs: 60_000 };

describe('ZOLOZ Retry-After', () => {
  it('honours an HTTP-date: 8 s after the kiosk clock is an 8 s wait for the whole provider', async () => {
    rig.nextFault = { kind: 'http', status: 503, retryAfter: 'Sun, 06 Dec 2026 15:00:08 GMT' };
    const e = await failure(client().asyncCheckResult({ transactionId: 'G-none' }));
    expect(e?.kind).toBe('retryable');
    expect(e!.details.retryAfterMs).toBe(8_000);
    const action = classifyFailure(e, 0, policy, () => 0);
    expect(action).toMatchObject({ kind: 'retry', delayMs: 8_000, providerWait: true });
  });

  it('honours delay-seconds on a 429, and a date already past means no extra wait', async () => {
    rig.nextFault = { kind: 'http', status: 429, retryAfterSeconds: 5 };
    expect((await failure(client().authTest({ a: 1 })))!.details.retryAfterMs).toBe(5_000);
    rig.nextFault = { kind: 'http', status: 429, retryAfter: 'Sun, 06 Dec 2026 14:00:00 GMT' };
    expect((await failure(client().authTest({ a: 1 })))!.details.retryAfterMs).toBe(0);
    rig.nextFault = { kind: 'http', status: 503, retryAfter: 'whenever' };
    const e = await failure(client().authTest({ a: 1 }));
    expect(e?.kind).toBe('retryable');
    expect(e!.details.retryAfterMs).toBeUndefined();
  });
});
