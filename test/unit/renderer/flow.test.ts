import { describe, expect, it } from 'vitest';
import { allSidesCaptured, flowReducer, initialFlow, type FlowAction, type FlowState } from '../../../renderer/src/app/flow';
import type { CaptureSide, CaptureSummary, DocumentType, Verification } from '../../../shared/domain';
import { makeVerification } from '../../helpers/fixtures';

const verification = (documentType: DocumentType, patch: Partial<Verification> = {}): Verification => makeVerification(documentType, patch);
const capture = (side: CaptureSide, id = `c-${side}`): CaptureSummary => ({
  id,
  side,
  deviceId: 'specimen',
  width: 10,
  height: 10,
  bytes: 100,
  createdAt: '2026-11-22T10:01:00.000Z',
  quality: null,
  preview: 'data:image/jpeg;base64,AAAA',
});
const run = (actions: FlowAction[], from: FlowState = initialFlow) => actions.reduce(flowReducer, from);
const captured = (v: Verification, c: CaptureSummary): FlowAction => ({ type: 'captured', verificationId: v.id, capture: c });

describe('teller flow', () => {
  it('goes start → consent → document → scan → review → submitted for an ID card', () => {
    const v = verification('id_card');
    let s = run([{ type: 'begin' }, { type: 'consentGiven' }]);
    expect(s.screen).toBe('document');
    s = run([{ type: 'verificationStarted', verification: v }, captured(v, capture('front'))], s);
    expect(s.screen).toBe('scan');
    // The back side is still missing: review is refused.
    expect(allSidesCaptured(s)).toBe(false);
    expect(flowReducer(s, { type: 'goToReview' }).screen).toBe('scan');
    s = run([captured(v, capture('back')), { type: 'goToReview' }], s);
    expect(s.screen).toBe('review');
    s = flowReducer(s, { type: 'submitted', verification: { ...v, state: 'queued' } });
    expect(s.screen).toBe('submitted');
    expect(s.verification?.state).toBe('queued');
  });

  it('a retake replaces the side and keeps the other', () => {
    const v = verification('id_card');
    const s = run([
      { type: 'begin' },
      { type: 'consentGiven' },
      { type: 'verificationStarted', verification: v },
      captured(v, capture('front', 'first')),
      captured(v, capture('back')),
      captured(v, capture('front', 'second')),
    ]);
    expect(s.captures.front?.id).toBe('second');
    expect(s.captures.back?.id).toBe('c-back');
  });

  it("a capture reply for the previous verification does not land in the next customer's flow", () => {
    const a = verification('id_card');
    const b = verification('passport', { id: 'another-verification' });
    const s = run([
      { type: 'begin' },
      { type: 'consentGiven' },
      { type: 'verificationStarted', verification: a },
      { type: 'back' }, // "Change document" while a's front was still being stored
      { type: 'verificationStarted', verification: b },
      captured(a, capture('front', 'from-a')),
    ]);
    expect(s.verification?.id).toBe('another-verification');
    expect(s.captures).toEqual({});
  });

  it('reset drops every trace of the customer', () => {
    const v = verification('passport');
    const s = run([
      { type: 'begin' },
      { type: 'consentGiven' },
      { type: 'verificationStarted', verification: v },
      captured(v, capture('front')),
      { type: 'goToReview' },
      { type: 'reset' },
    ]);
    expect(s).toEqual(initialFlow);
    expect(JSON.stringify(s)).not.toContain('base64');
  });

  it('follows updates of the verification on screen only, and ignores stale ones', () => {
    const v = verification('passport', { state: 'queued' });
    const s = run([{ type: 'begin' }, { type: 'submitted', verification: v }]);
    const newer = { ...v, state: 'submitting' as const, updatedAt: '2026-11-22T10:05:00.000Z' };
    const s2 = flowReducer(s, { type: 'verificationUpdated', verification: newer });
    expect(s2.verification?.state).toBe('submitting');
    const stale = { ...v, state: 'queued' as const, updatedAt: '2026-11-22T10:04:00.000Z' };
    expect(flowReducer(s2, { type: 'verificationUpdated', verification: stale }).verification?.state).toBe('submitting');
    const other = { ...newer, id: '9b7c6a52-1f1d-4c1e-9a3e-3f0a3d2b9c11', state: 'accepted' as const };
    expect(flowReducer(s2, { type: 'verificationUpdated', verification: other }).verification?.state).toBe('submitting');
  });

  it('an update that overtook the submit reply is not overwritten by it', () => {
    const v = verification('passport');
    const s = run([
      { type: 'begin' },
      { type: 'consentGiven' },
      { type: 'verificationStarted', verification: v },
      { type: 'verificationUpdated', verification: { ...v, state: 'submitting', updatedAt: '2026-11-22T10:02:00.000Z' } },
      { type: 'submitted', verification: { ...v, state: 'queued', updatedAt: '2026-11-22T10:01:00.000Z' } },
    ]);
    expect(s.screen).toBe('submitted');
    expect(s.verification?.state).toBe('submitting');
  });

  it('back from scan abandons the started verification; opening today\'s list drops the customer', () => {
    const scan = run([{ type: 'begin' }, { type: 'consentGiven' }, { type: 'verificationStarted', verification: verification('passport') }]);
    const back = flowReducer(scan, { type: 'back' });
    expect(back.screen).toBe('document');
    expect(back.verification).toBeNull();
    const today = flowReducer(scan, { type: 'showToday' });
    expect(today.screen).toBe('today');
    expect(today.verification).toBeNull();
  });
});
