// Keeps the anchor file (anchor.ts) up with the audit chain while the kiosk runs. Every audit append
// schedules a write; appends made while a write is on its way are covered by ONE next write, so a
// burst of commits (a group commit of many sync steps, a verification with three captures) costs one
// anchor write, not one each. The commit path only sets a flag: the write (read the head, sync the
// WAL so that head is on disk, then temp file, fsync, rename, directory fsync) runs on the thread
// pool. The anchor may trail the database by a write, never lead it: a head is written only after the
// WAL holding it was synced.
import { closeSync, fdatasyncSync, openSync } from 'node:fs';
import { type Anchor, type AuditHead, readAnchor, writeAnchor, writeAnchorSync } from './anchor';
import type { Db } from './db';
import { auditHead } from './open-checks';
import { WalSync } from './wal-sync';

export class AnchorKeeper {
  private readonly walSync: WalSync;
  private dirty = false;
  private running: Promise<void> | null = null;
  private closed = false;
  private written: AuditHead | null = null;
  /** The last failure to write the anchor (cleared by the next success). */
  lastError: Error | null = null;

  constructor(
    private readonly db: Db,
    private readonly file: string,
    private readonly key: Buffer,
    private readonly now: () => number,
    private readonly onError: (e: Error) => void = () => {},
  ) {
    this.walSync = new WalSync(db);
  }

  /** The anchor on disk now (for verifyAudit); null when there is none or it is not valid. */
  current(): Anchor | null {
    const r = readAnchor(this.file, this.key);
    return r.kind === 'ok' ? r.anchor : null;
  }

  /** Writes the anchor of the current (durable) head at once: at start, after an accepted rollback or a restore. */
  writeNow(): void {
    const head = auditHead(this.db);
    // What a killed process left in the WAL may still be only in the page cache: on disk first.
    try {
      const fd = openSync(`${this.file}-wal`, 'r+');
      try {
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // no WAL: everything is in the main file, synced by its last checkpoint
    }
    writeAnchorSync(this.file, this.key, { ...head, writtenAt: new Date(this.now()).toISOString() });
    this.written = head;
  }

  /** A commit appended audit rows: write the anchor once the current write (if any) is done. */
  schedule(): void {
    if (this.closed) return;
    this.dirty = true;
    this.running ??= this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when every scheduled write is done (tests, benchmarks, clean shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (this.dirty && !this.closed) {
      this.dirty = false;
      // Let the rest of this turn's commits land first: one write for all of them.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.closed || !this.db.open) return;
      try {
        const head = auditHead(this.db);
        if (this.written && this.written.seq === head.seq && this.written.hash === head.hash) continue;
        // The head read above is in the WAL (or the main file); one sync after the read puts it on disk.
        await this.walSync.afterCommits();
        if (this.closed) {
          // Closed while that sync was on its way: the sync opened the WAL again after close() let it go.
          this.walSync.close();
          return;
        }
        await writeAnchor(this.file, this.key, { ...head, writtenAt: new Date(this.now()).toISOString() }, () => !this.closed);
        this.written = head;
        this.lastError = null;
      } catch (e) {
        if (this.closed || !this.db.open) return;
        this.lastError = e instanceof Error ? e : new Error(String(e));
        this.onError(this.lastError);
      }
    }
  }

  /**
   * Stops the writer. `finalHead`: the head read just before the database was closed (a clean close
   * checkpoints and syncs the file), written synchronously as the last anchor.
   */
  close(finalHead: AuditHead | null): void {
    this.closed = true;
    this.walSync.close();
    if (finalHead && !(this.written && this.written.seq === finalHead.seq && this.written.hash === finalHead.hash)) {
      try {
        writeAnchorSync(this.file, this.key, { ...finalHead, writtenAt: new Date(this.now()).toISOString() });
      } catch (e) {
        this.onError(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }
}
