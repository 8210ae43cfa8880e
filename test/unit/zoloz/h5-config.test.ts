// The settings of ZOLOZ's own capture page (H5): off unless asked for, the page only over https.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../main/config';

const load = (zoloz: Record<string, unknown>) => loadConfig({ dataDir: '/nonexistent-kiosk-data', env: {}, overrides: { providers: { zoloz } } });

describe('providers.zoloz H5 settings', () => {
  it('are off and empty by default', () => {
    const z = load({}).providers.zoloz;
    expect(z.assistedFlow).toBeUndefined();
    expect(z.h5PageUrl).toBeUndefined();
    expect(z.assistedTimeoutMs).toBeUndefined();
  });

  it('take the flow, an https page and a timeout', () => {
    const z = load({ assistedFlow: true, h5PageUrl: 'https://h5.zoloz.example/page', assistedTimeoutMs: 600_000 }).providers.zoloz;
    expect(z).toMatchObject({ assistedFlow: true, h5PageUrl: 'https://h5.zoloz.example/page', assistedTimeoutMs: 600_000 });
  });

  it('refuse a page that is not https, or not an address, with the setting named', () => {
    expect(() => load({ h5PageUrl: 'http://h5.zoloz.example/page' })).toThrow(/providers\.zoloz\.h5PageUrl.*https/);
    expect(() => load({ h5PageUrl: 'h5.zoloz.example' })).toThrow(/providers\.zoloz\.h5PageUrl/);
    expect(() => load({ assistedTimeoutMs: 0 })).toThrow(/providers\.zoloz\.assistedTimeoutMs/);
  });
});
