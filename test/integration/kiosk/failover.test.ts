// With ZignSec's sandbox down, a verification routed for failover completes through
// ZOLOZ, and the audit log says so. Real kiosk core, real loopback emulators, real SQLite.
import { afterEach, describe, expect, it } from 'vitest';
import type { Verification } from '../../../shared/domain';
import { startHarness, type Harness } from '../../helpers/kiosk-harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function waitFor(id: string, done: (v: Verification) => boolean, timeoutMs = 90_000): Promise<Verification> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await h!.kiosk.service.getVerification({ id });
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`gave up in state ${v.state} at ${v.provider}: ${JSON.stringify(v.sync)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function queuePassport(): Promise<string> {
  const v = await h!.kiosk.service.startVerification({ documentType: 'passport', provider: 'zignsec' });
  await h!.kiosk.service.capture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner' });
  await h!.kiosk.service.submit({ verificationId: v.id });
  return v.id;
}

describe('provider failover', () => {
  it('moves a verification ZignSec never started to ZOLOZ while ZignSec is down, and audits it', async () => {
    h = await startHarness({ overrides: { providers: { failover: true } } });
    await h.kiosk.sandboxes!.zignsec.close(); // ZignSec is down: connection refused
    const id = await queuePassport();
    const done = await waitFor(id, (v) => ['accepted', 'declined', 'failed'].includes(v.state));
    expect(done.provider).toBe('zoloz');
    expect(done.outcome?.provider).toBe('zoloz');
    expect(h.kiosk.sandboxes!.zoloz.stats().byApi).toMatchObject({ 'idrecognition/asyncrecognize': 1 });
    const audit = await auditRows(h.dataDir, id);
    const moved = audit.find((r) => r.action === 'provider_failover');
    expect(moved?.detail).toMatchObject({ from: 'zignsec', to: 'zoloz' });
  });

  it('stays with ZignSec (and waits) when failover is off, the default', async () => {
    h = await startHarness();
    await h.kiosk.sandboxes!.zignsec.close();
    const id = await queuePassport();
    await waitFor(id, (x) => (x.sync.attempts ?? 0) >= 1 && /ZignSec/.test(x.sync.lastError ?? ''), 30_000);
    // Long enough for the failover above to have happened several times over.
    await new Promise((r) => setTimeout(r, 3_000));
    const v = await h.kiosk.service.getVerification({ id });
    expect(v.provider).toBe('zignsec');
    expect(['queued', 'submitting']).toContain(v.state);
    expect((await auditRows(h.dataDir, id)).some((r) => r.action === 'provider_failover')).toBe(false);
  });
});

/** Reads the audit rows of one verification through a second connection to the encrypted file. */
async function auditRows(dataDir: string, verificationId: string): Promise<Array<{ action: string; detail: Record<string, unknown> }>> {
  const { openDatabase } = await import('../../../main/store/db');
  const { loadOrCreateKeyFile } = await import('../../../main/store/keyfile');
  const { join } = await import('node:path');
  const db = openDatabase(join(dataDir, 'kiosk.db'), loadOrCreateKeyFile(dataDir));
  try {
    return (db.prepare('SELECT action, detail FROM audit_log WHERE verification_id = ? ORDER BY seq').all(verificationId) as Array<{ action: string; detail: string }>).map(
      (r) => ({ action: r.action, detail: JSON.parse(r.detail) as Record<string, unknown> }),
    );
  } finally {
    db.close();
  }
}
