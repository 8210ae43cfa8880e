import { describe, expect, it } from 'vitest';
import { KioskConfigSchema } from '../../../main/config';
import { bearerMatches, parseListen, wantsOpenMetrics } from '../../../main/fleet/metrics-server';
import { groupPath } from '../../../main/fleet/metrics-push';

const parse = (extra: Record<string, unknown>) => KioskConfigSchema.safeParse({ dataDir: '/tmp/x', ...extra });

describe('fleet configuration', () => {
  it('is off by default', () => {
    const c = parse({});
    expect(c.success && c.data.siem === undefined && c.data.metrics === undefined).toBe(true);
  });

  it('fills SIEM defaults (RFC 5425 port, facility log audit) and names a bad field', () => {
    const c = parse({ siem: { host: 'siem.bank.internal', caFile: '/etc/kiosk/siem-ca.pem' } });
    expect(c.success && c.data.siem).toMatchObject({ port: 6514, facility: 13, appName: 'branch-id-kiosk', batchSize: 250, maxRowsPerSecond: 500 });
    expect(parse({ siem: { host: 'h', caFile: 'c', certFile: 'x' } }).error?.issues[0]?.path).toEqual(['siem', 'keyFile']);
    expect(parse({ siem: { host: 'h', caFile: 'c', facility: 24 } }).success).toBe(false);
    expect(parse({ siem: { host: 'h', caFile: 'c', appName: 'has space' } }).success).toBe(false);
    expect(parse({ siem: { caFile: 'c' } }).success).toBe(false);
  });

  it('requires a token of 16+ characters with a listener, and cert and key together', () => {
    expect(parse({ metrics: { listen: '0.0.0.0:9464' } }).error?.issues[0]?.path).toEqual(['metrics', 'token']);
    expect(parse({ metrics: { listen: '0.0.0.0:9464', token: 'short' } }).success).toBe(false);
    expect(parse({ metrics: { listen: '0.0.0.0:9464', token: 'x'.repeat(16), tlsCertFile: 'c' } }).success).toBe(false);
    expect(parse({ metrics: { listen: 'nonsense', token: 'x'.repeat(16) } }).success).toBe(false);
    const ok = parse({ metrics: { listen: '[::]:9464', token: 'x'.repeat(16), push: { url: 'https://pgw.bank.internal:9091' } } });
    expect(ok.success && ok.data.metrics?.push).toEqual({ url: 'https://pgw.bank.internal:9091', intervalSeconds: 60, job: 'branch-id-kiosk' });
  });
});

describe('metrics endpoint helpers', () => {
  it('parses listen addresses', () => {
    expect(parseListen('0.0.0.0:9464')).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(parseListen('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    expect(parseListen('kiosk.local:1')).toEqual({ host: 'kiosk.local', port: 1 });
    for (const bad of ['9464', ':9464', '1.2.3.4:99999', '::1:9464', 'a b:1']) expect(() => parseListen(bad)).toThrow(/metrics.listen/);
  });

  it('accepts only "Bearer <the token>"', () => {
    const t = 'secret-token-0123456789';
    expect(bearerMatches(`Bearer ${t}`, t)).toBe(true);
    expect(bearerMatches(`bearer ${t}`, t)).toBe(true);
    for (const h of [undefined, '', t, `Bearer ${t}x`, `Bearer ${t.slice(1)}`, `Basic ${t}`, 'Bearer ', `Bearer ${t} extra`]) expect(bearerMatches(h, t)).toBe(false);
  });

  it('serves OpenMetrics to scrapers that ask for it', () => {
    expect(wantsOpenMetrics('application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5')).toBe(true);
    expect(wantsOpenMetrics('text/plain')).toBe(false);
    expect(wantsOpenMetrics(undefined)).toBe(false);
  });

  it('builds the Pushgateway group path, base64url for values the path cannot carry', () => {
    expect(groupPath('branch-id-kiosk', 'sto-01')).toBe('/metrics/job/branch-id-kiosk/kiosk_id/sto-01');
    expect(groupPath('j', 'a/b c')).toBe(`/metrics/job/j/kiosk_id@base64/${Buffer.from('a/b c').toString('base64url')}`);
  });
});
