// SQLite's full integrity_check, on a schedule, in a worker thread with its own read connection (a
// WAL reader: commits go on meanwhile; the main thread reads nothing). quick_check runs at every
// start (open-checks.ts); the full check also compares every index with its table, which takes too
// long for start-up on a large outbox.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { CIPHER_PRAGMAS, openWorkerConnection } from './db';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
${openWorkerConnection.toString()}
let db = null;
try {
  db = openWorkerConnection(Database, workerData.file, workerData.keyHex, workerData.cipherPragmas);
  const lines = db.pragma('integrity_check(20)').map((r) => Object.values(r)[0]);
  parentPort.postMessage({ verdict: lines.length === 1 && lines[0] === 'ok' ? 'ok' : lines.join('; ') });
} catch (e) {
  parentPort.postMessage({ verdict: String(e && e.message || e) });
} finally {
  if (db) try { db.close(); } catch {}
}
`;

/** One full integrity_check of `file` on a worker thread: 'ok' or what it found. */
export function integrityCheck(file: string, key: Buffer): Promise<string> {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, keyHex: key.toString('hex'), cipherPragmas: CIPHER_PRAGMAS, modulePath } });
    worker.once('message', (m: { verdict: string }) => resolve(m.verdict));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`integrity check worker exited with ${code}`)));
  });
}

export class IntegritySchedule {
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(file: string, key: Buffer, everyMs: number, onVerdict: (verdict: string) => void) {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = integrityCheck(file, key)
        .then(onVerdict, (e: Error) => onVerdict(e.message))
        .finally(() => {
          this.running = null;
        });
    }, everyMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** Resolves when a check under way (if any) has ended. */
  async idle(): Promise<void> {
    await this.running;
  }
}
