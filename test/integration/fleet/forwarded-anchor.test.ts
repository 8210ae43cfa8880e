// The log server's confirmed head as a second anchor, against a real rsyslogd over TLS: once the
// collector confirmed the rows, the kiosk keeps that head outside the database (kiosk.db.forwarded).
// An older copy of the database put back together with ITS OWN anchor (as a backup carries one) passes
// the anchor check, yet is refused as rolled back by the forwarded head, with the exact number of rows
// the bank already holds and the kiosk lost; a supervisor's acceptance records it and starts the marks
// again. A tampered mark is refused as damage.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditForwarder, type SiemSettings } from '../../../main/fleet/audit-forwarder';
import { forwardedAnchorFile, readForwardedAnchor } from '../../../main/store/forwarded-anchor';
import { auditHead, StoreDamagedError, StoreRolledBackError } from '../../../main/store/open-checks';
import { Store } from '../../../main/store/store';
import { tempDir } from '../store/support';
import { freePort, makePki, OPENSSL, readLines, RSYSLOG_GTLS, RSYSLOGD, startRsyslog, waitFor, type Pki } from './servers';

const APP = 'branch-id-kiosk';
const missing = !RSYSLOGD ? 'rsyslogd is not installed (Debian package rsyslog)' : !RSYSLOG_GTLS ? 'rsyslog has no TLS driver (Debian package rsyslog-gnutls)' : !OPENSSL ? 'openssl is not installed' : null;
if (missing) console.log(`skipping the forwarded-head anchor tests: ${missing}`);

function settings(port: number, pki: Pki): SiemSettings {
  return {
    host: '127.0.0.1',
    port,
    caFile: pki.caFile,
    certFile: pki.clientCert,
    keyFile: pki.clientKey,
    appName: APP,
    facility: 13,
    enterpriseId: 32473,
    batchSize: 40,
    maxRowsPerSecond: 2_000,
    backlogAlertRows: 100_000,
    alertAfterFailures: 3,
    connectTimeoutMs: 5_000,
    settleMs: 100,
    confirmTimeoutMs: 10_000,
    retryBaseMs: 100,
    retryCapMs: 500,
    idlePollMs: 100,
  };
}

const open = (dataDir: string, key: Buffer, extra: Partial<Parameters<typeof Store.open>[0]> = {}) =>
  Store.open({ dataDir, key, backgroundCheckpoint: false, uploadThread: false, ...extra });

function fill(store: Store, n: number, from: number): void {
  store.db.transaction(() => {
    for (let i = 0; i < n; i++) store.audit.append({ actor: 'sync', action: 'step:document_uploaded:front', verificationId: `v-${(from + i) % 9}`, detail: { i: from + i } });
  })();
}

