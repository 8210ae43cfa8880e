// A chip read's outcome as the teller's sentence: a catalogue key (translated on the screen) chosen from
// the outcome, the passive-authentication reason and how the key was obtained. The country parameter is
// the signing state's alpha-3 code when it has one (the CSCA names it in alpha-2), so the screen names it
// in the teller's language; a code without an alpha-3 form (a training state) is passed as it is. A verified
// read whose signer's revocation list is out of date says so: the signature holds, the revocation is unknown.
import { iso31661 } from 'iso-3166';
import type { ChipRevocation } from '../../shared/contract-chip';
import { kioskMessage, type KioskMessage } from '../../shared/kiosk-message';

const ALPHA3 = new Map(iso31661.map((c) => [c.alpha2, c.alpha3]));

export interface ChipSentenceInput {
  outcome: string;
  reason: string | null;
  country: string | null;
  training: boolean;
  accessKey: 'mrz' | 'typed';
  revocation?: ChipRevocation | null;
}

function notAuthentic(reason: string | null): KioskMessage {
  switch (reason) {
    case 'data-group-altered':
    case 'data-group-not-in-sod':
      return kioskMessage('chip_altered');
    case 'signature-invalid':
      return kioskMessage('chip_signature_invalid');
    case 'signer-not-trusted':
      return kioskMessage('chip_signer_not_trusted');
    case 'signer-not-valid-at-date':
    case 'csca-not-valid-at-date':
      return kioskMessage('chip_signer_expired');
    case 'signer-revoked':
      return kioskMessage('chip_signer_revoked');
    default:
      return kioskMessage('chip_sod_malformed');
  }
}

export function chipSentence(r: ChipSentenceInput): KioskMessage {
  switch (r.outcome) {
    case 'verified': {
      const code = r.country ? (ALPHA3.get(r.country.toUpperCase()) ?? r.country) : '?';
      if (r.training) return kioskMessage('chip_verified_training', { country: code });
      if (r.revocation?.reason === 'crl-expired') return kioskMessage('chip_verified_revocation_unknown', { country: code });
      return kioskMessage('chip_verified', { country: code });
    }
    case 'differs-from-printed-page':
      return kioskMessage('chip_differs');
    case 'not-authentic':
      return notAuthentic(r.reason);
    case 'clone-check-failed':
      return kioskMessage('chip_clone_check_failed');
    case 'access-denied':
      return r.accessKey === 'typed' ? kioskMessage('chip_access_denied_typed') : kioskMessage('chip_access_denied');
    case 'interrupted':
      return kioskMessage('chip_interrupted');
    case 'no-document':
      return kioskMessage('chip_no_document');
    case 'reader-unavailable':
      return kioskMessage('chip_reader_unavailable');
    default:
      return kioskMessage('chip_unreadable');
  }
}
