// Group commit: step commits are written without an fsync (WAL, synchronous=NORMAL: atomic, never
// corrupting) and then wait here for one fdatasync of the WAL, run on the thread pool and shared by
// every commit of the same turn of the event loop. The event loop keeps serving HTTP calls instead
// of blocking in fsync (measured: the synchronous commit was ~40% of the main thread while draining;
// see test/bench/sync-drain.ts).
import { closeSync, fdatasync, fstatSync, openSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from './db';

export class WalSync {
  private readonly walFile: string;
  /** The WAL sync the commits of this turn wait for, not issued yet. */
  private next: Promise<void> | null = null;
  private walFd: { fd: number; ino: number } | null = null;

  constructor(private readonly db: Db) {
    this.walFile = `${resolve(db.name)}-wal`;
  }

  /**
   * Resolves once the WAL is synced after every commit made so far. Commits of the same turn of the
   * event loop share one fdatasync, issued at the end of the turn; a commit made while an earlier
   * sync is already running gets its own at once instead of queueing behind it (the kernel joins
   * concurrent syncs of one file into one journal commit), so no step waits for more than one sync.
   */
  afterCommits(): Promise<void> {
    this.next ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      this.next = null; // commits from now on need a sync issued after them
      try {
        await this.fsyncWal();
      } catch (e) {
        // Closed meanwhile (WAL removed, descriptor closed): closing checkpointed the WAL into
        // the main file and synced it, so the step is on disk anyway.
        if (this.db.open) throw e;
      }
    });
    return this.next;
  }

  /** Closes the kept descriptor. A sync still running on it may fail with EBADF; afterCommits ignores errors once the database is closed. */
  close(): void {
    if (this.walFd) closeSync(this.walFd.fd);
    this.walFd = null;
  }

  /**
   * One fdatasync of the WAL on the thread pool. It applies to the file (inode), whichever
   * descriptor asks, so this flushes what SQLite's descriptor wrote. The descriptor is kept (one
   * thread-pool job per sync) and reopened when the WAL is no longer the file it refers to.
   * Callback API, not FileHandle: measurably less main-thread work per sync.
   */
  private fsyncWal(): Promise<void> {
    const ino = statSync(this.walFile).ino;
    if (this.walFd && this.walFd.ino !== ino) {
      closeSync(this.walFd.fd);
      this.walFd = null;
    }
    if (!this.walFd) {
      // Read-write, never created or truncated here: on Windows fdatasync is FlushFileBuffers, which
      // fails with "access denied" on a handle without write access (Linux flushes either way).
      const fd = openSync(this.walFile, 'r+');
      this.walFd = { fd, ino: fstatSync(fd).ino };
    }
    const { fd } = this.walFd;
    // fdatasync: the data and the size needed to read it back, without a journal commit for the
    // modification time (measured: ~10 ms vs ~1-2 ms here). (The prebuilt SQLite itself syncs with
    // fsync: strace shows no fdatasync calls; for its own commits that measured no slower.)
    return new Promise((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));
  }
}
