// Issue 5 item 5: configuration chooses the provider per issuing country. The country is known once
// the kiosk has read the MRZ, so the verification is routed as it is queued, before any provider
// step — real kiosk core, specimen scanner, on-device MRZ reader, both emulators.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../main/config';
import { createKiosk, type Kiosk } from '../../../main/kiosk';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { openDatabase } from '../../../main/store/db';
import { specimenSpecFor, type SpecimenDeviceOptions } from '../../../main/capture/specimen/device';

// Seed 7100 is a passport the reader accepts (see test/integration/precheck/kiosk-precheck.test.ts).
const SEED = 7100;
const truth = specimenSpecFor('passport', 'front', SEED, {});
const specimen: SpecimenDeviceOptions = { seed: SEED, specimen: {} };
let kiosk: Kiosk;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-routing-'));
  const config = loadConfig({
    dataDir,
    env: {},
    overrides: {
      sandbox: { analysisDelayMs: 200 },
      sync: { tickMs: 50, pollMinMs: 100, pollMaxMs: 400, backoffBaseMs: 100 },
      capture: { sane: false, cameras: false },
      providers: { default: 'zignsec', byCountry: { [truth.issuingState]: 'zoloz' } },
    },
  });
  kiosk = await createKiosk(config, { dbKey: loadOrCreateKeyFile(dataDir), specimen });
});
afterAll(async () => {
  await kiosk?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('routing by issuing country', () => {
  it(`sends a passport issued by ${truth.issuingState} to ZOLOZ as configured, and audits the routing`, async () => {
    const v = await kiosk.service.startVerification({ documentType: 'passport' });
    expect(v.provider).toBe('zignsec'); // the default, before the document has been read
    const cap = await kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    expect(cap.precheck?.mrz).toMatchObject({ status: 'accepted', issuingState: truth.issuingState });
    const queued = await kiosk.service.submit({ verificationId: v.id });
    expect(queued.provider).toBe('zoloz');
    const deadline = Date.now() + 90_000;
    let done = queued;
    while (!['accepted', 'declined', 'failed'].includes(done.state)) {
      if (Date.now() > deadline) throw new Error(`stuck in ${done.state}`);
      await new Promise((r) => setTimeout(r, 100));
      done = await kiosk.service.getVerification({ id: v.id });
    }
    expect(done.outcome?.provider).toBe('zoloz');
    expect(kiosk.sandboxes!.zignsec.stats().createSession ?? 0).toBe(0);
    const db = openDatabase(join(dataDir, 'kiosk.db'), loadOrCreateKeyFile(dataDir));
    try {
      const row = db.prepare(`SELECT detail FROM audit_log WHERE verification_id = ? AND action = 'provider_routed'`).get(v.id) as { detail: string } | undefined;
      expect(JSON.parse(row!.detail)).toMatchObject({ from: 'zignsec', to: 'zoloz' });
    } finally {
      db.close();
    }
  });
});
