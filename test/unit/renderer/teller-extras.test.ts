// The renderer's pure teller logic: selfie sides from main, abandoning a started
// verification, and when the kiosk counts as offline.
import { describe, expect, it } from 'vitest';
import { abandonedVerification, flowReducer, initialFlow, requiredSides, type FlowAction, type FlowState } from '../../../renderer/src/app/flow';
import { isOffline, waitingToSend } from '../../../renderer/src/app/status';
import type { DocumentType, KioskStatus, ProviderStatus, Verification } from '../../../shared/domain';
import { makeVerification } from '../../helpers/fixtures';

const verification = (documentType: DocumentType, patch: Partial<Verification> = {}): Verification => makeVerification(documentType, patch);
const run = (actions: FlowAction[], from: FlowState = initialFlow) => actions.reduce(flowReducer, from);

describe('required sides', () => {
  it('uses the sides main sent (selfie included) and falls back to the document sides', () => {
    expect(requiredSides(verification('passport', { requiredSides: ['front', 'selfie'] }))).toEqual(['front', 'selfie']);
    expect(requiredSides(verification('id_card'))).toEqual(['front', 'back']);
    expect(requiredSides(null)).toEqual([]);
  });

  it('keeps the selfie step when an update without requiredSides arrives', () => {
    const v = verification('id_card', { requiredSides: ['front', 'back', 'selfie'] });
    let s = run([{ type: 'begin' }, { type: 'consentGiven' }, { type: 'verificationStarted', verification: v }]);
    s = flowReducer(s, { type: 'verificationUpdated', verification: { ...verification('id_card'), updatedAt: '2026-11-22T10:01:00.000Z' } });
    expect(requiredSides(s.verification)).toEqual(['front', 'back', 'selfie']);
    s = flowReducer(s, { type: 'submitted', verification: { ...verification('id_card'), state: 'queued', updatedAt: '2026-11-22T10:02:00.000Z' } });
    expect(s.verification?.state).toBe('queued');
    expect(s.verification?.requiredSides).toEqual(['front', 'back', 'selfie']);
  });
});

describe('abandoned verification', () => {
  const started = run([{ type: 'begin' }, { type: 'consentGiven' }, { type: 'verificationStarted', verification: verification('passport') }]);
  it('is the verification being scanned or reviewed', () => {
    expect(abandonedVerification(started)?.id).toBe('0b7c6a52-1f1d-4c1e-9a3e-3f0a3d2b9c11');
    expect(abandonedVerification({ ...started, screen: 'review' })?.id).toBe('0b7c6a52-1f1d-4c1e-9a3e-3f0a3d2b9c11');
  });
  it('is nothing once submitted, before one is started, or when main already moved it on', () => {
    expect(abandonedVerification(flowReducer(started, { type: 'submitted', verification: verification('passport', { state: 'queued' }) }))).toBeNull();
    expect(abandonedVerification(run([{ type: 'begin' }, { type: 'consentGiven' }]))).toBeNull();
    expect(abandonedVerification({ ...started, verification: verification('passport', { state: 'cancelled' }) })).toBeNull();
  });
});

describe('offline', () => {
  const provider = (id: 'zignsec' | 'zoloz', reachable: boolean | null, configured = true): ProviderStatus => ({
    id,
    configured,
    reachable,
    circuit: 'closed',
    paused: false,
  });
  const status = (online: boolean, providers: ProviderStatus[]): KioskStatus => ({
    mode: 'training',
    kioskId: 'k',
    online,
    providers,
    devices: [],
    queue: { waiting: 2, inFlight: 1, needsAttention: 0, failed: 0, oldestWaitingAt: null, lastSyncAt: null, nextAttemptAt: null },
    version: '0',
  });
  it('follows main when main says offline', () => expect(isOffline(status(false, []))).toBe(true));
  it('is offline when the only provider ever tried did not answer and none answered', () =>
    expect(isOffline(status(true, [provider('zignsec', false), provider('zoloz', null)]))).toBe(true));
  it('is online while any provider answers, or nothing is known yet', () => {
    expect(isOffline(status(true, [provider('zignsec', false), provider('zoloz', true)]))).toBe(false);
    expect(isOffline(status(true, [provider('zignsec', null), provider('zoloz', null)]))).toBe(false);
    expect(isOffline(null)).toBe(false);
  });
  it('ignores providers that are not configured', () =>
    expect(isOffline(status(true, [provider('zignsec', true), provider('zoloz', false, false)]))).toBe(false));
  it('counts never-sent and part-sent verifications as waiting', () => expect(waitingToSend(status(true, []).queue)).toBe(3));
});
