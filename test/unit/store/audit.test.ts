import { describe, expect, it } from 'vitest';
import { canonicalJson, rowHash, GENESIS_HASH } from '../../../main/store/audit';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[2,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe('rowHash', () => {
  it('changes with any field and with the previous hash', () => {
    const row = { seq: 1, at: '2026-01-01T00:00:00.000Z', actor: 'teller', action: 'x', verificationId: null, detail: '{}' };
    const h = rowHash(row, GENESIS_HASH);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(rowHash({ ...row, actor: 'mallory' }, GENESIS_HASH)).not.toBe(h);
    expect(rowHash({ ...row, detail: '{"a":1}' }, GENESIS_HASH)).not.toBe(h);
    expect(rowHash(row, 'f'.repeat(64))).not.toBe(h);
  });
});
