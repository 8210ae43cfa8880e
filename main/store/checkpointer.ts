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
import { CIPHER_PRAGMAS, openWorkerConnection, type Db } from './db';

/** Writer's auto-checkpoint while the background checkpointer runs: only a safety bound (pages; 64 MB at 8K pages). */
export const SAFETY_AUTOCHECKPOINT_PAGES = 8_192;
/** SQLite's default, restored when the background checkpointer is not available (8 MB at 8K pages). */
export const INLINE_AUTOCHECKPOINT_PAGES = 1_000;
/**
 * The worker copies the WAL into the main file once this much waits there, not whenever anything
 * does: every checkpoint that empties the WAL makes SQLite restart it at the next commit, and with
 * synchronous=FULL a restarted WAL has its header fsynced on its own before the commit's frames
 * (strace: two fsyncs per commit when each commit followed a checkpoint). A counter's commits come
 * minutes apart, so checkpointing after each one cost every teller commit that second fsync.
 * db.ts's journal_size_limit keeps a WAL of this size allocated between restarts.
 */
export const CHECKPOINT_AFTER_BYTES = 16 * 1024 * 1024;

// CommonJS worker source (eval): loads the same native module by absolute path, so it works from
// sources (tsx, vitest) and from the electron-vite bundle alike, without a separate entry file.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
${openWorkerConnection.toString()}
let db = null;
try {
  db = openWorkerConnection(Database, workerData.file, workerData.keyHex, workerData.cipherPragmas);
  db.pragma('synchronous=FULL');
  db.pragma('busy_timeout=0');
  parentPort.postMessage({ kind: 'ready' });
} catch (e) {
  parentPort.postMessage({ kind: 'failed', message: String(e && e.message || e) });
  if (db) db.close();
  db = null;
}
// Frames written to the WAL and not yet copied, from the WAL-index header in the -shm file
// (sqlite.org/walformat.html: two 48-byte copies of the header, native byte order, then the
// checkpoint info whose first field is nBackfill). null = cannot tell (being written, no file yet).
const fs = require('node:fs');
const LE = require('node:os').endianness() === 'LE';
const hdr = Buffer.alloc(100);
let shmFd = null;
function pendingBytes() {
  try {
    if (shmFd === null) shmFd = fs.openSync(workerData.file + '-shm', 'r');
    if (fs.readSync(shmFd, hdr, 0, 100, 0) < 100) return null;
    if (hdr[12] !== 1 || !hdr.subarray(0, 48).equals(hdr.subarray(48, 96))) return null;
    const szPage = LE ? hdr.readUInt16LE(14) : hdr.readUInt16BE(14);
    const mxFrame = LE ? hdr.readUInt32LE(16) : hdr.readUInt32BE(16);
    const nBackfill = LE ? hdr.readUInt32LE(96) : hdr.readUInt32BE(96);
    return Math.max(0, mxFrame - nBackfill) * (szPage === 1 ? 65536 : szPage);
  } catch {
    return null;
  }
}
const timer = db ? setInterval(() => {
  const pending = pendingBytes();
  if (pending !== null && pending < workerData.minBytes) return;
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
  if (shmFd !== null) { try { fs.closeSync(shmFd); } catch {} shmFd = null; }
  if (db) { try { db.close(); } catch {} db = null; }
  parentPort.close();
});
`;

export interface CheckpointerOptions {
  /** How often the worker looks at the WAL (ms). */
  intervalMs?: number;
  /** Copy the WAL into the main file once this much is waiting (bytes; default CHECKPOINT_AFTER_BYTES). */
  minBytes?: number;
  log?: (level: 'warn' | 'error', message: string) => void;
}

export class BackgroundCheckpointer {
  private worker: Worker | null;
  private ready = false;
  private closed = false;
  /** Resolves when the worker thread has ended (its connection closed): see Store.closeAndWait. */
  readonly exited: Promise<void>;

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
      workerData: {
        file,
        keyHex: key.toString('hex'),
        cipherPragmas: CIPHER_PRAGMAS,
        modulePath,
        intervalMs: options.intervalMs ?? 100,
        minBytes: options.minBytes ?? CHECKPOINT_AFTER_BYTES,
      },
    });
    this.worker.unref();
    const worker = this.worker;
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
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
