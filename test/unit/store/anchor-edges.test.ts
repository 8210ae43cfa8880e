// The edges of the audit anchor file (main/store/anchor.ts): every field the MAC covers, every
// shape a file with a valid MAC must still have, the file format an older build wrote (the key
// derivation and the text), and the asynchronous writer the anchor keeper uses behind the commits
// (previous anchor kept, a write no longer wanted dropped without a trace, owner-only files).
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { anchorFile, anchorKey, anchorName, decodeAnchor, encodeAnchor, readAnchor, writeAnchor, type Anchor } from '../../../main/store/anchor';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});
const tempDb = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-anchor-edges-'));
  dirs.push(dir);
  return join(dir, 'kiosk.db');
};

const anchor: Anchor = { seq: 453, hash: 'ab'.repeat(32), at: '2026-12-06T10:00:00.000Z', writtenAt: '2026-12-06T10:00:01.000Z' };
const key = anchorKey(randomBytes(32));

/** A file whose MAC is valid for the given anchor fields, whatever their type (as a forger with the key, or an older or newer build, would write). */
const signed = (fields: Record<string, unknown>, k: Buffer = key): string => {
  const text = JSON.stringify({ v: 2, seq: fields.seq, hash: fields.hash, at: fields.at, writtenAt: fields.writtenAt });
  return JSON.stringify({ anchor: { ...(JSON.parse(text) as object), ...fields }, mac: createHmac('sha256', anchorKey(k)).update(text).digest('hex') });
};

describe('the MAC covers every field', () => {
  it.each([
    ['seq', '"seq":453', '"seq":452'],
    ['hash', `"hash":"${'ab'.repeat(32)}"`, `"hash":"${'cd'.repeat(32)}"`],
    ['at', '"at":"2026-12-06T10:00:00.000Z"', '"at":"2026-12-06T09:00:00.000Z"'],
    ['writtenAt', '"writtenAt":"2026-12-06T10:00:01.000Z"', '"writtenAt":"2026-12-07T10:00:01.000Z"'],
  ])('an edited %s is refused', (_field, from, to) => {
    const text = encodeAnchor(key, anchor);
    expect(text).toContain(from);
    expect(decodeAnchor(key, text.replace(from, to))).toBeNull();
  });

  it('an empty chain (at null) round-trips, and null edited to a time is refused', () => {
    const empty = { ...anchor, seq: 0, at: null };
    const text = encodeAnchor(key, empty);
    expect(decodeAnchor(key, text)).toEqual(empty);
    expect(decodeAnchor(key, text.replace('"at":null', '"at":"2026-12-06T10:00:00.000Z"'))).toBeNull();
  });

  it('a MAC cut short, lengthened or emptied is refused without throwing', () => {
    const parsed = JSON.parse(encodeAnchor(key, anchor)) as { anchor: unknown; mac: string };
    for (const mac of [parsed.mac.slice(0, 62), `${parsed.mac}00`, '', 'zz'.repeat(32)]) {
      expect(decodeAnchor(key, JSON.stringify({ ...parsed, mac })), mac).toBeNull();
    }
    expect(decodeAnchor(key, JSON.stringify({ anchor: parsed.anchor }))).toBeNull();
    expect(decodeAnchor(key, JSON.stringify({ ...parsed, mac: 42 }))).toBeNull();
  });
});

describe('a file with a valid MAC must still be a well-formed anchor', () => {
  it('the helper signs as the writer does (a well-formed one is read)', () => {
    expect(decodeAnchor(key, signed({ ...anchor }))).toEqual(anchor);
  });

  it.each([
    ['another format version', { ...anchor, v: 3 }],
    ['no version', { ...anchor, v: undefined }],
    ['a count as text', { ...anchor, seq: '453' }],
    ['a fractional count', { ...anchor, seq: 452.5 }],
    ['a negative count', { ...anchor, seq: -1 }],
    ['a hash that is not text', { ...anchor, hash: 42 }],
    ['no written time', { ...anchor, writtenAt: null }],
    ['a last-row time that is neither null nor text', { ...anchor, at: 0 }],
  ])('%s is refused', (_what, fields) => {
    expect(decodeAnchor(key, signed(fields as Record<string, unknown>))).toBeNull();
  });

  it('a count of 0 is a valid anchor (a new database)', () => {
    expect(decodeAnchor(key, signed({ ...anchor, seq: 0 }))).toEqual({ ...anchor, seq: 0 });
  });

  it('text that is not JSON, JSON without an anchor, and an anchor that is not an object are refused', () => {
    for (const text of ['', 'x', 'null', '{}', '{"anchor":null,"mac":"00"}', '[]']) expect(decodeAnchor(key, text), text).toBeNull();
  });
});

