// Configuration chooses the provider per issuing country. The country is known once
// the kiosk has read the MRZ, so the verification is routed as it is queued, before any provider
// step — real kiosk core, specimen scanner, on-device MRZ reader, both emulators.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { openDatabase } from '../../../main/store/db';
import { specimenSpecFor } from '../../../main/capture/specimen/device';
import { startHarness, type Harness } from '../../helpers/kiosk-harness';

// Seed 7100 is a passport the reader accepts (see test/integration/precheck/kiosk-precheck.test.ts).
const SEED = 7100;
const truth = specimenSpecFor('passport', 'front', SEED, {});
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    overrides: { capture: { sane: false, cameras: false }, providers: { default: 'zignsec', byCountry: { [truth.issuingState]: 'zoloz' } } },
    kioskOptions: { specimen: { seed: SEED, specimen: {} } },
  });
});
afterAll(async () => h?.close());

describe('routing by issuing country', () => {
  it(`sends a passport issued by ${truth.issuingState} to ZOLOZ as configured, and audits the routing`, async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    expect(v.provider).toBe('zignsec'); // the default, before the document has been read
    const cap = await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    expect(cap.precheck?.mrz).toMatchObject({ status: 'accepted', issuingState: truth.issuingState });
    const queued = await h.kiosk.service.submit({ verificationId: v.id });
    expect(queued.provider).toBe('zoloz');
    const deadline = Date.now() + 90_000;
    let done = queued;
    while (!['accepted', 'declined', 'failed'].includes(done.state)) {
      if (Date.now() > deadline) throw new Error(`stuck in ${done.state}`);
      await new Promise((r) => setTimeout(r, 100));
      done = await h.kiosk.service.getVerification({ id: v.id });
    }
    expect(done.outcome?.provider).toBe('zoloz');
    expect(h.kiosk.sandboxes!.zignsec.stats().createSession ?? 0).toBe(0);
    const db = openDatabase(join(h.dataDir, 'kiosk.db'), loadOrCreateKeyFile(h.dataDir));
    try {
      const row = db.prepare(`SELECT detail FROM audit_log WHERE verification_id = ? AND action = 'provider_routed'`).get(v.id) as { detail: string } | undefined;
      expect(JSON.parse(row!.detail)).toMatchObject({ from: 'zignsec', to: 'zoloz' });
    } finally {
      db.close();
    }
  });
});
