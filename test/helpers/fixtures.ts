// Small fixtures several test files need in the same shape: a Verification as main sends it, and the
// KioskError a call is expected to fail with.
import { expect } from 'vitest';
import type { DocumentType, Verification } from '../../shared/domain';
import { KioskError } from '../../main/errors';

/** A verification still being captured, as the contract describes it; `patch` overrides any field. */
export function makeVerification(documentType: DocumentType = 'passport', patch: Partial<Verification> = {}): Verification {
  return {
    id: '0b7c6a52-1f1d-4c1e-9a3e-3f0a3d2b9c11',
    documentType,
    provider: 'zignsec',
    state: 'capturing',
    createdAt: '2026-11-22T10:00:00.000Z',
    updatedAt: '2026-11-22T10:00:00.000Z',
    captures: [],
    outcome: null,
    sync: { attempts: 0, lastError: null, nextAttemptAt: null, step: null, bytesSent: null, bytesTotal: null },
    ...patch,
  };
}

/** The KioskError `p` rejects with (fails the test when it resolves or rejects with anything else). */
export async function kioskFailure(p: Promise<unknown>): Promise<KioskError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(KioskError);
    return e as KioskError;
  }
  throw new Error('expected the call to fail with a KioskError');
}
