// The provider adapters this kiosk can send to: ZignSec when it has an API key, ZOLOZ when it has its
// credentials (or the training emulators'). A provider without an adapter is not offered to the teller,
// and the sync worker leaves its verifications waiting.
import type { ProviderId } from '../../shared/domain';
import type { KioskConfig } from '../config';
import type { Log } from '../log';
import type { ProviderAdapter, SyncJob } from './provider';
import { createZignSecAdapter } from './zignsec/adapter';

export interface ProviderAdaptersOptions {
  log: Log;
  /** The verification's issuing country (ISO alpha-3), or null while unknown. */
  issuingCountry: (verificationId: string) => string | null;
}

export async function createProviderAdapters(config: KioskConfig, opts: ProviderAdaptersOptions): Promise<Map<ProviderId, ProviderAdapter>> {
  const adapters = new Map<ProviderId, ProviderAdapter>();
  // Poll timing comes from the kiosk's sync settings (2 s growing to 30 s by default).
  const pollTiming = { pollMinMs: config.sync.pollMinMs, pollMaxMs: config.sync.pollMaxMs };
  const zignsec = config.providers.zignsec;
  if (zignsec.apiKey) {
    adapters.set('zignsec', createZignSecAdapter(zignsec, { ...pollTiming, sendChipFace: config.chip.sendChipFace, ...(zignsec.assistedTimeoutMs ? { assistedTimeoutMs: zignsec.assistedTimeoutMs } : {}) }));
  }
  // ZOLOZ's country-specific docType; for a country outside its table the adapter sends the
  // category with autoDocCountryCode, so ZOLOZ classifies the document within that country.
  const zoloz = await loadZolozAdapter(config, opts.log, (job) => opts.issuingCountry(job.verificationId));
  if (zoloz) adapters.set('zoloz', zoloz);
  return adapters;
}

/** ZOLOZ is optional at start-up: it is wired when its credentials (or the training sandbox) are there. */
async function loadZolozAdapter(config: KioskConfig, log: Log, countryOf: (job: SyncJob) => string | null): Promise<ProviderAdapter | null> {
  const z = config.providers.zoloz;
  const hasKeys = z.authScheme === 'aksk' ? !!(z.accessKey && z.secretKey) : !!(z.merchantPrivateKey && z.zolozPublicKey);
  if (!z.clientId || !hasKeys) return null;
  try {
    const { createZolozAdapter } = await import('./zoloz/adapter');
    return createZolozAdapter(z, { pollMinMs: config.sync.pollMinMs, pollMaxMs: config.sync.pollMaxMs, countryOf, ...(z.assistedTimeoutMs ? { assistedTimeoutMs: z.assistedTimeoutMs } : {}) });
  } catch (e) {
    log('warn', 'ZOLOZ adapter could not be created; ZOLOZ verifications will wait', e);
    return null;
  }
}
