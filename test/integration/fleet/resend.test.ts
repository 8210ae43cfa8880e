// At least once, seen from a collector that misbehaves on purpose: a real TLS server on loopback
// (node:tls, the test's own RFC 5425 frame reader) that reads the first connection's frames and then
// never closes, so the kiosk cannot know they arrived. The kiosk must send those rows again, with
// the same sequence numbers and hashes, and move its cursor only once a collector confirmed them.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../main/store/store';
import { AuditForwarder } from '../../../main/fleet/audit-forwarder';
import { forwardedHeads } from '../../../main/store/forward-cursor';
import { tempDir } from '../store/support';
import { makePki, OPENSSL } from './servers';
import { parseRfc5424, toRow, verifyReceived } from './syslog-receiver-check';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Splits RFC 5425 octet-counted frames (MSG-LEN SP SYSLOG-MSG) out of a byte stream. */
function frames(buf: Buffer): { messages: string[]; rest: Buffer } {
  const messages: string[] = [];
  let i = 0;
  for (;;) {
    const sp = buf.indexOf(0x20, i);
    if (sp < 0) break;
    const len = Number(buf.subarray(i, sp).toString('ascii'));
    if (!Number.isInteger(len) || len <= 0) throw new Error(`bad frame length at byte ${i}`);
    if (buf.length < sp + 1 + len) break;
    messages.push(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
    i = sp + 1 + len;
  }
  return { messages, rest: buf.subarray(i) };
}

describe.skipIf(!OPENSSL)('a batch the collector does not confirm', () => {
  it('is sent again from the cursor; the repeats carry the same seq and hash', async () => {
    const tmp = tempDir('kiosk-resend-');
    cleanups.push(tmp.cleanup);
    const pki = makePki(join(tmp.dir, 'pki'));
    const received: string[] = [];
    let connections = 0;
    const sockets: tls.TLSSocket[] = [];
    const server = tls.createServer({ allowHalfOpen: true, key: readFileSync(pki.serverKey), cert: readFileSync(pki.serverCert), ca: readFileSync(pki.caFile), requestCert: true, rejectUnauthorized: true }, (socket) => {
      const n = ++connections;
      sockets.push(socket);
      let buf: Buffer = Buffer.alloc(0);
      socket.on('data', (d: Buffer) => {
        const f = frames(Buffer.concat([buf, d]));
        buf = f.rest;
        received.push(...f.messages);
      });
      // The first connection is read but never closed from this side; the others close when the kiosk does.
      socket.on('end', () => {
        if (n > 1) socket.end();
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          server.close(() => r());
          for (const s of sockets) s.destroy();
        }),
    );
    const port = (server.address() as { port: number }).port;

    const store = Store.open({ dataDir: join(tmp.dir, 'kiosk'), key: randomBytes(32) });
    cleanups.push(() => store.close());
    store.db.transaction(() => {
      for (let i = 0; i < 30; i++) store.audit.append({ actor: 'sync', action: 'retry_scheduled', verificationId: `v-${i}`, detail: { i } });
    })();
    const forwarder = new AuditForwarder({
      db: store.db,
      audit: store.audit,
      kioskId: 'k',
      version: 't',
      siem: {
        host: '127.0.0.1', port, caFile: pki.caFile, certFile: pki.clientCert, keyFile: pki.clientKey, appName: 'branch-id-kiosk', facility: 13, enterpriseId: 32473,
        batchSize: 20, maxRowsPerSecond: 1000, backlogAlertRows: 1000, alertAfterFailures: 5, connectTimeoutMs: 5000, settleMs: 20, confirmTimeoutMs: 500, retryBaseMs: 50, retryCapMs: 100, idlePollMs: 50,
      },
    });
    await expect(forwarder.forwardBatch()).rejects.toMatchObject({ kind: 'unconfirmed' });
    expect(forwarder.forwardedHead()).toBeNull(); // the bytes may be there, but nobody said so
    expect(received.length).toBe(20);
    expect(await forwarder.forwardBatch()).toBe(20);
    expect(await forwarder.forwardBatch()).toBe(10);
    expect(await forwarder.forwardBatch()).toBe(0);

    const rows = received.map((m) => toRow(parseRfc5424(m), 'audit@32473'));
    expect(rows.map((r) => r.seq)).toEqual([...Array.from({ length: 20 }, (_, i) => i + 1), ...Array.from({ length: 30 }, (_, i) => i + 1)]);
    const verdict = verifyReceived(rows);
    expect(verdict).toMatchObject({ ok: true, rows: 30, duplicates: 20 });
    expect(forwardedHeads(store.db)).toEqual([{ destination: `127.0.0.1:${port}`, seq: 30, hash: verdict.ok ? verdict.headHash : '', at: expect.any(Number) as number }]);
  });
});
