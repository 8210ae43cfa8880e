import { createHash } from 'node:crypto';
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

  it('hashes exactly the canonical JSON of the row after the previous hash (chains written before stay valid)', () => {
    const rows = [
      { seq: 1, at: '2026-01-01T00:00:00.000Z', actor: 'teller', action: 'verification_created', verificationId: null, detail: '{}' },
      { seq: 42, at: '2026-11-23T02:00:00.123Z', actor: 'supervisor:Åsa "Ö"', action: 'override', verificationId: 'b3c1-…', detail: '{"reason":"<script>alert(1)</script>\\n"}' },
      { seq: 9_007_199_254_740_991, at: '', actor: '', action: 'step:document_uploaded:front', verificationId: '00000000-0000-4000-8000-000000000000', detail: '{"from":"submitting","to":"submitting"}' },
    ];
    for (const row of rows) {
      const prev = createHash('sha256').update(String(row.seq)).digest('hex');
      const expected = createHash('sha256').update(prev).update(canonicalJson(row)).digest('hex');
      expect(rowHash(row, prev)).toBe(expected);
    }
  });
});
