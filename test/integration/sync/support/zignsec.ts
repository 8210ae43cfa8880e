import type { ZignSecConfig } from '../../../../main/config';

/** A ZignSec config pointing at a sandbox URL (defaults as the config schema would fill them). */
export function ZignSecConfigFor(baseUrl: string, apiKey: string): ZignSecConfig {
  return { apiKey, baseUrl, environment: 'test', analysisTypes: ['document'], maxImageSide: 3000, requestTimeoutMs: 10_000 };
}
