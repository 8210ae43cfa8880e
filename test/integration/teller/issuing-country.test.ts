// The issuing country chosen by the teller. Real kiosk core (encrypted store, specimen scanner,
// on-device MRZ reader, both provider emulators): the choice is validated against the ISO list, stored
// and audited, wins over the MRZ for routing and for ZOLOZ's country-specific docType, and a
// disagreement with the MRZ blocks submit until the teller confirms it.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verification } from '../../../shared/domain';
import { calls } from '../../../shared/contract';
import { loadOrCreateKeyFile } from '../../../main/store/keyfile';
import { openDatabase } from '../../../main/store/db';
import { specimenSpecFor } from '../../../main/capture/specimen/device';
import { startHarness, type Harness } from '../../helpers/kiosk-harness';

// Seed 7100 is a passport the reader accepts (see test/integration/precheck/kiosk-precheck.test.ts).
const SEED = 7100;
const truth = specimenSpecFor('passport', 'front', SEED, {});
// A country other than the passport's: routing must follow the teller's choice, not the MRZ.
const OTHER = truth.issuingState === 'FIN' ? 'SWE' : 'FIN';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    overrides: {
      capture: { sane: false, cameras: false },
      providers: { default: 'zignsec', byDocumentType: { id_card: 'zoloz' }, byCountry: { [truth.issuingState]: 'zoloz' } },
    },
    kioskOptions: { specimen: { seed: SEED, specimen: {} } },
  });
});
afterAll(async () => h?.close());

