// Moves WAL checkpoints off the commit path. SQLite3 Multiple Ciphers encrypts in its VFS, so a
// checkpoint DECRYPTS every WAL frame and ENCRYPTS it again for the main file: an inline
// auto-checkpoint made committing one verification with three photos cost three crypto passes
// instead of one (measured with the former SQLCipher scheme's software AES + HMAC-SHA512; AEGIS is
// several times cheaper per pass, but a checkpoint is still a large copy plus an fsync of the main
// file that a commit need not wait for; see test/bench/store-enqueue.ts). Here a worker thread with
// its own connection runs PASSIVE checkpoints (never blocking the writer) every 100 ms, on the other
// core.
//
// Durability is unchanged: commits still fsync the WAL (synchronous=FULL on the writer) and the
// checkpointer's connection also runs synchronous=FULL, so the main file is fsynced before the WAL
// is reused. If the worker cannot start or dies, the writer keeps (or falls back to) SQLite's own
// inline auto-checkpoint, so the WAL stays bounded either way.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { CIPHER_PRAGMAS, type Db } from './db';

/** Writer's auto-checkpoint while the background checkpointer runs: only a safety bound (pages; 64 MB at 8K pages). */
export const SAFETY_AUTOCHECKPOINT_PAGES = 8_192;
/** SQLite's default, restored when the background checkpointer is not available (8 MB at 8K pages). */
export const INLINE_AUTOCHECKPOINT_PAGES = 1_000;

// CommonJS worker source (eval): loads the same native module by absolute path, so it works from
// sources (tsx, vitest) and from the electron-vite bundle alike, without a separate entry file.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
let db = null;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  for (const p of workerData.cipherPragmas) db.pragma(p);
  db.pragma('key="x\\'' + workerData.keyHex + '\\'"');
  db.pragma('synchronous=FULL');
  db.pragma('busy_timeout=0');
  db.prepare('SELECT count(*) FROM sqlite_master').get();
  parentPort.postMessage({ kind: 'ready' });
} catch (e) {
  parentPort.postMessage({ kind: 'failed', message: String(e && e.message || e) });
  if (db) db.close();
  db = null;
}
// Polling is cheap: with nothing new in the WAL a PASSIVE checkpoint only reads the wal-index header.
const timer = db ? setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    // SQLITE_BUSY/LOCKED: the writer is resetting the WAL; the next round catches up.
    if (!/BUSY|LOCKED/.test(String(e && e.code))) parentPort.postMessage({ kind: 'error', message: String(e && e.message || e) });
  }
}, workerData.intervalMs) : null;
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  if (timer) clearInterval(timer);
  if (db) { try { db.close(); } catch {} db = null; }
  parentPort.close();
});
`;

export interface CheckpointerOptions {
  /** How often the worker checkpoints whatever the WAL holds (ms). */
  intervalMs?: number;
  log?: (level: 'warn' | 'error', message: string) => void;
}

export class BackgroundCheckpointer {
  private worker: Worker | null;
  private ready = false;
  private closed = false;

  /**
   * Starts the worker for `file` (already opened, migrated and in WAL mode by `db`). Until the worker
   * reports ready, and after it fails, `db` keeps SQLite's inline auto-checkpoint.
   */
  constructor(
    private readonly db: Db,
    file: string,
    key: Buffer,
    private readonly options: CheckpointerOptions = {},
  ) {
    const modulePath = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // The key is handed over in memory only (never logged, never in a message back).
      workerData: { file, keyHex: key.toString('hex'), cipherPragmas: CIPHER_PRAGMAS, modulePath, intervalMs: options.intervalMs ?? 100 },
    });
    this.worker.unref();
    this.worker.on('message', (m: { kind: string; message?: string }) => {
      if (m.kind === 'ready' && !this.closed) {
        this.ready = true;
        this.setAutocheckpoint(SAFETY_AUTOCHECKPOINT_PAGES);
      } else if (m.kind === 'failed' || m.kind === 'error') {
        this.options.log?.('warn', `background checkpoint: ${m.message ?? 'failed'}`);
        if (m.kind === 'failed') this.fallBack();
      }
    });
    this.worker.on('error', (e) => {
      this.options.log?.('warn', `background checkpoint worker stopped: ${e.message}`);
      this.fallBack();
    });
    this.worker.on('exit', () => {
      if (!this.closed) this.fallBack();
    });
  }

  /** True while checkpoints run in the background (false before ready, after failure or close). */
  get active(): boolean {
    return this.ready && !this.closed;
  }

  /** Stops the worker; the writer's connection (if still open) goes back to inline checkpoints. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ready = false;
    this.worker?.postMessage('close');
    this.worker = null;
  }

  private fallBack(): void {
    this.ready = false;
    this.worker = null;
    this.setAutocheckpoint(INLINE_AUTOCHECKPOINT_PAGES);
  }

  private setAutocheckpoint(pages: number): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint=${pages}`);
  }
}
