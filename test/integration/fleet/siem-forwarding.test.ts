// Audit forwarding against a real rsyslogd (Debian rsyslog + rsyslog-gnutls) on a loopback port,
// TLS with certificates made by the test: every row arrives, in order, identifiable by sequence
// number, after the kiosk side and the collector are each SIGKILLed mid-forward; the received
// chain verifies with the test's own checker; a wrong CA and a refused client are alerted.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../main/store/store';
import { AuditForwarder, type SiemSettings } from '../../../main/fleet/audit-forwarder';
import { AuditForwardCursor } from '../../../main/store/forward-cursor';
import { HealthReporter } from '../../../main/review/health';
import { tempDir } from '../store/support';
import { freePort, makePki, OPENSSL, readLines, RSYSLOG_GTLS, RSYSLOGD, startRsyslog, unreadBytesAt, waitFor, type Pki, type RunningServer } from './servers';
import { parseRfc5424, toRow, verifyReceived, type ReceivedRow } from './syslog-receiver-check';

const APP = 'branch-id-kiosk';
const SD_ID = 'audit@32473';
const missing = !RSYSLOGD ? 'rsyslogd is not installed (Debian package rsyslog)' : !RSYSLOG_GTLS ? 'rsyslog has no TLS driver (Debian package rsyslog-gnutls)' : !OPENSSL ? 'openssl is not installed' : null;
if (missing) console.log(`skipping the SIEM forwarding tests: ${missing}`);

function settings(port: number, pki: Pki, over: Partial<SiemSettings> = {}): SiemSettings {
  return {
    host: '127.0.0.1',
    port,
    caFile: pki.caFile,
    certFile: pki.clientCert,
    keyFile: pki.clientKey,
    appName: APP,
    facility: 13,
    enterpriseId: 32473,
    batchSize: 50,
    maxRowsPerSecond: 400,
    backlogAlertRows: 100_000,
    alertAfterFailures: 2,
    connectTimeoutMs: 5_000,
    settleMs: 150,
    confirmTimeoutMs: 10_000,
    retryBaseMs: 100,
    retryCapMs: 500,
    idlePollMs: 100,
    ...over,
  };
}

/** Audit rows with the characters RFC 5424 makes a formatter escape, in actor, detail and ids. */
function fillAudit(store: Store, n: number): void {
  store.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const v = i % 7 === 0 ? null : `v-${i % 13}`;
      store.audit.append({
        actor: i % 5 === 0 ? 'supervisor:Åsa "Ö" ]\\' : 'sync',
        action: i % 3 === 0 ? 'state_changed' : `step:document_uploaded:front`,
        verificationId: v,
        detail: { i, note: 'quote " bracket ] backslash \\ newline \n é 漢字', nested: { b: [1, 2], a: null } },
      });
    }
  })();
}

