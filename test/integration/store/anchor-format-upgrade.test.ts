// A kiosk updated from a build that sealed the audit anchor with the database key itself (format 1)
// opens its store as before; the next anchor written is format 2 (sealed with the derived key).
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { anchorFile, readAnchor } from '../../../main/store/anchor';
import { Store } from '../../../main/store/store';
import { StoreDamagedError } from '../../../main/store/open-checks';
import { tempDir } from './support';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

const open = (dir: string, key: Buffer): Store => Store.open({ dataDir: dir, key, backgroundCheckpoint: false, uploadThread: false });

/** Rewrites the store's anchor as the build before wrote it: format 1, MAC'd with `sealKey`. */
function rewriteAsFormat1(file: string, sealKey: Buffer): void {
  const current = JSON.parse(readFileSync(anchorFile(file), 'utf8')) as { anchor: { seq: number; hash: string; at: string | null; writtenAt: string } };
  const { seq, hash, at, writtenAt } = current.anchor;
  const text = JSON.stringify({ v: 1, seq, hash, at, writtenAt });
  writeFileSync(anchorFile(file), `${JSON.stringify({ anchor: JSON.parse(text) as object, mac: createHmac('sha256', sealKey).update(text).digest('hex') })}\n`);
  rmSync(`${anchorFile(file)}.prev`, { force: true });
}

describe('audit anchor written by the build before', () => {
  it('is read on open, and the next anchor is written in the current format', () => {
    const t = tempDir('kiosk-anchor-v1-');
    cleanup = t.cleanup;
    const key = randomBytes(32);
    const file = join(t.dir, 'kiosk.db');
    const first = open(t.dir, key);
    for (let i = 0; i < 3; i++) first.audit.append({ actor: 'system', action: 'test_event', detail: { i } });
    first.close();
    rewriteAsFormat1(file, key);
    const before = readAnchor(file, key);
    expect(before).toMatchObject({ kind: 'ok', from: 'current' });

    const again = open(t.dir, key);
    again.audit.append({ actor: 'system', action: 'test_event', detail: { i: 'after the update' } });
    again.close();
    const written = JSON.parse(readFileSync(anchorFile(file), 'utf8')) as { anchor: { v: number; seq: number } };
    expect(written.anchor.v).toBe(2);
    expect(readAnchor(file, key)).toMatchObject({ kind: 'ok', anchor: { seq: written.anchor.seq } });
    expect(written.anchor.seq).toBeGreaterThan(before.kind === 'ok' ? before.anchor.seq : Infinity);
  });

  it('sealed with another key, stops the store as damaged', () => {
    const t = tempDir('kiosk-anchor-v1-forged-');
    cleanup = t.cleanup;
    const key = randomBytes(32);
    const first = open(t.dir, key);
    first.audit.append({ actor: 'system', action: 'test_event', detail: {} });
    first.close();
    rewriteAsFormat1(join(t.dir, 'kiosk.db'), randomBytes(32));
    expect(() => open(t.dir, key)).toThrow(StoreDamagedError);
  });
});
