// Flushing to disk before and after a rename, so a file put in place survives a power cut: the file's
// own data first (fsyncFile), then the directory entry the rename wrote (fsyncDir).
import { closeSync, existsSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

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

/**
 * Puts `text` in `file` so that a crash at any point leaves a whole file: temp file, fsync, the
 * current file kept as `<file>.prev`, rename, directory fsync. Readers try `file`, then `.prev`.
 */
export function writeKeepingPreviousSync(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (existsSync(file)) renameSync(file, `${file}.prev`);
  renameSync(tmp, file);
  fsyncDir(dirname(file));
}
