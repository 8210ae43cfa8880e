// What every ZignSec request says about the kiosk: `User-Agent: BranchIdKiosk/<version>` on every
// API call, including the uploads the store's upload thread sends, and `timeZoneOffset` as local time
// minus UTC (+60 in Stockholm in winter, +120 in summer). Real store, real HTTP on loopback.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { KIOSK_VERSION } from '../../../main/version';
import { undiciTransport, type HttpTransport } from '../../../main/providers/http-transport';
import { createZignSecAdapter } from '../../../main/providers/zignsec/adapter';
import { timeZoneOffsetMinutes } from '../../../main/providers/zignsec/client';
import { startZignSecSandbox, type ZignSecSandbox } from '../../../main/sandbox/zignsec/server';
import { ZignSecConfigFor } from '../sync/support/zignsec';
import { isFinal, startHarness, waitUntil, type Harness } from '../sync/support/harness';
import { queueIdCard, syntheticJpeg } from '../sync/support/jpeg';
import { key, tempDir } from '../store/support';
import { drive, makeJob } from './helpers';

let sandbox: ZignSecSandbox;
let apiKey: string;
let jpeg: Buffer;
let t: ReturnType<typeof tempDir>;
let h: Harness | null = null;
const savedTz = process.env.TZ;

beforeAll(async () => {
  jpeg = await syntheticJpeg();
  apiKey = randomUUID();
  sandbox = await startZignSecSandbox({ apiKey, analysisDelayMs: 20 });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  t = tempDir('kiosk-zs-ua-');
});
afterEach(async () => {
  await h?.stop();
  h = null;
  t.cleanup();
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('ZignSec request identity', () => {
  it('every API request carries User-Agent BranchIdKiosk/<version>, uploads from the store thread included', async () => {
    const before = sandbox.userAgents();
    h = startHarness({ dataDir: t.dir, key: key(), adapter: createZignSecAdapter(ZignSecConfigFor(sandbox.url, apiKey), { pollMinMs: 10, pollMaxMs: 30 }), autoStart: false });
    const id = queueIdCard(h.store, jpeg);
    await waitUntil('upload thread ready', () => h!.store.uploadsOffThread);
    h.worker.start();
    await waitUntil('final', () => isFinal(h!.store, id));
    const after = sandbox.userAgents();
    const added = Object.fromEntries(Object.keys(after).map((ua) => [ua, (after[ua] ?? 0) - (before[ua] ?? 0)]).filter(([, n]) => n !== 0));
    expect(Object.keys(added)).toEqual([`BranchIdKiosk/${KIOSK_VERSION}`]);
    expect(sandbox.stats().addDocument).toBeGreaterThanOrEqual(2);
    expect(added[`BranchIdKiosk/${KIOSK_VERSION}`]).toBeGreaterThanOrEqual(5); // session, 2 uploads, start, status/result reads
  });

  it('sends timeZoneOffset as local minus UTC: +60 in CET, +120 in CEST, -300 in New York in winter', async () => {
    const cases: Array<[string, string, number]> = [
      ['Europe/Stockholm', '2026-01-15T12:00:00Z', 60],
      ['Europe/Stockholm', '2026-07-15T12:00:00Z', 120],
      ['America/New_York', '2026-01-15T12:00:00Z', -300],
      ['UTC', '2026-01-15T12:00:00Z', 0],
    ];
    for (const [tz, at, expected] of cases) {
      process.env.TZ = tz; // Node re-reads the zone when TZ is assigned
      expect(timeZoneOffsetMinutes(new Date(at))).toBe(expected);
      const urls: string[] = [];
      const watching: HttpTransport = (url, req) => {
        urls.push(url);
        return undiciTransport(url, req);
      };
      const adapter = createZignSecAdapter(ZignSecConfigFor(sandbox.url, apiKey), { transport: watching, now: () => new Date(at), pollMinMs: 5, pollMaxMs: 10 });
      await drive(adapter, makeJob(`tz-${expected}`, 'passport', [{ id: `tz-${expected}-f`, side: 'front', image: jpeg }]));
      const start = urls.find((u) => /\/analyses\?timeZoneOffset=/.test(u));
      expect(new URL(start!).searchParams.get('timeZoneOffset')).toBe(String(expected));
    }
  });
});
