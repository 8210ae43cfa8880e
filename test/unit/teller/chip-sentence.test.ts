// The teller's sentence for a chip read: a verified read names the signing state in alpha-3 so the screen
// can name it in the teller's language, and says so when the signer's revocation list is out of date;
// training keeps its TRAINING sentence; the failures map to their own keys.
import { describe, expect, it } from 'vitest';
import { chipSentence, type ChipSentenceInput } from '../../../main/teller/chip-sentence';

const base: ChipSentenceInput = { outcome: 'verified', reason: null, country: 'BE', training: false, accessKey: 'mrz' };

describe('chipSentence', () => {
  it('a verified read with a current revocation list, or none installed: the plain verified sentence', () => {
    expect(chipSentence({ ...base, revocation: { status: 'not-revoked', reason: null } })).toEqual({ key: 'chip_verified', params: { country: 'BEL' } });
    expect(chipSentence({ ...base, revocation: { status: 'unknown', reason: 'no-crl' } })).toEqual({ key: 'chip_verified', params: { country: 'BEL' } });
  });

  it('a verified read whose revocation list has expired says the revocation status is unknown', () => {
    expect(chipSentence({ ...base, revocation: { status: 'unknown', reason: 'crl-expired' } })).toEqual({ key: 'chip_verified_revocation_unknown', params: { country: 'BEL' } });
  });

  it('training keeps its own sentence; failures keep theirs', () => {
    expect(chipSentence({ ...base, country: 'UT', training: true, revocation: { status: 'unknown', reason: 'no-crl' } }).key).toBe('chip_verified_training');
    expect(chipSentence({ ...base, outcome: 'clone-check-failed', revocation: null }).key).toBe('chip_clone_check_failed');
  });
});