describe('the file format stays readable across builds', () => {
  it('the MAC key is HKDF-SHA256 of the database key with the anchor salt and info (vector from openssl kdf)', () => {
    // openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt hexkey:<00 01 … 1f>
    //   -kdfopt salt:'branch-id-kiosk audit anchor' -kdfopt info:anchor-mac-v1 HKDF
    const dbKey = Buffer.from([...Array(32).keys()]);
    expect(anchorKey(dbKey).toString('hex')).toBe('11bee44b2f0eec3c8f18a5dcbb872f925bd6fa78116833fa469004b41b1b8199');
  });

  it('one JSON line: the anchor fields in order, then the MAC, ending in a newline', () => {
    const text = encodeAnchor(key, anchor);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(2);
    const body = `{"v":2,"seq":453,"hash":"${'ab'.repeat(32)}","at":"2026-12-06T10:00:00.000Z","writtenAt":"2026-12-06T10:00:01.000Z"}`;
    expect(text).toBe(`{"anchor":${body},"mac":"${createHmac('sha256', anchorKey(key)).update(body).digest('hex')}"}\n`);
  });

  it('is sealed with the derived key, never the database key itself', () => {
    const parsed = JSON.parse(encodeAnchor(key, anchor)) as { anchor: object; mac: string };
    expect(parsed.mac).not.toBe(createHmac('sha256', key).update(JSON.stringify(parsed.anchor)).digest('hex'));
    // The same fields sealed with the database key itself are a forgery in this format.
    expect(decodeAnchor(key, JSON.stringify({ ...parsed, mac: createHmac('sha256', key).update(JSON.stringify(parsed.anchor)).digest('hex') }))).toBeNull();
  });

  it('reads an anchor of the format before (v1, sealed with the database key itself), only with that key', () => {
    const v1 = (k: Buffer, fields: Anchor = anchor): string => {
      const text = JSON.stringify({ v: 1, ...fields });
      return JSON.stringify({ anchor: JSON.parse(text) as object, mac: createHmac('sha256', k).update(text).digest('hex') });
    };
    expect(decodeAnchor(key, v1(key))).toEqual(anchor);
    expect(decodeAnchor(key, v1(anchorKey(key)))).toBeNull();
    expect(decodeAnchor(key, v1(randomBytes(32)))).toBeNull();
    expect(decodeAnchor(key, v1(key).replace('"seq":453', '"seq":452'))).toBeNull();
    for (const v of [0, 3, '2']) expect(decodeAnchor(key, v1(key).replace('"v":1', `"v":${JSON.stringify(v)}`)), String(v)).toBeNull();
  });

  it('the anchor sits beside the database, named after it', () => {
    expect(anchorFile('/data/kiosk.db')).toBe('/data/kiosk.db.anchor');
    expect(anchorName('/data/kiosk.db')).toBe('kiosk.db.anchor');
  });
});

describe('reading the current or the previous anchor', () => {
  it('only a previous anchor (the crash came between keeping it and putting the new one in place): read from there', () => {
    const db = tempDb();
    writeFileSync(`${anchorFile(db)}.prev`, encodeAnchor(key, anchor));
    expect(readAnchor(db, key)).toEqual({ kind: 'ok', anchor, from: 'previous' });
  });

  it('a missing current and a damaged previous anchor: invalid, naming the previous one', () => {
    const db = tempDb();
    writeFileSync(`${anchorFile(db)}.prev`, 'torn');
    expect(readAnchor(db, key)).toEqual({ kind: 'invalid', file: `${anchorFile(db)}.prev` });
  });

  it("another key's anchor: invalid, not none", () => {
    const db = tempDb();
    writeFileSync(anchorFile(db), encodeAnchor(anchorKey(randomBytes(32)), anchor));
    expect(readAnchor(db, key)).toEqual({ kind: 'invalid', file: anchorFile(db) });
  });
});

describe('the asynchronous writer', () => {
  it('writes the first anchor, then keeps it as the previous one; owner-only files, no temp files left', async () => {
    const db = tempDb();
    await writeAnchor(db, key, anchor);
    expect(readAnchor(db, key)).toEqual({ kind: 'ok', anchor, from: 'current' });
    expect(existsSync(`${anchorFile(db)}.prev`)).toBe(false);
    await writeAnchor(db, key, { ...anchor, seq: 454 });
    expect(readAnchor(db, key)).toMatchObject({ kind: 'ok', from: 'current', anchor: { seq: 454 } });
    expect(decodeAnchor(key, readFileSync(`${anchorFile(db)}.prev`, 'utf8'))).toEqual(anchor);
    expect(statSync(anchorFile(db)).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(db, '..')).sort()).toEqual(['kiosk.db.anchor', 'kiosk.db.anchor.prev']);
  });

  it('a write no longer wanted (the keeper closed meanwhile) changes nothing and leaves no temp file', async () => {
    const db = tempDb();
    await writeAnchor(db, key, anchor);
    const before = readFileSync(anchorFile(db), 'utf8');
    await writeAnchor(db, key, { ...anchor, seq: 999 }, () => false);
    expect(readFileSync(anchorFile(db), 'utf8')).toBe(before);
    expect(readdirSync(join(db, '..'))).toEqual(['kiosk.db.anchor']);
  });

  it('asks whether it is still wanted only after the new anchor is on disk, once', async () => {
    const db = tempDb();
    let asked = 0;
    await writeAnchor(db, key, anchor, () => {
      asked++;
      // The temp file is written and synced by then: only the renames are left.
      const tmp = readdirSync(join(db, '..')).filter((f) => f.includes('.tmp-'));
      expect(tmp).toHaveLength(1);
      expect(decodeAnchor(key, readFileSync(join(db, '..', tmp[0]!), 'utf8'))).toEqual(anchor);
      return true;
    });
    expect(asked).toBe(1);
  });

  it.runIf(process.platform === 'linux')('closes every file it opens, the folder included (50 writes leave no descriptor behind)', async () => {
    const db = tempDb();
    const open = () => readdirSync('/proc/self/fd').length;
    await writeAnchor(db, key, anchor);
    const before = open();
    for (let i = 0; i < 50; i++) await writeAnchor(db, key, { ...anchor, seq: 454 + i });
    await writeAnchor(db, key, anchor, () => false);
    expect(open() - before).toBeLessThan(5);
  });

  it('two writes on their way at once use their own temp files; the later rename wins', async () => {
    const db = tempDb();
    await Promise.all([writeAnchor(db, key, anchor), writeAnchor(db, key, { ...anchor, seq: 454 })]);
    const cur = readAnchor(db, key);
    expect(cur.kind).toBe('ok');
    expect(readdirSync(join(db, '..')).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
