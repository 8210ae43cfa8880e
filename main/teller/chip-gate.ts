// The submit gate's chip rule (config chip.mode = 'required'): a document that carries a chip — every
// passport, and an ID card on which the kiosk found a machine-readable zone — is sent only after its chip
// was read and verified (signed by a trusted state and equal to the printed page). A training read never
// counts on a live kiosk, nor a live read on a training kiosk. With chip.revocationUnknown 'refuse', a read
// whose document signer's revocation is unknown (no current CRL from its CSCA) does not count either.
import type { Verification } from '../../shared/domain';
import { kioskMessage } from '../../shared/kiosk-message';
import type { KioskConfig } from '../config';
import { KioskError } from '../errors';
import { bestMrz } from '../precheck/policy';
import type { PrecheckService } from '../precheck/service';
import { createChipReadStore, type ChipReadRecord } from '../store/chip-reads';
import type { Store } from '../store/store';

export type ChipMode = KioskConfig['chip']['mode'];
export type RevocationUnknownPolicy = KioskConfig['chip']['revocationUnknown'];

/** A verified read whose signer's revocation was not checked against a current CRL (or not recorded). */
export function revocationUnchecked(read: ChipReadRecord): boolean {
  return read.revocation?.status !== 'not-revoked';
}

/**
 * The latest read verified the chip and its MRZ equals the printed page's, on a kiosk of the read's kind;
 * under `refuse`, its signer was also checked against a current CRL.
 */
export function chipVerified(read: ChipReadRecord | null, training: boolean, revocationUnknown: RevocationUnknownPolicy = 'warn'): read is ChipReadRecord {
  return read !== null && read.outcome === 'verified' && read.printedMrzMatch === true && read.training === training &&
    (revocationUnknown === 'warn' || !revocationUnchecked(read));
}

/** Whether the document is expected to carry a chip: a passport, or an ID card with an MRZ found on it. */
export function chipExpected(v: Verification): boolean {
  if (v.documentType === 'passport') return true;
  if (v.documentType !== 'id_card') return false;
  const mrz = bestMrz(v.captures.map((c) => c.precheck));
  return mrz !== null && mrz.status !== 'unreadable';
}

export interface ChipGateDeps {
  store: Store;
  precheck: Pick<PrecheckService, 'attach'>;
  mode: () => ChipMode;
  /** config chip.revocationUnknown; 'warn' when absent. */
  revocationUnknown?: () => RevocationUnknownPolicy;
  training: boolean;
}

/** Throws the teller's sentence when the chip policy refuses the submit; returns otherwise. */
export function createChipSubmitGate(deps: ChipGateDeps): (v: Verification) => void {
  const reads = createChipReadStore(deps.store.db);
  return (v) => {
    if (deps.mode() !== 'required') return;
    if (!chipExpected(deps.precheck.attach(v))) return;
    const read = reads.latest(v.id);
    const policy = deps.revocationUnknown?.() ?? 'warn';
    if (chipVerified(read, deps.training, policy)) return;
    if (chipVerified(read, deps.training)) {
      // Verified, but the bank refuses a signer whose revocation could not be checked.
      throw new KioskError('conflict', kioskMessage('chip_revocation_refused'));
    }
    throw new KioskError('conflict', kioskMessage('chip_required'));
  };
}