async function waitFinal(id: string): Promise<Verification> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const v = await h.kiosk.service.getVerification({ id });
    if (['accepted', 'declined', 'failed', 'needs_attention'].includes(v.state)) return v;
    if (Date.now() > deadline) throw new Error(`stuck in ${v.state}: ${JSON.stringify(v.sync)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function readDb<T>(fn: (db: ReturnType<typeof openDatabase>) => T): T {
  const db = openDatabase(join(h.dataDir, 'kiosk.db'), loadOrCreateKeyFile(h.dataDir));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('issuing country', () => {
  it('the contract accepts only an alpha-3 shape; main accepts only assigned ISO codes', async () => {
    const schema = calls.setIssuingCountry.request;
    expect(schema.safeParse({ verificationId: '00000000-0000-4000-8000-000000000000', country: 'sgp' }).success).toBe(false);
    expect(schema.safeParse({ verificationId: '00000000-0000-4000-8000-000000000000', country: 'SG' }).success).toBe(false);
    const v = await h.kiosk.service.startVerification({ documentType: 'id_card' });
    await expect(h.kiosk.service.setIssuingCountry({ verificationId: v.id, country: 'XYZ' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(h.kiosk.service.setIssuingCountry({ verificationId: v.id, country: 'UTO' })).rejects.toMatchObject({ code: 'bad_request' });
    expect((await h.kiosk.service.issuingCountries({ verificationId: v.id })).info.chosen).toBeNull();
    await h.kiosk.service.cancelVerification({ verificationId: v.id });
  });

  // First capture of this kiosk: the seeded specimen is the passport whose MRZ the reader accepts.
  it(`passport routed by country: the teller's choice (${OTHER}) wins over the MRZ (${truth.issuingState}) once confirmed`, async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    expect(v.issuingCountry?.ask).toBe('before_submit');
    await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    const read = (await h.kiosk.service.issuingCountries({ verificationId: v.id })).info;
    expect(read).toMatchObject({ chosen: null, read: truth.issuingState, effective: truth.issuingState, mismatch: false });

    await h.kiosk.service.setIssuingCountry({ verificationId: v.id, country: OTHER });
    const disputed = (await h.kiosk.service.getVerification({ id: v.id })).issuingCountry!;
    expect(disputed).toMatchObject({ chosen: OTHER, read: truth.issuingState, effective: OTHER, mismatch: true, confirmed: false });
    await expect(h.kiosk.service.submit({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict', userMessage: expect.stringMatching(/Confirm the country/) });
    expect((await h.kiosk.service.getVerification({ id: v.id })).state).toBe('capturing');

    const confirmed = await h.kiosk.service.setIssuingCountry({ verificationId: v.id, country: OTHER, confirmMismatch: true });
    expect(confirmed.issuingCountry).toMatchObject({ mismatch: true, confirmed: true });
    const queued = await h.kiosk.service.submit({ verificationId: v.id });
    // byCountry sends the MRZ's country to ZOLOZ; the teller's country has no rule: the default provider.
    expect(queued.provider).toBe('zignsec');
    const audit = readDb((db) => db.prepare(`SELECT detail FROM audit_log WHERE verification_id = ? AND action = 'issuing_country_chosen' ORDER BY seq`).all(v.id) as Array<{ detail: string }>);
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([
      { country: OTHER, previous: null, mrz: truth.issuingState },
      { country: OTHER, previous: OTHER, mrz: truth.issuingState, confirmedAgainstMrz: truth.issuingState },
    ]);
  });

  it('ZOLOZ ID card: asked before capture, provider countries first, the choice reaches ZOLOZ as its country-specific docType', async () => {
    const v = await h.kiosk.service.startVerification({ documentType: 'id_card' });
    expect(v.provider).toBe('zoloz');
    expect(v.issuingCountry).toMatchObject({ ask: 'before_capture', chosen: null, effective: null });
    expect(v.issuingCountry!.supported).toEqual(expect.arrayContaining(['SGP', 'MYS', 'HKG']));
    const options = await h.kiosk.service.issuingCountries({ verificationId: v.id });
    expect(options.countries.length).toBeGreaterThan(240);
    expect(options.countries).toContainEqual({ code: 'SGP', region: 'SG' });
    // Submit is refused while the country is unknown (nothing captured gives it).
    await expect(h.kiosk.service.submit({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict' });

    const chosen = await h.kiosk.service.setIssuingCountry({ verificationId: v.id, country: 'SGP' });
    expect(chosen.issuingCountry).toMatchObject({ chosen: 'SGP', effective: 'SGP' });
    for (const side of ['front', 'back'] as const) await h.kiosk.service.capture({ verificationId: v.id, side, deviceId: 'specimen:scanner' });
    const before = (await h.kiosk.service.getVerification({ id: v.id })).issuingCountry!;
    if (before.read) {
      // The specimen's MRZ names a European state: a disagreement the teller must confirm.
      expect(before).toMatchObject({ mismatch: true, confirmed: false });
      await expect(h.kiosk.service.submit({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict' });
      await h.kiosk.service.setIssuingCountry({ verificationId: v.id, country: 'SGP', confirmMismatch: true });
    }
    const queued = await h.kiosk.service.submit({ verificationId: v.id });
    expect(queued.provider).toBe('zoloz');
    expect(queued.issuingCountry?.effective).toBe('SGP');
    await expect(h.kiosk.service.setIssuingCountry({ verificationId: v.id, country: 'MYS' })).rejects.toMatchObject({ code: 'conflict' });
    const done = await waitFinal(v.id);
    expect(done.outcome?.provider).toBe('zoloz');

    const { raw, country, audit } = readDb((db) => ({
      raw: (db.prepare('SELECT raw_response FROM verifications WHERE id = ?').get(v.id) as { raw_response: string }).raw_response,
      country: (db.prepare('SELECT issuing_country FROM verifications WHERE id = ?').get(v.id) as { issuing_country: string }).issuing_country,
      audit: (db.prepare(`SELECT actor, detail FROM audit_log WHERE verification_id = ? AND action = 'issuing_country_chosen' ORDER BY seq`).all(v.id) as Array<{ actor: string; detail: string }>),
    }));
    // The emulator answers with the certType of the docType it was sent: Singapore's citizen card.
    expect(JSON.parse(raw)).toMatchObject({ asynccheckresult: { result: { resultStatus: 'S' }, certType: '00650000001' } });
    expect(country).toBe('SGP');
    expect(audit[0]).toMatchObject({ actor: 'teller' });
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ country: 'SGP', previous: null });
  });
});

describe('issuing country routes to a provider that needs more sides', () => {
  let routed: Harness;
  beforeAll(async () => {
    routed = await startHarness({
      overrides: {
        capture: { sane: false, cameras: false },
        // ZOLOZ by default; this passport's issuing state goes to ZignSec, which is set up to compare a selfie.
        providers: { default: 'zoloz', byCountry: { [truth.issuingState]: 'zignsec' }, zignsec: { analysisTypes: ['document', 'selfie'] } },
      },
      kioskOptions: { specimen: { seed: SEED, specimen: {} } },
    });
  });
  afterAll(async () => routed?.close());

  it('asks for the selfie the routed provider needs, and does not queue the verification without it', async () => {
    const v = await routed.kiosk.service.startVerification({ documentType: 'passport' });
    expect(v.provider).toBe('zoloz');
    expect(v.requiredSides).toEqual(['front']);
    const updates: Verification[] = [];
    const off = routed.kiosk.events.on('verificationUpdated', (u) => updates.push(u));
    await routed.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
    off();
    // Once the country is known (read from the MRZ here), the screen learns the sides of the provider
    // it goes to: from the event that follows the capture (the scan screen then offers the selfie) and on reading it.
    expect(updates.filter((u) => u.id === v.id).at(-1)?.requiredSides).toEqual(['front', 'selfie']);
    expect((await routed.kiosk.service.getVerification({ id: v.id })).requiredSides).toEqual(['front', 'selfie']);
    await expect(routed.kiosk.service.submit({ verificationId: v.id })).rejects.toMatchObject({ code: 'conflict', userMessage: expect.stringMatching(/selfie/i) });
    expect((await routed.kiosk.service.getVerification({ id: v.id })).state).toBe('capturing');
  });
});
