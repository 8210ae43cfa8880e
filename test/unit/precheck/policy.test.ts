import { describe, expect, it } from 'vitest';
import type { CapturePrecheck, MrzPrecheck } from '../../../shared/precheck';
import { CapturePrecheck as CapturePrecheckSchema } from '../../../shared/precheck';
import { bestMrz, evaluateGate } from '../../../main/precheck/policy';
import { summarizeMrz } from '../../../main/precheck/summary';

const mrz = (status: MrzPrecheck['status'], expired: boolean | null = false): CapturePrecheck => ({
  checkedAt: '2026-11-22T10:00:00.000Z',
  mrz: {
    status, format: 'TD3', documentKind: 'passport', documentCode: 'P', issuingState: 'SWE', nationality: 'SWE', lastName: 'A', firstName: 'B',
    dateOfBirth: '1980-01-01', age: 46, sex: 'F', documentNumber: 'X1', personalNumber: null, dateOfExpiry: '2030-01-01', expired,
    fields: [], checkDigits: {}, repaired: false, messages: [],
  },
});
const defaults = { onExpired: 'block', onUnreadable: 'allow_with_reason' } as const;

describe('precheck submit policy', () => {
  it('passes a valid, in-date passport', () => {
    expect(evaluateGate({ documentType: 'passport', prechecks: { front: mrz('accepted') }, policy: defaults }).decision).toBe('pass');
  });
  it('expired: blocked by default, reason when configured', () => {
    const prechecks = { front: mrz('accepted', true) };
    expect(evaluateGate({ documentType: 'passport', prechecks, policy: defaults })).toMatchObject({ decision: 'blocked', problem: 'expired' });
    expect(evaluateGate({ documentType: 'passport', prechecks, policy: { ...defaults, onExpired: 'allow_with_reason' } })).toMatchObject({ decision: 'needs_reason', problem: 'expired' });
  });
  it('an expiry from a read whose check digits fail is not trusted as "expired"; it counts as unreadable', () => {
    const g = evaluateGate({ documentType: 'passport', prechecks: { front: mrz('invalid', true) }, policy: defaults });
    expect(g).toMatchObject({ decision: 'needs_reason', problem: 'unreadable' });
  });
  it('unreadable: reason / block / allow, only once the MRZ side is captured, only for passports and ID cards', () => {
    const front = mrz('unreadable', null);
    expect(evaluateGate({ documentType: 'passport', prechecks: { front }, policy: defaults }).decision).toBe('needs_reason');
    expect(evaluateGate({ documentType: 'passport', prechecks: { front }, policy: { ...defaults, onUnreadable: 'block' } }).decision).toBe('blocked');
    expect(evaluateGate({ documentType: 'passport', prechecks: { front }, policy: { ...defaults, onUnreadable: 'allow' } }).decision).toBe('pass');
    // ID card: the MRZ is on the back; a front without one is no problem yet.
    expect(evaluateGate({ documentType: 'id_card', prechecks: {}, policy: defaults }).decision).toBe('pass');
    expect(evaluateGate({ documentType: 'id_card', prechecks: { back: front }, policy: defaults }).decision).toBe('needs_reason');
    // A TD2 card read on its front satisfies the ID card even if the back shows nothing.
    expect(evaluateGate({ documentType: 'id_card', prechecks: { front: mrz('accepted'), back: front }, policy: defaults }).decision).toBe('pass');
    expect(evaluateGate({ documentType: 'drivers_license', prechecks: { front }, policy: defaults }).decision).toBe('pass');
  });
  it('bestMrz prefers accepted over invalid over unreadable', () => {
    expect(bestMrz([mrz('unreadable'), mrz('accepted'), mrz('invalid')])?.status).toBe('accepted');
    expect(bestMrz([null, undefined])).toBeNull();
  });
  it('the summary built from a read fits the shared schema the renderer relies on', () => {
    const summary = summarizeMrz(
      { status: 'unreadable', format: null, fields: null, fieldChecks: [], checks: {}, rawLines: [], lines: [], repaired: null, problems: [], ms: 1 },
      new Date('2026-11-22T00:00:00Z'),
    );
    expect(CapturePrecheckSchema.safeParse({ checkedAt: '2026-11-22T00:00:00.000Z', mrz: summary }).success).toBe(true);
  });
});
