// The kiosk core as a child process for the crash test: opens the store, keeps "tellers" creating
// verifications (front + back) until TOTAL exist, finishes any left half-captured by a previous kill,
// and runs the sync worker with the real ZignSec adapter against the sandbox in the parent.
// The parent SIGKILLs it at seeded random moments. In DRAIN mode it exits 0 once everything is final.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createZignSecAdapter } from '../../../../main/providers/zignsec/adapter';
import { KioskEvents } from '../../../../main/events';
import { Store } from '../../../../main/store/store';
import { SyncWorker } from '../../../../main/sync/worker';
import type { ProviderAdapter } from '../../../../main/providers/provider';
import type { ProviderId } from '../../../../shared/domain';
import { ZignSecConfigFor } from './zignsec';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`missing ${name}`);
  return v;
};

const dataDir = env('CRASH_DATA_DIR');
const total = Number(env('CRASH_TOTAL'));
const drain = process.env.CRASH_DRAIN === '1';
const jpeg = readFileSync(join(dataDir, '..', 'fixture.jpg'));
// CRASH_BACKUP_DIR: live backups on as well (every 3 s), so the campaign covers them being killed too.
const backupDir = process.env.CRASH_BACKUP_DIR;
const store = Store.open({ dataDir, key: Buffer.from(env('CRASH_KEY'), 'hex'), ...(backupDir ? { backup: { dir: backupDir, everyMinutes: 0.05, keep: 3 } } : {}) });
const adapter = createZignSecAdapter(ZignSecConfigFor(env('CRASH_SANDBOX_URL'), env('CRASH_API_KEY')), { pollMinMs: 20, pollMaxMs: 60 });
const worker = new SyncWorker({
  store,
  adapters: new Map<ProviderId, ProviderAdapter>([['zignsec', adapter]]),
  events: new KioskEvents(),
  config: { enabled: true, concurrency: 2, tickMs: 20, backoffBaseMs: 20, backoffCapMs: 200, pollMinMs: 20, pollMaxMs: 60 },
  log: (level, message, error) => {
    if (level === 'error') process.stderr.write(`${message} ${String(error)}\n`);
  },
});

function finishCapturing(id: string): void {
  const v = store.getVerification(id)!;
  if (v.state !== 'capturing') return;
  for (const side of ['front', 'back'] as const) {
    if (!v.captures.some((c) => c.side === side)) {
      store.putCapture({ verificationId: id, side, deviceId: 'specimen:scanner', jpeg, preview: jpeg.subarray(0, 512), width: 1000, height: 700, quality: null });
    }
  }
  store.submitVerification(id, ['front', 'back']);
  worker.kick();
}

const count = (): number => (store.db.prepare('SELECT count(*) AS n FROM verifications').get() as { n: number }).n;
const capturing = (): string[] => (store.db.prepare(`SELECT id FROM verifications WHERE state = 'capturing'`).all() as Array<{ id: string }>).map((r) => r.id);
const unfinished = (): number =>
  (store.db.prepare(`SELECT count(*) AS n FROM verifications WHERE state NOT IN ('accepted','declined','failed','cancelled')`).get() as { n: number }).n;

worker.start();
process.stdout.write('ready\n');
// A teller at the counter: one capture at a time, with a little pause, as in real life.
const teller = setInterval(() => {
  for (const id of capturing()) finishCapturing(id);
  if (count() < total) {
    const v = store.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
    store.putCapture({ verificationId: v.id, side: 'front', deviceId: 'specimen:scanner', jpeg, preview: jpeg.subarray(0, 512), width: 1000, height: 700, quality: null });
    setTimeout(() => finishCapturing(v.id), 15);
  } else if (drain && unfinished() === 0) {
    clearInterval(teller);
    void worker.stop().then(() => {
      store.close();
      process.stdout.write('drained\n');
      process.exit(0);
    });
  }
}, 40);
