// What the kiosk tells ZOLOZ about the document and about itself, read off the wire (real HTTP on
// loopback to the emulator): the docType of the table for a listed country, else the category with
// `autoDocCountryCode` (ZOLOZ's recognize docs allow the two together), the category alone when no
// country is known; and `User-Agent: BranchIdKiosk/<version>` on every request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncJob } from '../../../main/providers/provider';
import { createZolozAdapter } from '../../../main/providers/zoloz/adapter';
import { docSelectorFor, PASSPORT_MRZ } from '../../../main/providers/zoloz/doc-types';
import { generateSandboxKeys, startZolozSandbox, trainingZolozConfig, type SandboxKeys, type ZolozSandbox } from '../../../main/sandbox/zoloz/server';
import { KIOSK_VERSION } from '../../../main/version';
import { specimenPage } from '../../fixtures/zoloz/specimen';

let keys: SandboxKeys;
let sandbox: ZolozSandbox;
let page: Buffer;

beforeAll(async () => {
  keys = await generateSandboxKeys();
  page = await specimenPage();
  sandbox = await startZolozSandbox({ clientId: keys.clientId, merchantPublicKeyPem: keys.merchant.publicKeyPem, zolozPrivateKeyPem: keys.zoloz.privateKeyPem, processingPolls: 0 });
});
afterAll(() => sandbox.close());

const ctx = () => ({ signal: new AbortController().signal, onBytes: () => undefined });
const job = (id: string, documentType: SyncJob['documentType']): SyncJob => ({
  verificationId: id,
  documentType,
  locale: 'en',
  captures: (['front', 'back'] as const).map((side) => ({ id: `${id}-${side}`, side, bytes: page.length, load: () => page })),
});

/** Runs the adapter to its asyncrecognize and returns the JSON it sent (unencrypted RSA, so readable on the wire). */
async function sentSelector(documentType: SyncJob['documentType'], country: string | null): Promise<Record<string, unknown>> {
  const bodies: Array<{ url: string; body: Record<string, unknown> }> = [];
  const adapter = createZolozAdapter(trainingZolozConfig(sandbox.url, keys), {
    countryOf: () => country,
    fetch: (url, init) => {
      bodies.push({ url, body: JSON.parse(String(init.body)) as Record<string, unknown> });
      return fetch(url, init);
    },
  });
  const j = job(`sel-${documentType}-${country ?? 'none'}`, documentType);
  let progress = (await adapter.step(j, {}, ctx())).progress;
  progress = (await adapter.step(j, progress, ctx())).progress;
  expect(progress).toHaveProperty('transactionId');
  const sent = bodies.find((b) => b.url.endsWith('/idrecognition/asyncrecognize'))!.body;
  return Object.fromEntries(Object.entries(sent).filter(([k]) => k === 'docType' || k.startsWith('autoDoc')));
}

describe('ZOLOZ document selector on the wire', () => {
  it('a country in the table gets its docType', async () => {
    expect(await sentSelector('id_card', 'MYS')).toEqual({ docType: '00600000001' });
  });

  it('an ID card from a country outside the table goes as its category narrowed to the country', async () => {
    expect(await sentSelector('id_card', 'SWE')).toEqual({ autoDocCategory: ['ID_CARD'], autoDocCountryCode: ['SWE'] });
    expect(await sentSelector('drivers_license', 'DEU')).toEqual({ autoDocCategory: ['DRIVING_LICENSE'], autoDocCountryCode: ['DEU'] });
  });

  it('no country known: the category alone; passports always by docType', async () => {
    expect(await sentSelector('id_card', null)).toEqual({ autoDocCategory: ['ID_CARD'] });
    expect(await sentSelector('passport', 'SWE')).toEqual({ docType: PASSPORT_MRZ });
    expect(docSelectorFor('id_card', 'not-a-country')).toEqual({ autoDocCategory: ['ID_CARD'] });
    expect(docSelectorFor('other', 'SWE')).toBeNull();
  });

  it('every request carries User-Agent BranchIdKiosk/<version>', () => {
    const agents = sandbox.stats().userAgents;
    expect(Object.keys(agents)).toEqual([`BranchIdKiosk/${KIOSK_VERSION}`]);
    expect(agents[`BranchIdKiosk/${KIOSK_VERSION}`]).toBe(sandbox.stats().requests);
  });
});
