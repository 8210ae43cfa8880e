// Shared by the IPC tests: a recording KioskService (records every call that reaches it) and
// one known-valid request per contract call.
import { randomUUID } from 'node:crypto';
import type { CallName, KioskService } from '../../../shared/contract';

export type RecordedCall = { name: CallName; request: unknown };

export function recordingService(impl: Partial<Record<CallName, (r: unknown) => Promise<unknown>>> = {}): { service: KioskService; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const handler = (name: CallName) => async (request: unknown) => {
    calls.push({ name, request });
    return impl[name] ? impl[name]!(request) : { echoed: name };
  };
  const service = new Proxy({} as KioskService, {
    get: (_t, prop) => (typeof prop === 'string' ? handler(prop as CallName) : undefined),
  });
  return { service, calls };
}

/** A well-formed supervisor session token; the service decides whether it is live. */
const SUPERVISOR_TOKEN = 'ab'.repeat(32);

export function validRequest(name: CallName): Record<string, unknown> {
  switch (name) {
    case 'getStatus':
    case 'listDevices':
    case 'listChipReaders':
      return {};
    case 'startVerification':
      return { documentType: 'passport', provider: 'zignsec' };
    case 'capture':
      return { verificationId: randomUUID(), side: 'front', deviceId: 'specimen:passport' };
    case 'submit':
      return { verificationId: randomUUID() };
    case 'getVerification':
      return { id: randomUUID() };
    case 'listVerifications':
      return { limit: 20, state: 'queued' };
    case 'setIssuingCountry':
      return { verificationId: randomUUID(), country: 'SWE' };
    case 'issuingCountries':
    case 'cancelVerification':
    case 'readChip':
    case 'chipStatus':
    case 'chipFace':
    case 'chipResult':
    case 'placeTrainingChip':
    case 'openProviderPage':
      return { verificationId: randomUUID() };
    case 'getProviderPageOffer':
      return {};
    case 'startPreview':
      return { verificationId: randomUUID(), side: 'front', deviceId: 'specimen:camera' };
    case 'stopPreview':
    case 'getDevicePreference':
      return {};
    case 'setDevicePreference':
      return { deviceId: 'specimen:camera' };
    case 'watchDevices':
      return { active: true };
    // supervisor review
    case 'supervisorStatus':
      return {};
    case 'supervisorSetup':
      return { name: 'Maja Berg', pin: '2468', code: '1234-5678-9012' };
    case 'supervisorLogin':
      return { pin: '2468' };
    case 'supervisorLogout':
    case 'reviewCounts':
    case 'reviewAlerts':
    case 'reviewVerifyAudit':
    case 'reviewRunRetention':
      return { token: SUPERVISOR_TOKEN };
    case 'supervisorAdd':
      return { token: SUPERVISOR_TOKEN, name: 'Omar', pin: '8642' };
    case 'reviewList':
      return { token: SUPERVISOR_TOKEN, limit: 25, state: 'needs_attention', search: 'rossi' };
    case 'reviewDetail':
      return { token: SUPERVISOR_TOKEN, id: randomUUID() };
    case 'reviewAcknowledgeAlert':
      return { token: SUPERVISOR_TOKEN, id: 'store-7' };
    case 'recoveryStatus':
      return {};
    case 'recoveryBackups':
    case 'recoveryDiscard':
      return { token: SUPERVISOR_TOKEN };
    case 'recoveryRequest':
      return { token: SUPERVISOR_TOKEN, action: 'restore', backup: 'kiosk-20261206T101500000Z.db', reason: 'disk replaced', pin: '2468' };
    case 'recoveryConfirm':
      return { token: SUPERVISOR_TOKEN, pin: '8642' };
    case 'reviewDismissAlert':
      return { token: SUPERVISOR_TOKEN, id: 'store-7', reason: 'settled with the provider', pin: '2468' };
    case 'reviewRetry':
      return { token: SUPERVISOR_TOKEN, id: randomUUID(), note: 'customer waiting' };
    case 'reviewCancel':
    case 'reviewPurgeImages':
      return { token: SUPERVISOR_TOKEN, id: randomUUID(), reason: 'checked by hand' };
    case 'reviewOverride':
      return { token: SUPERVISOR_TOKEN, id: randomUUID(), decision: 'accepted', reason: 'checked by hand', pin: '2468' };
    case 'reviewConfirmOverride':
      return { token: SUPERVISOR_TOKEN, pendingId: randomUUID(), pin: '8642' };
    case 'reviewDiscardOverride':
      return { token: SUPERVISOR_TOKEN, pendingId: randomUUID() };
    case 'reviewHealth':
      return { token: SUPERVISOR_TOKEN, days: 14, tzOffsetMinutes: 60 };
    case 'reviewResumeProvider':
      return { token: SUPERVISOR_TOKEN, provider: 'zignsec' };
    case 'reviewAudit':
      return { token: SUPERVISOR_TOKEN, limit: 50 };
    case 'reviewExport':
      return { token: SUPERVISOR_TOKEN, kind: 'audit', format: 'csv', from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' };
    default:
      // A new contract call needs one known-valid request here, or the fuzz control cannot prove it reachable.
      throw new Error(`test/unit/electron/ipc-helpers.ts has no valid request for the contract call "${name}"`);
  }
}