/** The database and its anchor files as they are (the kiosk stopped): what an operator would copy back. */
function copyFiles(from: string, to: string, names: (n: string) => boolean): void {
  mkdirSync(to, { recursive: true });
  for (const n of readdirSync(from)) if (names(n)) copyFileSync(join(from, n), join(to, n));
}
const dbAndAnchor = (n: string) => n.startsWith('kiosk.db') && !n.includes('.forwarded');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(missing)('the head the log server confirmed, kept beside the database', () => {
  it('refuses an old copy that carries its own anchor, counting the rows the bank holds and the kiosk lost; acceptance is audited', async () => {
    const tmp = tempDir('kiosk-fwd-anchor-');
    cleanups.push(tmp.cleanup);
    const pki = makePki(join(tmp.dir, 'pki'));
    const port = await freePort();
    const out = join(tmp.dir, 'received.log');
    const rsyslog = await startRsyslog({ dir: join(tmp.dir, 'rsyslog'), port, pki, outFile: out, appName: APP });
    cleanups.push(() => rsyslog.stop('SIGKILL'));
    const dataDir = join(tmp.dir, 'kiosk');
    const key = randomBytes(32);

    let store = open(dataDir, key);
    fill(store, 100, 0);
    const oldHead = auditHead(store.db).seq;
    store.close();
    const snapshot = join(tmp.dir, 'old-copy');
    copyFiles(dataDir, snapshot, dbAndAnchor);

    store = open(dataDir, key);
    fill(store, 150, 100);
    const forwarder = new AuditForwarder({ db: store.db, audit: store.audit, siem: settings(port, pki), kioskId: 'k-1', version: 'test', onConfirmed: (m) => store.recordForwardedHead(m) });
    let sent = 0;
    for (let n = await forwarder.forwardBatch(); n > 0; n = await forwarder.forwardBatch()) sent += n;
    const newHead = auditHead(store.db).seq;
    store.close();
    expect(sent).toBe(newHead);

    // The file beside the database holds what the collector confirmed, and the collector has it.
    const read = readForwardedAnchor(join(dataDir, 'kiosk.db'), key);
    if (read.kind !== 'ok') throw new Error(`expected a forwarded mark, got ${read.kind}`);
    expect(read.marks).toEqual([expect.objectContaining({ destination: `127.0.0.1:${port}`, seq: newHead })]);
    await waitFor('every row at rsyslog', () => readLines(out).length >= newHead, 30_000, 50);

    // The old copy with its own anchor put back; the file of forwarded heads stays.
    for (const n of readdirSync(dataDir)) if (dbAndAnchor(n)) rmSync(join(dataDir, n));
    copyFiles(snapshot, dataDir, () => true);

    // Control: without the forwarded head, the anchor alone agrees with the old copy.
    const control = join(tmp.dir, 'control');
    copyFiles(dataDir, control, dbAndAnchor);
    open(control, key).close();

    const before = readdirSync(dataDir).map((n) => [n, readFileSync(join(dataDir, n)).toString('hex')]);
    let refused: unknown;
    try {
      open(dataDir, key).close();
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(StoreRolledBackError);
    const r = refused as StoreRolledBackError;
    expect(r.missingRows).toBe(newHead - oldHead);
    expect(r.forwarded).toMatchObject({ seq: newHead, destination: `127.0.0.1:${port}` });
    expect(r.anchor?.seq).toBe(oldHead);
    expect(r.message).toContain(`${newHead - oldHead} audit row(s) missing`);
    expect(r.message).toContain(`the bank's log server 127.0.0.1:${port} confirmed ${newHead} rows`);
    expect(r.message).toContain(`the anchor written`);
    // Refused read-only: every file as it was.
    expect(readdirSync(dataDir).map((n) => [n, readFileSync(join(dataDir, n)).toString('hex')])).toEqual(before);

    // A supervisor accepts: audited with the log server's count; the marks start again.
    store = open(dataDir, key, { acceptRollback: { actor: 'supervisor:Maja', reason: 'old copy put back after a disk swap' } });
    const row = store.audit.list({ afterSeq: oldHead }).find((a) => a.action === 'rollback_accepted');
    expect(row?.detail).toMatchObject({ missingRows: newHead - oldHead, forwardedSeq: newHead, forwardedTo: `127.0.0.1:${port}`, anchorSeq: oldHead, headSeq: oldHead });
    store.close();
    const after = readForwardedAnchor(join(dataDir, 'kiosk.db'), key);
    expect(after.kind === 'ok' && after.marks).toEqual([]);
    open(dataDir, key).close();
  }, 120_000);
});

describe('a damaged or forged forwarded head', () => {
  it('is refused as damage, not ignored', () => {
    const tmp = tempDir('kiosk-fwd-anchor-');
    cleanups.push(tmp.cleanup);
    const key = randomBytes(32);
    const store = open(tmp.dir, key);
    fill(store, 10, 0);
    store.recordForwardedHead({ destination: 'siem.bank.example:6514', seq: 10, hash: auditHead(store.db).hash, confirmedAt: new Date().toISOString() });
    store.close();
    const file = forwardedAnchorFile(join(tmp.dir, 'kiosk.db'));
    const text = readFileSync(file, 'utf8');
    // Lowering the mark so an old copy would pass: the seal no longer fits.
    writeFileSync(file, text.replace('"seq":10', '"seq":3'));
    rmSync(`${file}.prev`, { force: true });
    expect(existsSync(file)).toBe(true);
    expect(() => open(tmp.dir, key)).toThrow(StoreDamagedError);
    expect(() => open(tmp.dir, key)).toThrow(/log server.*does not carry a valid seal/);
  });
});