function received(file: string): ReceivedRow[] {
  return readLines(file).map((l) => toRow(parseRfc5424(l), SD_ID));
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(missing)('audit forwarding to a real rsyslog over TLS', () => {
  it('delivers 1,000 rows in order, each identifiable by sequence number, across SIGKILLs of the forwarder and of rsyslog; the chain verifies', async () => {
    const tmp = tempDir('kiosk-fleet-');
    cleanups.push(tmp.cleanup);
    const pki = makePki(join(tmp.dir, 'pki'));
    const port = await freePort();
    const out = join(tmp.dir, 'received.log');
    let rsyslog: RunningServer = await startRsyslog({ dir: join(tmp.dir, 'rsyslog'), port, pki, outFile: out, appName: APP });
    cleanups.push(() => rsyslog.stop('SIGKILL'));

    const dataDir = join(tmp.dir, 'kiosk');
    const key = randomBytes(32);
    const seed = Store.open({ dataDir, key });
    fillAudit(seed, 1000);
    seed.close();

    const siem = settings(port, pki);
    let child: ChildProcess | null = null;
    let status = { forwardedSeq: 0, logHeadSeq: 0, backlog: -1, failures: 0 };
    const startChild = () => {
      const c = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'forwarder-child.ts')], {
        env: { ...process.env, FLEET_DATA_DIR: dataDir, FLEET_DB_KEY: key.toString('hex'), FLEET_SIEM: JSON.stringify(siem) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let buf = '';
      c.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) if (l.startsWith('{')) status = JSON.parse(l) as typeof status;
      });
      c.stderr!.on('data', () => {});
      child = c;
      return c;
    };
    const killChild = async (signal: NodeJS.Signals) => {
      const c = child!;
      const exited = new Promise((r) => c.once('exit', r));
      process.kill(c.pid!, signal);
      await exited;
      child = null;
    };
    cleanups.push(async () => {
      if (child) await killChild('SIGKILL');
    });

    // 1. The forwarder is SIGKILLed mid-forward, then started again.
    startChild();
    await waitFor('the first rows at rsyslog', () => readLines(out).length >= 200, 60_000, 20);
    await killChild('SIGKILL');
    const afterKill = received(out).length;
    expect(afterKill).toBeLessThan(1000);
    startChild();

    // 2. The forwarder is SIGKILLed with a whole batch sent and not confirmed: rsyslog is stopped
    //    (SIGSTOP) until the batch waits unread in its socket, the forwarder is killed, rsyslog goes on
    //    and writes the rows. Nobody confirmed them, so the restarted forwarder sends them again.
    await waitFor('rows from the restarted forwarder', () => readLines(out).length >= afterKill + 100, 60_000, 20);
    let caught = false;
    for (let attempt = 0; attempt < 50 && !caught; attempt++) {
      process.kill(rsyslog.pid, 'SIGSTOP');
      caught = await waitFor('a batch unread at the collector', () => unreadBytesAt(port) > 4_000, 600, 5).then(
        () => true,
        () => false,
      );
      if (!caught) {
        process.kill(rsyslog.pid, 'SIGCONT');
        await new Promise((r) => setTimeout(r, 40));
      }
    }
    expect(caught).toBe(true);
    const beforeUnread = readLines(out).length;
    await killChild('SIGKILL');
    process.kill(rsyslog.pid, 'SIGCONT');
    await waitFor('the unconfirmed batch written by rsyslog', () => readLines(out).length >= beforeUnread + siem.batchSize, 30_000, 20);
    startChild();

    // 3. rsyslog is SIGKILLed mid-forward, left down for a while (refused connections), restarted on the same port.
    await waitFor('more rows at rsyslog', () => readLines(out).length >= afterKill + 200, 60_000, 20);
    await rsyslog.stop('SIGKILL');
    await waitFor('the forwarder to see the collector gone', () => status.failures >= 3, 30_000, 20);
    rsyslog = await startRsyslog({ dir: join(tmp.dir, 'rsyslog'), port, pki, outFile: out, appName: APP });

    await waitFor('the backlog to drain', () => status.backlog === 0 && status.forwardedSeq >= 1000, 90_000);
    await killChild('SIGTERM');
    await rsyslog.stop('SIGTERM');

    // The receiving side: every row of the store, in order, once by sequence number.
    const store = Store.open({ dataDir, key });
    cleanups.push(() => store.close());
    const head = new AuditForwardCursor(store.db, `127.0.0.1:${port}`).logHead();
    expect(head).toBeGreaterThanOrEqual(1000);
    const rows = received(out);
    const verdict = verifyReceived(rows);
    expect(verdict).toMatchObject({ ok: true, rows: head });
    // In order: each message follows the one before it, or starts a re-send from an earlier row.
    const seqs = rows.map((r) => r.seq);
    const firstSeen: number[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < seqs.length; i++) {
      if (i > 0 && seqs[i] !== seqs[i - 1]! + 1) expect(seqs[i]!).toBeLessThanOrEqual(seqs[i - 1]!);
      if (!seen.has(seqs[i]!)) firstSeen.push(seqs[i]!);
      seen.add(seqs[i]!);
    }
    expect(firstSeen).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    // The batch that reached rsyslog unconfirmed came again: identical rows, identified by seq.
    expect(verdict.duplicates).toBeGreaterThanOrEqual(siem.batchSize);
    console.log(`forwarding: ${rows.length} messages for ${head} rows (${verdict.duplicates} re-sent after the kills, identified by seq)`);

    // Content is the store's, field for field; the cursor is the chain head the collector holds.
    const stored = store.audit.list({ limit: head });
    for (const r of stored) {
      const got = rows.find((x) => x.seq === r.seq)!;
      expect({ actor: got.actor, action: got.action, verificationId: got.verificationId, at: got.at, hash: got.hash, detail: JSON.parse(got.detail) }).toEqual({
        actor: r.actor,
        action: r.action,
        verificationId: r.verificationId,
        at: r.at,
        hash: r.hash,
        detail: r.detail,
      });
    }
    expect(store.audit.verifyAudit()).toMatchObject({ ok: true });
    const cursor = new AuditForwardCursor(store.db, `127.0.0.1:${port}`).head();
    expect(cursor).toMatchObject({ seq: head, hash: verdict.ok ? verdict.headHash : '' });
    // rsyslog down raised an alert; it was resolved once rows went through again, both audited.
    const alerts = store.db.prepare<[], { kind: string; resolved_at: number | null }>(`SELECT kind, resolved_at FROM alerts WHERE kind LIKE 'siem_%'`).all();
    expect(alerts).toContainEqual({ kind: 'siem_unreachable', resolved_at: expect.any(Number) as number });
    expect(stored.map((r) => r.action)).toEqual(expect.arrayContaining(['siem_alert_raised', 'siem_alert_resolved']));
  });

  it('refuses a collector whose certificate is not signed by the configured CA, alerts, and sends once the CA file is fixed', async () => {
    const tmp = tempDir('kiosk-fleet-');
    cleanups.push(tmp.cleanup);
    const pki = makePki(join(tmp.dir, 'pki'));
    const other = makePki(join(tmp.dir, 'other'), 'other');
    const port = await freePort();
    const out = join(tmp.dir, 'received.log');
    const rsyslog = await startRsyslog({ dir: join(tmp.dir, 'rsyslog'), port, pki, outFile: out, appName: APP });
    cleanups.push(() => rsyslog.stop('SIGKILL'));
    const store = Store.open({ dataDir: join(tmp.dir, 'kiosk'), key: randomBytes(32) });
    cleanups.push(() => store.close());
    fillAudit(store, 20);

    const caFile = join(tmp.dir, 'siem-ca.pem');
    copyFileSync(other.caFile, caFile); // the wrong CA
    const forwarder = new AuditForwarder({ db: store.db, audit: store.audit, siem: settings(port, pki, { caFile }), kioskId: 'k', version: 't' });
    await expect(forwarder.forwardBatch()).rejects.toMatchObject({ kind: 'certificate' });
    forwarder.start();
    cleanups.push(() => forwarder.stop());
    await waitFor('the certificate alert', () => store.openAlerts().find((a) => a.kind === 'siem_certificate'));
    expect(store.openAlerts().find((a) => a.kind === 'siem_certificate')!.message).toMatch(/certificate/);
    expect(forwarder.forwardedHead()).toBeNull();
    expect(readLines(out)).toEqual([]);

    copyFileSync(pki.caFile, caFile); // the CA file is fixed (rotated in place): picked up without a restart
    await waitFor('the rows at rsyslog', () => forwarder.status().backlog === 0 && forwarder.forwardedHead() !== null, 30_000);
    expect(store.openAlerts().find((a) => a.kind === 'siem_certificate')).toBeUndefined();
    await forwarder.stop();
    expect(verifyReceived(received(out))).toMatchObject({ ok: true });
  });

  it('takes a collector that drops the kiosk after the handshake (no client certificate) as refused, not as a receipt', async () => {
    const tmp = tempDir('kiosk-fleet-');
    cleanups.push(tmp.cleanup);
    const pki = makePki(join(tmp.dir, 'pki'));
    const port = await freePort();
    const out = join(tmp.dir, 'received.log');
    const rsyslog = await startRsyslog({ dir: join(tmp.dir, 'rsyslog'), port, pki, outFile: out, appName: APP });
    cleanups.push(() => rsyslog.stop('SIGKILL'));
    const store = Store.open({ dataDir: join(tmp.dir, 'kiosk'), key: randomBytes(32) });
    cleanups.push(() => store.close());
    fillAudit(store, 20);
    const forwarder = new AuditForwarder({ db: store.db, audit: store.audit, siem: settings(port, pki, { certFile: undefined, keyFile: undefined }), kioskId: 'k', version: 't' });
    for (let i = 0; i < 3; i++) await expect(forwarder.forwardBatch()).rejects.toMatchObject({ kind: expect.stringMatching(/certificate|unconfirmed/) as string });
    expect(forwarder.forwardedHead()).toBeNull();
    expect(readLines(out)).toEqual([]);
  });

  it('raises a backlog alert when rows pile up and resolves it once they drained, oldest first', async () => {
    const tmp = tempDir('kiosk-fleet-');
    cleanups.push(tmp.cleanup);
    const pki = makePki(join(tmp.dir, 'pki'));
    const port = await freePort();
    const out = join(tmp.dir, 'received.log');
    const store = Store.open({ dataDir: join(tmp.dir, 'kiosk'), key: randomBytes(32) });
    cleanups.push(() => store.close());
    fillAudit(store, 300);
    // Offline: nothing listens on the port yet.
    const forwarder = new AuditForwarder({ db: store.db, audit: store.audit, siem: settings(port, pki, { backlogAlertRows: 200, batchSize: 100, maxRowsPerSecond: 1000 }), kioskId: 'k', version: 't' });
    forwarder.start();
    cleanups.push(() => forwarder.stop());
    await waitFor('the backlog and unreachable alerts', () => {
      const kinds = store.openAlerts().map((a) => a.kind);
      return kinds.includes('siem_backlog') && kinds.includes('siem_unreachable');
    });
    expect(forwarder.status().lastFailure).toMatchObject({ kind: 'unreachable' });
    // The supervisor's health view shows them as audit-forwarding alerts, not as a provider's credentials.
    const health = new HealthReporter({ store, now: Date.now, providerStatus: () => [], minFreeBytes: 0, imageDays: 30 }).report(1, 0);
    expect(health.alerts.filter((a) => a.kind === 'audit_forwarding').length).toBe(2);
    expect(health.alerts.some((a) => a.kind === 'provider_auth')).toBe(false);
    const rsyslog = await startRsyslog({ dir: join(tmp.dir, 'rsyslog'), port, pki, outFile: out, appName: APP });
    cleanups.push(() => rsyslog.stop('SIGKILL'));
    await waitFor('the drain', () => forwarder.status().backlog === 0 && !store.openAlerts().some((a) => a.kind.startsWith('siem_')), 60_000);
    await forwarder.stop();
    const rows = received(out);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1)); // oldest first, no repeats
    expect(verifyReceived(rows)).toMatchObject({ ok: true });
  });
});
