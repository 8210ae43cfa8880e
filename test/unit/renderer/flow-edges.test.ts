// The teller flow reducer at its edges: actions that must do nothing in the wrong place, events for
// another verification, equal timestamps, the sides main sent being kept, and each "back".
import { describe, expect, it } from 'vitest';
import { abandonedVerification, allSidesCaptured, flowReducer, initialFlow, requiredSides, type FlowAction, type FlowState } from '../../../renderer/src/app/flow';
import type { CaptureSide, CaptureSummary, Verification } from '../../../shared/domain';
import { makeVerification } from '../../helpers/fixtures';

const OTHER_ID = '5f0c1b2a-3d4e-4f60-8a7b-9c0d1e2f3a4b';
const capture = (side: CaptureSide): CaptureSummary => ({ id: `c-${side}`, side, deviceId: 'specimen', width: 10, height: 10, bytes: 100, createdAt: '2026-11-22T10:01:00.000Z', quality: null, preview: null });
const run = (actions: FlowAction[], from: FlowState = initialFlow) => actions.reduce(flowReducer, from);
const onScan = (v: Verification) => run([{ type: 'begin' }, { type: 'consentGiven' }, { type: 'verificationStarted', verification: v }]);

describe('flow edges', () => {
  it('requiredSides: main\'s list when it has one, the document\'s sides when it is missing or empty', () => {
    expect(requiredSides(null)).toEqual([]);
    expect(requiredSides(makeVerification('id_card', { requiredSides: ['front', 'back', 'selfie'] }))).toEqual(['front', 'back', 'selfie']);
    expect(requiredSides(makeVerification('id_card', { requiredSides: [] }))).toEqual(['front', 'back']);
    expect(requiredSides(makeVerification('id_card'))).toEqual(['front', 'back']);
  });

  it('no verification: nothing is "all captured", review and scan stay shut', () => {
    expect(allSidesCaptured(initialFlow)).toBe(false);
    const doc = run([{ type: 'begin' }, { type: 'consentGiven' }]);
    expect(flowReducer(doc, { type: 'goToReview' })).toBe(doc);
    expect(flowReducer(doc, { type: 'goToScan' })).toBe(doc);
  });

  it('goToScan returns to the scan screen when a verification is open', () => {
    const v = makeVerification('passport');
    const review = run([{ type: 'captured', verificationId: v.id, capture: capture('front') }, { type: 'goToReview' }], onScan(v));
    expect(review.screen).toBe('review');
    expect(flowReducer(review, { type: 'goToScan' }).screen).toBe('scan');
  });

  it('consent only moves on from the consent screen', () => {
    expect(flowReducer(initialFlow, { type: 'consentGiven' })).toBe(initialFlow);
    const v = makeVerification('passport');
    const scan = onScan(v);
    expect(flowReducer(scan, { type: 'consentGiven' })).toBe(scan);
  });

  it('a country chosen for no verification or another one changes nothing', () => {
    const v = makeVerification('passport');
    expect(flowReducer(initialFlow, { type: 'countryChosen', verification: v })).toBe(initialFlow);
    const scan = onScan(v);
    expect(flowReducer(scan, { type: 'countryChosen', verification: makeVerification('passport', { id: OTHER_ID }) })).toBe(scan);
  });

  it('a verification no longer capturing is not "abandoned" (nothing to cancel)', () => {
    const v = makeVerification('passport');
    expect(abandonedVerification(onScan(v))?.id).toBe(v.id);
    expect(abandonedVerification(onScan(makeVerification('passport', { state: 'queued' })))).toBeNull();
    // Only the screens where it is still being captured: not once the submitted screen shows it.
    expect(abandonedVerification({ ...onScan(v), screen: 'submitted' })).toBeNull();
    expect(abandonedVerification({ ...onScan(v), screen: 'document' })).toBeNull();
  });

  it('an update with the same timestamp is applied; an older one is not', () => {
    const v = makeVerification('passport');
    const scan = onScan(v);
    const same = flowReducer(scan, { type: 'verificationUpdated', verification: { ...v, state: 'cancelled' } });
    expect(same.verification?.state).toBe('cancelled');
    const older = flowReducer(scan, { type: 'verificationUpdated', verification: { ...v, state: 'cancelled', updatedAt: '2026-11-22T09:59:59.999Z' } });
    expect(older).toBe(scan);
  });

  it('the sides main sent are kept when an update lacks them, but an update with its own sides wins', () => {
    const v = makeVerification('id_card', { requiredSides: ['front', 'back', 'selfie'] });
    const scan = onScan(v);
    const { requiredSides: _drop, ...bare } = v;
    const kept = flowReducer(scan, { type: 'verificationUpdated', verification: { ...bare, updatedAt: '2026-11-22T10:05:00.000Z' } });
    expect(kept.verification?.requiredSides).toEqual(['front', 'back', 'selfie']);
    const own = flowReducer(scan, { type: 'verificationUpdated', verification: { ...v, requiredSides: ['front'], updatedAt: '2026-11-22T10:05:00.000Z' } });
    expect(own.verification?.requiredSides).toEqual(['front']);
  });

  it('the submit reply: an event that overtook it is kept when newer; a reply for another verification is taken as it is', () => {
    const v = makeVerification('id_card', { requiredSides: ['front', 'back', 'selfie'] });
    const scan = onScan(v);
    const newer = flowReducer(scan, { type: 'verificationUpdated', verification: { ...v, state: 'syncing' as Verification['state'], updatedAt: '2026-11-22T10:09:00.000Z' } });
    const replied = flowReducer(newer, { type: 'submitted', verification: { ...v, state: 'queued', updatedAt: '2026-11-22T10:08:00.000Z' } });
    expect(replied.screen).toBe('submitted');
    expect(replied.verification?.updatedAt).toBe('2026-11-22T10:09:00.000Z');
    const { requiredSides: _drop, ...bare } = makeVerification('passport', { id: OTHER_ID, state: 'queued', updatedAt: '2026-11-22T09:00:00.000Z' });
    const other = flowReducer(scan, { type: 'submitted', verification: bare });
    expect(other.verification).toEqual(bare);
    expect(other.verification?.requiredSides).toBeUndefined();
  });

  it('back from each screen', () => {
    const v = makeVerification('passport');
    const consent = run([{ type: 'begin' }]);
    expect(flowReducer(consent, { type: 'back' })).toEqual(initialFlow);
    const today = flowReducer(initialFlow, { type: 'showToday' });
    expect(today.screen).toBe('today');
    expect(flowReducer(today, { type: 'back' })).toEqual(initialFlow);
    const doc = run([{ type: 'consentGiven' }], consent);
    expect(flowReducer(doc, { type: 'back' }).screen).toBe('consent');
    const review = run([{ type: 'captured', verificationId: v.id, capture: capture('front') }, { type: 'goToReview' }], onScan(v));
    const backFromReview = flowReducer(review, { type: 'back' });
    expect(backFromReview.screen).toBe('scan');
    expect(backFromReview.captures.front?.id).toBe('c-front');
    expect(flowReducer(initialFlow, { type: 'back' })).toBe(initialFlow);
  });

  it('a verdict main changed on a capture on screen replaces the one shown (a withdrawn "same side again"), keeping the image', () => {
    const v = makeVerification('id_card');
    const flagged: CaptureSummary = { ...capture('back'), preview: 'data:image/jpeg;base64,AA', quality: { ok: false, instruction: 'same_side', sharpness: 1, glare: 0, brightness: 0.5, contrast: 40 } };
    const scan = run([{ type: 'captured', verificationId: v.id, capture: capture('front') }, { type: 'captured', verificationId: v.id, capture: flagged }], onScan(v));
    const ownVerdict = { ...flagged.quality!, ok: true, instruction: null };
    const later = { ...v, updatedAt: '2026-11-22T10:05:00.000Z' };
    const after = flowReducer(scan, { type: 'verificationUpdated', verification: { ...later, captures: [capture('front'), { ...flagged, preview: null, quality: ownVerdict }] } });
    expect(after.captures.back?.quality).toEqual(ownVerdict);
    expect(after.captures.back?.preview).toBe(flagged.preview);
    expect(after.captures.front).toBe(scan.captures.front);
    // A verdict for another capture of the side (an older image) changes nothing.
    const other = flowReducer(scan, { type: 'verificationUpdated', verification: { ...later, captures: [{ ...flagged, id: 'c-older', quality: ownVerdict }] } });
    expect(other.captures).toBe(scan.captures);
  });
});
