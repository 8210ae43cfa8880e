// Store.closeAndWait: after it resolves no background thread holds the files, so they can be moved or
// replaced (a restore) without a late connection checkpointing into, or deleting the WAL of, the new file.
// Open files are read from /proc/self/fd (Linux): the threads are in this process.
import { randomBytes } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../main/store/store';
import { tempDir } from './support';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

function openFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir + '/')) out.push(target);
    } catch {
      // closed while listing
    }
  }
  return out;
}

describe('Store.closeAndWait', () => {
  it.runIf(process.platform === 'linux')('resolves only once the checkpoint and upload threads have closed their files', async () => {
    const t = tempDir('kiosk-close-wait-');
    cleanup = t.cleanup;
    const store = Store.open({ dataDir: t.dir, key: randomBytes(32) });
    // Until both threads have opened the database: then more than the writer's own handles are open.
    const writerOnly = openFilesUnder(t.dir).length;
    for (let i = 0; i < 200 && openFilesUnder(t.dir).length <= writerOnly; i++) await sleep(25);
    expect(openFilesUnder(t.dir).length).toBeGreaterThan(writerOnly);
    await store.closeAndWait();
    expect(openFilesUnder(t.dir)).toEqual([]);
    expect(readdirSync(t.dir).filter((f) => f.endsWith('-wal') || f.endsWith('-shm'))).toEqual([]);
  });
});
