// Gateway hosts per environment. Sandbox and production have different Client-Ids and keys that
// are bound to their host: pointing sandbox keys at production yields KEY_NOT_FOUND/MERCHANT_NOT_FOUND.
import type { ZolozConfig } from '../../config';

/** Hosts confirmed in ZOLOZ's docs and official samples (see the spec notes §4). */
export const ZOLOZ_HOSTS: Partial<Record<ZolozConfig['environment'], string>> = {
  sandbox: 'https://sg-sandbox-api.zoloz.com',
  sg: 'https://sg-production-api.zoloz.com',
  hk: 'https://hk-production-api.zoloz.net',
  id: 'https://id-production-api.zoloz.com',
};

/** Base URL for a config: explicit `baseUrl` wins; otherwise the documented host for the environment. */
export function zolozBaseUrl(config: Pick<ZolozConfig, 'environment' | 'baseUrl'>): string {
  if (config.baseUrl) return config.baseUrl.replace(/\/+$/, '');
  const host = ZOLOZ_HOSTS[config.environment];
  if (!host) {
    // my / ph / us: no host published in the sources we have; guessing one would send signed
    // customer data to an unverified address, so the operator must state it.
    throw new Error(`No ZOLOZ host is known for environment "${config.environment}". Set providers.zoloz.baseUrl to the host ZOLOZ gave you.`);
  }
  return host;
}
