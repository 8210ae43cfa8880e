// Flushing to disk before and after a rename, so a file put in place survives a power cut: the file's
// own data first (fsyncFile), then the directory entry the rename wrote (fsyncDir).
import { closeSync, fsyncSync, openSync } from 'node:fs';

/** Flushes a written file's data to disk. */
export function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a directory (the entries a rename changed); a no-op where directories cannot be opened. */
export function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a directory for fsync; NTFS's rename is journalled.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
