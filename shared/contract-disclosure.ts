// What each call and event may carry about customers. Tellers see a customer's identity and images
// only while they are working on that verification; everything else comes masked, and full data
// needs a supervisor session. Main enforces this table at both hosts (main/teller/disclosure.ts);
// test/integration/web/teller-disclosure.test.ts walks every call against it.
import type { CallName, EventName } from './contract';
import type { VerificationState } from './domain';

/**
 * - `none`: no customer data at all (status, devices, countries, preferences …).
 * - `working`: verifications in full only while the teller works on them (see isWorkingVerification);
 *   any other verification is masked: names as initials, no date of birth, no document or personal
 *   number, no per-zone field values, no MRZ read, no images (previews, portrait).
 * - `supervisor`: refused without a live supervisor session; then full data.
 */
export type Disclosure = 'none' | 'working' | 'supervisor';

/** How long after its last change a verification still counts as the teller's current one. */
export const DEFAULT_FULL_DATA_MINUTES = 15;

export const CALL_DISCLOSURE = {
  getStatus: 'none',
  listDevices: 'none',
  startVerification: 'working',
  capture: 'working',
  submit: 'working',
  getVerification: 'working',
  listVerifications: 'working',
  cancelVerification: 'working',
  issuingCountries: 'none',
  setIssuingCountry: 'working',
  readChip: 'working',
  listChipReaders: 'none',
  chipStatus: 'working',
  chipFace: 'working',
  chipResult: 'working',
  placeTrainingChip: 'working',
  startPreview: 'none',
  stopPreview: 'none',
  getDevicePreference: 'none',
  setDevicePreference: 'none',
  watchDevices: 'none',
  getProviderPageOffer: 'none',
  openProviderPage: 'working',
  supervisorStatus: 'none',
  supervisorSetup: 'none',
  supervisorLogin: 'none',
  supervisorLogout: 'supervisor',
  supervisorAdd: 'supervisor',
  reviewList: 'supervisor',
  reviewCounts: 'supervisor',
  reviewAlerts: 'supervisor',
  reviewAcknowledgeAlert: 'supervisor',
  reviewDismissAlert: 'supervisor',
  reviewDetail: 'supervisor',
  reviewRetry: 'supervisor',
  reviewCancel: 'supervisor',
  reviewOverride: 'supervisor',
  reviewConfirmOverride: 'supervisor',
  reviewDiscardOverride: 'supervisor',
  reviewPurgeImages: 'supervisor',
  reviewHealth: 'supervisor',
  reviewRunRetention: 'supervisor',
  reviewResumeProvider: 'supervisor',
  reviewAudit: 'supervisor',
  reviewVerifyAudit: 'supervisor',
  reviewExport: 'supervisor',
  recoveryStatus: 'none',
  recoveryBackups: 'supervisor',
  recoveryRequest: 'supervisor',
  recoveryConfirm: 'supervisor',
  recoveryDiscard: 'supervisor',
} as const satisfies Record<CallName, Disclosure>;

/** Events go to the teller's screen, so they follow the teller's rule. */
export const EVENT_DISCLOSURE = {
  verificationUpdated: 'working',
  queueChanged: 'none',
  previewFrame: 'working',
  previewState: 'working',
  devicesChanged: 'none',
  supervisorRequested: 'none',
  chipReadProgress: 'none',
  chipReadersChanged: 'none',
} as const satisfies Record<EventName, Disclosure>;

/**
 * The teller is working on a verification while it is being captured, and for `windowMs` after its
 * last change (so the outcome screen shows the customer it just decided on).
 */
export function isWorkingVerification(v: { state: VerificationState; updatedAt: string }, now: Date, windowMs: number): boolean {
  if (v.state === 'capturing') return true;
  const changed = Date.parse(v.updatedAt);
  return Number.isFinite(changed) && now.getTime() - changed <= windowMs;
}
