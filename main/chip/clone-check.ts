// Clone detection for one reading: when DG14 (already read and hashed by passive authentication) offers
// chip authentication in a variant the kiosk runs, run it and prove it by reading EF.COM again under the new
// session keys — the bytes must come back intact and equal to what was read before. A chip that refuses,
// or cannot answer under the new keys, does not hold the private key its state signed: it is likely a copy.
// A document without DG14, or offering only variants the kiosk does not run, is recorded as such, not failed.
import type { Transmit } from './bac';
import { performChipAuthentication } from './chip-authentication';
import { parseDg14, supportedChipAuthenticationKey } from './dg14';
import { ChipError, isLinkLost } from './errors';
import { FILE_IDS, readFile } from './file-reader';
import type { SecureChannel } from './secure-messaging';

export type CloneCheck =
  | { status: 'passed'; method: 'chip-authentication'; protocol: string; curve: string; cipher: string }
  | { status: 'failed'; method: 'chip-authentication'; message: string }
  /** `by: 'document'`: no DG14 (the chip offers no clone detection); `by: 'kiosk'`: a variant not run here. */
  | { status: 'not-supported'; by: 'document' | 'kiosk'; detail: string }
  /** Not tried because the reading had already failed (passive authentication). */
  | { status: 'not-run'; detail: string };

export const CLONE_MESSAGE =
  'The chip did not prove it holds the key its issuing state signed (chip authentication failed): the chip is likely a copy of a genuine one.';

export interface CloneCheckInput {
  sm: SecureChannel;
  transmit: Transmit;
  /** DG14 as read, or undefined when EF.COM does not list it. */
  dg14: Uint8Array | undefined;
  /** EF.COM lists DG15 (an active authentication key). */
  dg15Listed?: boolean;
  /** EF.COM as read before, compared with the copy read under the new keys. */
  com: Uint8Array;
  /** Fixed ephemeral scalar (tests); random otherwise. */
  ephemeralScalar?: bigint;
}

export async function checkForClone(input: CloneCheckInput): Promise<CloneCheck> {
  if (!input.dg14) {
    if (input.dg15Listed) {
      return { status: 'not-supported', by: 'kiosk', detail: 'The chip offers only active authentication (DG15), which this kiosk does not run yet.' };
    }
    return { status: 'not-supported', by: 'document', detail: 'The chip holds no DG14 (no chip authentication key).' };
  }
  let keys;
  try {
    keys = parseDg14(input.dg14);
  } catch (e) {
    return { status: 'not-supported', by: 'kiosk', detail: e instanceof ChipError ? e.message : 'DG14 cannot be read.' };
  }
  const key = supportedChipAuthenticationKey(keys);
  if (!key) {
    if (keys.length === 0) return { status: 'not-supported', by: 'document', detail: 'DG14 holds no chip authentication key.' };
    const offered = keys.map((k) => (k.agreement === 'DH' ? 'DH' : `ECDH on ${k.curve?.name ?? 'a curve the kiosk does not know'}`)).join(', ');
    return { status: 'not-supported', by: 'kiosk', detail: `The chip offers chip authentication with ${offered}, which this kiosk does not run.` };
  }
  const failed = (): CloneCheck => ({ status: 'failed', method: 'chip-authentication', message: CLONE_MESSAGE });
  try {
    const { sm } = await performChipAuthentication(input.sm, input.transmit, key, input.ephemeralScalar);
    const again = await readFile(sm, input.transmit, FILE_IDS.COM);
    if (!again.equals(Buffer.from(input.com))) return failed();
    return { status: 'passed', method: 'chip-authentication', protocol: key.protocol, curve: key.curve!.name, cipher: key.cipher };
  } catch (e) {
    if (isLinkLost(e)) throw e;
    if (e instanceof ChipError) return failed();
    throw e;
  }
}
