// Closing the store while the anchor keeper's background write is on its way: the anchor left on disk is
// the final head written by close(), never the older head of the write that was under way.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAnchor } from '../../../main/store/anchor';
import { auditHead } from '../../../main/store/open-checks';
import { Store } from '../../../main/store/store';
import { tempDir } from './support';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('anchor at close', () => {
  it('is the final head even when close() lands in the middle of a background anchor write', async () => {
    const t = tempDir('kiosk-anchor-close-');
    cleanup = t.cleanup;
    const key = randomBytes(32);
    const file = join(t.dir, 'kiosk.db');
    const behind: string[] = [];
    for (let round = 0; round < 60; round++) {
      const store = Store.open({ dataDir: t.dir, key, backgroundCheckpoint: false, uploadThread: false });
      for (let i = 0; i < 3; i++) store.audit.append({ actor: 'system', action: 'test_event', detail: { round, i } });
      const writing = store.anchorIdle();
      // A write of that head starts; more rows, then close at a different point of that write each round
      // (a few event-loop turns apart): the final head is newer than the one being written.
      for (let turn = 0; turn < round; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
      store.audit.append({ actor: 'system', action: 'test_event', detail: { round, i: 'last' } });
      const head = auditHead(store.db);
      store.close();
      await writing;
      const onDisk = readAnchor(file, key);
      if (onDisk.kind !== 'ok' || onDisk.anchor.seq !== head.seq || onDisk.anchor.hash !== head.hash) {
        behind.push(`round ${round}: database at ${head.seq}, anchor ${onDisk.kind === 'ok' ? onDisk.anchor.seq : onDisk.kind}`);
      }
    }
    expect(behind).toEqual([]);
  });
});
