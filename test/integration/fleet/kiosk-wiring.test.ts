// The whole kiosk (training mode) with `siem` and `metrics` configured: a teller's capture shows up
// in /metrics (queue depth, capture and MRZ histograms) and its audit rows reach a real rsyslogd.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../helpers/kiosk-harness';
import { tempDir } from '../store/support';
import { freePort, makePki, OPENSSL, readLines, RSYSLOG_GTLS, RSYSLOGD, startRsyslog, waitFor, type RunningServer } from './servers';
import { parseRfc5424, toRow } from './syslog-receiver-check';

const missing = !RSYSLOGD || !RSYSLOG_GTLS ? 'rsyslog with rsyslog-gnutls is not installed' : !OPENSSL ? 'openssl is not installed' : null;
if (missing) console.log(`skipping the kiosk fleet wiring test: ${missing}`);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(missing)('createKiosk with fleet operation configured', () => {
  it('serves the teller activity in /metrics and forwards its audit rows', async () => {
    const tmp = tempDir('kiosk-fleet-wiring-');
    cleanups.push(tmp.cleanup);
    const pki = makePki(join(tmp.dir, 'pki'));
    const siemPort = await freePort();
    const out = join(tmp.dir, 'received.log');
    const rsyslog: RunningServer = await startRsyslog({ dir: join(tmp.dir, 'rsyslog'), port: siemPort, pki, outFile: out, appName: 'branch-id-kiosk' });
    cleanups.push(() => rsyslog.stop());
    const metricsPort = await freePort();
    const token = 'wiring-test-token-0123456789';
    const h: Harness = await startHarness({
      overrides: {
        kioskId: 'sto-07',
        siem: { host: '127.0.0.1', port: siemPort, caFile: pki.caFile, certFile: pki.clientCert, keyFile: pki.clientKey, settleMs: 50, idlePollMs: 100, retryBaseMs: 100 },
        metrics: { listen: `127.0.0.1:${metricsPort}`, token },
      },
    });
    cleanups.push(() => h.close());

    const v = await h.kiosk.service.startVerification({ documentType: 'passport' });
    await h.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });

    const scrape = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    const body = await scrape();
    expect(body).toMatch(/^kiosk_queue_depth\{state="capturing",provider="zignsec",kiosk_id="sto-07"\} 1$/m);
    expect(body).toMatch(/^kiosk_capture_duration_seconds_count\{kiosk_id="sto-07",side="front",trigger="manual"\} 1$/m);
    expect(body).toMatch(/^kiosk_mrz_read_duration_seconds_count\{kiosk_id="sto-07"\} [1-9]\d*$/m);
    expect(body).toMatch(/^kiosk_build_info\{version="[^"]+",mode="training",kiosk_id="sto-07"\} 1$/m);
    expect(body).toMatch(/^kiosk_audit_forward_backlog_rows\{kiosk_id="sto-07"\} \d+$/m);

    const rows = await waitFor('the audit rows at rsyslog', () => {
      const r = readLines(out).map((l) => toRow(parseRfc5424(l), 'audit@32473'));
      return r.some((x) => x.action === 'capture_added' && x.verificationId === v.id) ? r : null;
    });
    expect(rows.find((x) => x.action === 'verification_created')?.verificationId).toBe(v.id);
    await waitFor('the backlog at 0 in /metrics', async () => /^kiosk_audit_forward_backlog_rows\{kiosk_id="sto-07"\} 0$/m.test(await scrape()));
  });
});
