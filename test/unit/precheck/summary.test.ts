import { describe, expect, it } from 'vitest';
import type { MrzReadResult } from '../../../main/precheck/mrz-ocr';
import { parseMrz } from '../../../main/precheck/mrz-parse';
import { ageOn, documentKindOf, mrzDateToIso, summarizeMrz } from '../../../main/precheck/summary';

/** A read result as the OCR would return it, built by the real parser from MRZ text. */
function readOf(lines: string[], extraStates: string[] = []): MrzReadResult {
  const p = parseMrz(lines, { extraStates });
  return {
    status: p.accepted ? 'accepted' : 'invalid',
    format: p.format,
    fields: p.values,
    fieldChecks: p.fields,
    checks: p.checkDigits,
    rawLines: lines,
    lines: p.lines,
    repaired: p.repaired,
    problems: p.problems,
    ms: 1,
  };
}

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

describe('dates', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('puts birth dates in the past and expiry dates within 50 years of today', () => {
    expect(mrzDateToIso('740812', 'birth', now)).toBe('1974-08-12');
    expect(mrzDateToIso('200229', 'birth', now)).toBe('2020-02-29');
    expect(mrzDateToIso('260302', 'birth', now)).toBe('1926-03-02'); // tomorrow cannot be a birthday
    expect(mrzDateToIso('120415', 'expiry', now)).toBe('2012-04-15');
    expect(mrzDateToIso('340415', 'expiry', now)).toBe('2034-04-15');
    expect(mrzDateToIso('990101', 'expiry', now)).toBe('1999-01-01');
  });
  it('rejects impossible dates instead of rolling them over', () => {
    expect(mrzDateToIso('210229', 'birth', now)).toBeNull();
    expect(mrzDateToIso('741312', 'birth', now)).toBeNull();
    expect(mrzDateToIso('74<<12', 'birth', now)).toBeNull();
  });
  it('computes age on the injected day', () => {
    expect(ageOn('1974-08-12', new Date('2026-08-11T00:00:00Z'))).toBe(51);
    expect(ageOn('1974-08-12', new Date('2026-08-12T00:00:00Z'))).toBe(52);
  });
});

describe('document kind', () => {
  it.each([
    ['P', 'passport'],
    ['PO', 'passport'],
    ['I', 'identity_card'],
    ['ID', 'identity_card'],
    ['IR', 'residence_permit'],
    ['V', 'visa'],
  ])('%s → %s', (code, kind) => expect(documentKindOf(code)).toBe(kind));
});

describe('summarizeMrz', () => {
  it('an accepted but expired passport: every field valid except the expiry, flagged with a next step', () => {
    const s = summarizeMrz(readOf(TD3, ['UTO']), new Date('2026-03-01T00:00:00Z'));
    expect(s).toMatchObject({
      status: 'accepted',
      documentKind: 'passport',
      issuingState: 'UTO',
      lastName: 'ERIKSSON',
      firstName: 'ANNA MARIA',
      dateOfBirth: '1974-08-12',
      age: 51,
      documentNumber: 'L898902C3',
      dateOfExpiry: '2012-04-15',
      expired: true,
      repaired: false,
    });
    expect(s.fields.filter((f) => !f.valid).map((f) => f.key)).toEqual(['dateOfExpiry']);
    expect(s.messages.join(' ')).toMatch(/expired on 2012-04-15.*valid document/);
  });

  it('the same passport before its expiry is not flagged', () => {
    const s = summarizeMrz(readOf(TD3, ['UTO']), new Date('2012-04-14T00:00:00Z'));
    expect(s.expired).toBe(false);
    expect(s.fields.every((f) => f.valid)).toBe(true);
    expect(s.messages).toEqual([]);
  });

  it('a failing check digit marks its field invalid and asks for another capture', () => {
    const broken = [TD3[0]!, TD3[1]!.slice(0, 19) + '3' + TD3[1]!.slice(20)]; // birth date check digit 2 → 3
    const s = summarizeMrz(readOf(broken, ['UTO']), new Date('2010-01-01T00:00:00Z'));
    expect(s.status).toBe('invalid');
    expect(s.fields.find((f) => f.key === 'dateOfBirth')).toMatchObject({ valid: false, problem: 'the date of birth check digit does not match' });
    expect(s.fields.find((f) => f.key === 'finalCheckDigit')?.valid).toBe(false);
    expect(s.fields.find((f) => f.key === 'lastName')?.valid).toBe(true);
    expect(s.messages.join(' ')).toMatch(/Capture the document again/);
  });

  it('an unreadable read says so with a next step', () => {
    const s = summarizeMrz(
      { status: 'unreadable', format: null, fields: null, fieldChecks: [], checks: {}, rawLines: [], lines: [], repaired: null, problems: ['x'], ms: 1 },
      new Date(),
    );
    expect(s.documentKind).toBeNull();
    expect(s.expired).toBeNull();
    expect(s.messages[0]).toMatch(/could not be found.*capture again/);
  });
});
