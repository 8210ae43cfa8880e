import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { anchorFile, anchorKey, decodeAnchor, encodeAnchor, readAnchor, writeAnchorSync } from '../../../main/store/anchor';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

const anchor = { seq: 453, hash: 'ab'.repeat(32), at: '2026-12-06T10:00:00.000Z', writtenAt: '2026-12-06T10:00:01.000Z' };

describe('audit anchor file', () => {
  it('round-trips with its key and is refused when edited or read with another key', () => {
    const key = anchorKey(randomBytes(32));
    const text = encodeAnchor(key, anchor);
    expect(decodeAnchor(key, text)).toEqual(anchor);
    expect(decodeAnchor(anchorKey(randomBytes(32)), text)).toBeNull();
    expect(decodeAnchor(key, text.replace('"seq":453', '"seq":390'))).toBeNull();
    expect(decodeAnchor(key, text.slice(0, 40))).toBeNull();
  });

  it('derives the MAC key from the database key, not the key itself', () => {
    const dbKey = randomBytes(32);
    expect(anchorKey(dbKey).equals(dbKey)).toBe(false);
    expect(anchorKey(dbKey).equals(anchorKey(dbKey))).toBe(true);
  });

  it('keeps the previous anchor, and reads it when the current one is damaged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-anchor-'));
    dirs.push(dir);
    const db = join(dir, 'kiosk.db');
    const key = anchorKey(randomBytes(32));
    expect(readAnchor(db, key)).toEqual({ kind: 'none' });
    writeAnchorSync(db, key, anchor);
    writeAnchorSync(db, key, { ...anchor, seq: 454 });
    expect(readAnchor(db, key)).toMatchObject({ kind: 'ok', from: 'current', anchor: { seq: 454 } });
    writeFileSync(anchorFile(db), readFileSync(anchorFile(db), 'utf8').slice(0, 30));
    expect(readAnchor(db, key)).toMatchObject({ kind: 'ok', from: 'previous', anchor: { seq: 453 } });
    writeFileSync(`${anchorFile(db)}.prev`, 'x');
    expect(readAnchor(db, key)).toEqual({ kind: 'invalid', file: anchorFile(db) });
  });
});
