// The web host's request rules and the page's event-stream parser, one rule at a time: exact JSON
// media type, nesting depth measured on the raw text (strings and escapes skipped), SSE framing,
// and the teller mask (initials, no numbers, no images). Over real HTTP in test/integration/web/.
import { describe, expect, it } from 'vitest';
import { isJsonMediaType, jsonNestingDepth } from '../../../main/web/request-body';
import { parseFrames } from '../../../renderer/src/event-stream';
import { initials, maskVerification } from '../../../main/teller/disclosure';
import { isWorkingVerification } from '../../../shared/contract-disclosure';
import type { Verification } from '../../../shared/domain';

describe('isJsonMediaType', () => {
  it('takes application/json with an optional utf-8 charset, any case', () => {
    for (const t of ['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'application/json; charset="utf-8"']) expect(isJsonMediaType(t), t).toBe(true);
  });
  it('refuses prefixes, suffixes, other charsets, parameters and lists', () => {
    for (const t of [undefined, '', 'application/jsonfoo', 'application/json-patch+json', 'text/json', 'application/json; charset=latin1', 'application/json; boundary=x', 'application/json, text/plain', 'text/plain; application/json']) {
      expect(isJsonMediaType(t), String(t)).toBe(false);
    }
  });
});

describe('jsonNestingDepth', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonNestingDepth('{}')).toBe(1);
    expect(jsonNestingDepth('{"a":[{"b":[1]}]}')).toBe(4);
    expect(jsonNestingDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(jsonNestingDepth('{"a":"\\"[[[["}')).toBe(1);
    expect(jsonNestingDepth('1')).toBe(0);
  });
  it('stops early above the limit and flags unbalanced text', () => {
    expect(jsonNestingDepth('['.repeat(100_000), 16)).toBe(17);
    expect(jsonNestingDepth('[]]')).toBe(-1);
    expect(jsonNestingDepth('[[')).toBe(-1);
  });
});

describe('parseFrames', () => {
  it('splits complete frames, keeps the partial rest, skips comments', () => {
    const { messages, rest } = parseFrames(': connected\n\nevent: queueChanged\ndata: {"a":1}\n\nevent: x\ndata: par');
    expect(messages).toEqual([{ event: 'queueChanged', data: '{"a":1}' }]);
    expect(rest).toBe('event: x\ndata: par');
  });
  it('joins multi-line data and accepts CRLF', () => {
    expect(parseFrames('event: e\r\ndata: a\r\ndata: b\r\n\r\n').messages).toEqual([{ event: 'e', data: 'a\nb' }]);
  });
});

describe('teller mask', () => {
  it('initials from any script, null stays null', () => {
    expect(initials('Anna-Maria Svensson')).toBe('A. S.');
    expect(initials('Ólafur Þórsson')).toBe('Ó. Þ.');
    expect(initials('  ')).toBeNull();
    expect(initials(null)).toBeNull();
  });

  it('removes numbers, dates of birth, per-zone values and images', () => {
    const v = {
      id: 'x',
      state: 'accepted',
      updatedAt: '2026-01-01T00:00:00.000Z',
      captures: [{ id: 'c', side: 'front', preview: 'data:image/jpeg;base64,AAAA', precheck: { mrz: { documentNumber: 'X1234567' } } }],
      outcome: {
        identity: { firstName: 'Anna', lastName: 'Svensson', fullName: 'Anna Svensson', dateOfBirth: '1980-01-01', documentNumber: 'X1234567', personalNumber: '19800101-1234', age: 46, expired: false },
        fields: [{ name: 'documentNumber', mrz: 'X1234567', visual: 'X1234567', barcode: null, agree: true }],
        portrait: 'data:image/jpeg;base64,BBBB',
      },
    } as unknown as Verification;
    const m = maskVerification(v);
    const text = JSON.stringify(m);
    for (const s of ['X1234567', '19800101', '1980-01-01', 'Anna', 'Svensson', 'data:image']) expect(text).not.toContain(s);
    expect(m.outcome?.identity.fullName).toBe('A. S.');
    expect(m.outcome?.fields[0]).toMatchObject({ name: 'documentNumber', agree: true });
  });

  it('working: capturing always, anything else within the window of its last change', () => {
    const now = new Date('2026-01-01T00:20:00Z');
    expect(isWorkingVerification({ state: 'capturing', updatedAt: '2020-01-01T00:00:00Z' }, now, 15 * 60_000)).toBe(true);
    expect(isWorkingVerification({ state: 'accepted', updatedAt: '2026-01-01T00:06:00Z' }, now, 15 * 60_000)).toBe(true);
    expect(isWorkingVerification({ state: 'accepted', updatedAt: '2026-01-01T00:04:00Z' }, now, 15 * 60_000)).toBe(false);
    expect(isWorkingVerification({ state: 'queued', updatedAt: 'not a date' }, now, 15 * 60_000)).toBe(false);
  });
});
