// Clone detection for one reading. When DG14 (already read and checked by passive authentication) offers
// chip authentication in a variant the kiosk runs, run it and prove it by reading EF.COM again under the new
// session keys — the bytes must come back intact and equal to what was read before. Otherwise, when DG15
// holds an active authentication key, the chip must sign a fresh random challenge with it. A chip that
// refuses, cannot answer under the new keys or signs wrongly does not hold the private key its state signed:
// it is likely a copy. A document offering neither, or only variants the kiosk does not run, is recorded
// as such, not failed. After PACE-CAM the chip has already answered: its chip authentication data must tie
// its mapping key to DG14's static key (PK_Map,IC = CA·PK_IC); no further command is sent.
import type { Transmit } from './bac';
import { activeAuthenticationHash, describeKey, parseDg15, performActiveAuthentication } from './active-authentication';
import { performChipAuthentication } from './chip-authentication';
import { chipAuthenticationMappingHolds, type ChipAuthenticationMapping } from './pace';
import { parseDg14, supportedChipAuthenticationKey, type ChipAuthenticationKey } from './dg14';
import { ChipError, isLinkLost } from './errors';
import { FILE_IDS, readFile } from './file-reader';
import type { SecureChannel } from './secure-messaging';

export type CloneCheck =
  | { status: 'passed'; method: 'chip-authentication'; protocol: string; curve: string; cipher: string }
  | { status: 'passed'; method: 'active-authentication'; algorithm: string }
  | { status: 'failed'; method: 'chip-authentication' | 'active-authentication'; message: string }
  /** `by: 'document'`: neither DG14 nor DG15 (no clone detection on this chip); `by: 'kiosk'`: a variant not run here. */
  | { status: 'not-supported'; by: 'document' | 'kiosk'; detail: string }
  /** Not tried because the reading had already failed (passive authentication). */
  | { status: 'not-run'; detail: string };

export const CLONE_MESSAGE =
  'The chip did not prove it holds the key its issuing state signed (chip authentication failed): the chip is likely a copy of a genuine one.';
export const CLONE_MESSAGE_AA =
  'The chip did not prove it holds the key its issuing state signed (active authentication failed): the chip is likely a copy of a genuine one.';

export interface CloneCheckInput {
  sm: SecureChannel;
  transmit: Transmit;
  /** DG14 as read, or undefined when EF.COM does not list it. */
  dg14: Uint8Array | undefined;
  /** DG15 as read, or undefined when EF.COM does not list it. */
  dg15?: Uint8Array | undefined;
  /** EF.COM as read before, compared with the copy read under the new keys. */
  com: Uint8Array;
  /** Fixed ephemeral scalar (tests); random otherwise. */
  ephemeralScalar?: bigint;
  /** What PACE-CAM left to check, when the chip was opened with it. */
  cam?: ChipAuthenticationMapping | undefined;
}

const CAM_CIPHERS: Record<string, string> = { '2': 'AES-128', '3': 'AES-192', '4': 'AES-256' };

/**
 * PACE-CAM's proof against DG14's static keys on the PACE curve: passed when one of them satisfies
 * PK_Map,IC = CA·PK_IC, failed when none does; null when DG14 holds no such key (the check cannot be made).
 */
function checkChipAuthenticationMapping(cam: ChipAuthenticationMapping, dg14: Uint8Array | undefined): CloneCheck | null {
  if (!dg14) return null;
  let keys: ChipAuthenticationKey[];
  try {
    keys = parseDg14(dg14);
  } catch {
    return null;
  }
  const candidates = keys.filter((k) => k.agreement === 'ECDH' && k.curve?.name === cam.curveName && k.publicPoint !== null);
  if (candidates.length === 0) return null;
  if (!candidates.some((k) => chipAuthenticationMappingHolds(cam, k.publicPoint!))) return { status: 'failed', method: 'chip-authentication', message: CLONE_MESSAGE };
  return { status: 'passed', method: 'chip-authentication', protocol: cam.protocol, curve: cam.curveName, cipher: CAM_CIPHERS[cam.protocol.split('.').pop()!] ?? 'AES' };
}

/** The curve's name, or for DH the group's size (e.g. "DH 2048-bit"). */
function groupName(key: ChipAuthenticationKey): string {
  if (key.agreement === 'DH') return `DH ${key.dh ? key.dh.group.p.toString(2).length : '?'}-bit`;
  return key.curve!.name;
}

async function runChipAuthentication(input: CloneCheckInput, key: ChipAuthenticationKey): Promise<CloneCheck> {
  const failed: CloneCheck = { status: 'failed', method: 'chip-authentication', message: CLONE_MESSAGE };
  try {
    const { sm } = await performChipAuthentication(input.sm, input.transmit, key, input.ephemeralScalar);
    const again = await readFile(sm, input.transmit, FILE_IDS.COM);
    if (!again.equals(Buffer.from(input.com))) return failed;
    return { status: 'passed', method: 'chip-authentication', protocol: key.protocol, curve: groupName(key), cipher: key.cipher };
  } catch (e) {
    if (isLinkLost(e)) throw e;
    if (e instanceof ChipError) return failed;
    throw e;
  }
}

async function runActiveAuthentication(input: CloneCheckInput, dg15: Uint8Array): Promise<CloneCheck> {
  let key;
  try {
    key = parseDg15(dg15);
  } catch (e) {
    return { status: 'not-supported', by: 'kiosk', detail: e instanceof ChipError ? e.message : 'DG15 cannot be read.' };
  }
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    return { status: 'not-supported', by: 'kiosk', detail: `DG15 holds a ${key.asymmetricKeyType ?? 'unknown'} key, which this kiosk does not check.` };
  }
  try {
    if (await performActiveAuthentication(input.sm, input.transmit, key, activeAuthenticationHash(input.dg14))) {
      return { status: 'passed', method: 'active-authentication', algorithm: describeKey(key) };
    }
  } catch (e) {
    if (isLinkLost(e)) throw e;
    if (!(e instanceof ChipError)) throw e;
  }
  return { status: 'failed', method: 'active-authentication', message: CLONE_MESSAGE_AA };
}

export async function checkForClone(input: CloneCheckInput): Promise<CloneCheck> {
  const mapped = input.cam ? checkChipAuthenticationMapping(input.cam, input.dg14) : null;
  if (mapped) return mapped;
  let caNotRun: string | null = null;
  if (input.dg14) {
    let keys: ChipAuthenticationKey[] = [];
    try {
      keys = parseDg14(input.dg14);
    } catch (e) {
      caNotRun = e instanceof ChipError ? e.message : 'DG14 cannot be read.';
    }
    const key = supportedChipAuthenticationKey(keys);
    if (key) return runChipAuthentication(input, key);
    if (keys.length > 0) {
      const offered = keys.map((k) => (k.agreement === 'DH' ? 'DH with a group or key the kiosk cannot use' : `ECDH on ${k.curve?.name ?? 'a curve the kiosk does not know'}`)).join(', ');
      caNotRun = `The chip offers chip authentication with ${offered}, which this kiosk does not run.`;
    }
  }
  if (input.dg15) return runActiveAuthentication(input, input.dg15);
  if (caNotRun) return { status: 'not-supported', by: 'kiosk', detail: caNotRun };
  if (input.dg14) return { status: 'not-supported', by: 'document', detail: 'DG14 holds no chip authentication key and the chip has no DG15.' };
  return { status: 'not-supported', by: 'document', detail: 'The chip holds neither DG14 nor DG15 (no chip or active authentication key).' };
}
