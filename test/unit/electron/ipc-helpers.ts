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

export function validRequest(name: CallName): Record<string, unknown> {
  switch (name) {
    case 'getStatus':
    case 'listDevices':
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
    case 'cancelVerification':
      return { verificationId: randomUUID() };
    case 'startPreview':
      return { verificationId: randomUUID(), side: 'front', deviceId: 'specimen:camera' };
    case 'stopPreview':
    case 'getDevicePreference':
      return {};
    case 'setDevicePreference':
      return { deviceId: 'specimen:camera' };
    case 'watchDevices':
      return { active: true };
    default:
      // A new contract call needs one known-valid request here, or the fuzz control cannot prove it reachable.
      throw new Error(`test/unit/electron/ipc-helpers.ts has no valid request for the contract call "${name}"`);
  }
}
