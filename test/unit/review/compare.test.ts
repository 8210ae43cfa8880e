// The detail view's side-by-side: the kiosk's MRZ reading against the provider's identity fields.
import { describe, expect, it } from 'vitest';
import { fold, sideBySide } from '../../../renderer/src/supervisor/compare';
import type { IdentityFields } from '../../../shared/domain';
import type { MrzPrecheck } from '../../../shared/precheck';

const mrz = {
  status: 'accepted',
  format: 'TD3',
  documentKind: 'passport',
  documentCode: 'P',
  issuingState: 'UTO',
  nationality: 'UTO',
  lastName: 'OBRIEN',
  firstName: 'ANNA MARIA',
  dateOfBirth: '1980-01-01',
  age: 46,
  sex: 'F',
  documentNumber: 'L898902C3',
  personalNumber: null,
  dateOfExpiry: '2030-01-01',
  expired: false,
  fields: [],
  checkDigits: {},
  repaired: false,
  messages: [],
} satisfies MrzPrecheck;

const identity: IdentityFields = {
  firstName: 'Anna-María',
  lastName: "O'Brien",
  fullName: null,
  dateOfBirth: '1980-01-10',
  age: 46,
  sex: 'F',
  nationality: 'UTO',
  issuingState: null,
  documentNumber: 'L898902C3',
  personalNumber: null,
  expiryDate: '2030-01-01',
  expired: false,
};

describe('on-device vs provider', () => {
  it('agrees across case, accents and punctuation, and flags a real difference', () => {
    const rows = sideBySide(mrz, identity);
    const by = Object.fromEntries(rows.map((r) => [r.key, r.agree]));
    expect(by).toEqual({
      lastName: true,
      firstName: true,
      documentNumber: true,
      dateOfBirth: false, // 01 vs 10: the kind of misread a supervisor must see
      expiryDate: true,
      sex: true,
      nationality: true,
      issuingState: null, // the provider gave none: nothing to compare
    });
  });

  it('shows nothing when neither side has data, and folds consistently', () => {
    expect(sideBySide(null, null)).toEqual([]);
    expect(fold("Ó'Brien-Smith ")).toBe('OBRIENSMITH');
  });
});
