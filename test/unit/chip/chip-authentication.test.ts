// Chip authentication (clone detection). The key agreement and session keys against published values: with
// the chip key and terminal scalar of ICAO 9303 Part 11 Appendix G.1's key agreement (brainpoolP256r1), CA with
// AES-128 must derive that appendix's KSenc/KSmac (the same ECDH and KDF); the 3DES KDF gives Appendix D.2's
// keys from its Kseed. DG14 as openssl writes an explicit-parameter key is read. Then the protocol against the
// tests' emulated passport called directly, after real BAC or PACE: genuine chip → passed; a clone (DG14
// copied, another private key) → failed; no DG14 → not supported by the document; DH only → not by the kiosk.
// Active authentication (DG15, when there is no chip authentication): ECDSA and RSA ISO 9796-2 (a signature
// made by openssl rsautl -raw is checked), genuine chip passes, clone fails; chip authentication is preferred.
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { afterAll, describe, expect, it } from 'vitest';
import { performBac, type Transmit } from '../../../main/chip/bac';
import { chipAuthenticationSessionKeys, performChipAuthentication } from '../../../main/chip/chip-authentication';
import { checkForClone, type CloneCheck } from '../../../main/chip/clone-check';
import { OID_CA_DH, OID_CA_ECDH, OID_PK_DH, OID_PK_ECDH, parseDg14, supportedChipAuthenticationKey, type ChipAuthenticationKey } from '../../../main/chip/dg14';
import { buildDhDg14, dg14Of } from '../../../main/chip/dg14-build';
import { modPow, type DhGroup } from '../../../main/chip/dh-group';
import { ChipError } from '../../../main/chip/errors';
import { FILE_IDS, readFile } from '../../../main/chip/file-reader';
import { parseCardAccess } from '../../../main/chip/lds-files';
import { decryptChipAuthenticationData, performPace, type ChipAuthenticationMapping } from '../../../main/chip/pace';
import type { SecureChannel } from '../../../main/chip/secure-messaging';
import { decodeCommand, encodeCommand, parseResponse } from '../../../main/chip/apdu';
import { encodeTlv } from '../../../main/chip/tlv';
import { EmulatedPassport, PACE_CAM_CARD_ACCESS, PACE_CAM_PROTOCOL, PACE_CARD_ACCESS } from '../../integration/chip/support/emulated-passport';
import { activeAuthenticationSignature } from '../../integration/chip/support/active-authentication-chip';
import { activeAuthenticationHash, parseDg15, verifyActiveAuthentication, verifyIso9796Signature } from '../../../main/chip/active-authentication';
import { activeAuthenticationKeys, chipAuthenticationKeys, dg1Of, efCom, FID, SPECIMEN_ACCESS, SPECIMEN_MRZ_LINES } from '../../integration/chip/support/passport-data';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();
const dir = mkdtempSync(join(tmpdir(), 'chip-ca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

/** Appendix G.1: the chip's key-agreement public key and the terminal's key-agreement scalar. */
const G1_CHIP_KEY = hex('049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094');
const G1_TERMINAL_SCALAR = 0xa73fb703ac1436a18e0cfa5abb3f7bec7a070e7a6788486bee230c4a22762595n;

/** A channel that passes commands in the clear, so the protocol's own APDUs can be compared byte for byte. */
const clearChannel: SecureChannel = { wrap: (c) => encodeCommand(c), unwrap: (r) => parseResponse(r) };

describe('chip authentication key agreement and session keys', () => {
  it('derives Appendix G.1\'s AES-128 session keys from its key pair, sending MSE:Set AT and GENERAL AUTHENTICATE', async () => {
    const [key] = parseDg14(dg14WithRawKey(G1_CHIP_KEY, 'AES-128'));
    expect(key).toMatchObject({ protocol: OID_CA_ECDH['AES-128'], agreement: 'ECDH', cipher: 'AES-128', keyId: null, curve: { name: 'brainpoolP256r1' } });
    const sent: string[] = [];
    const answers = ['9000', '7C009000'];
    const transmit: Transmit = async (c) => (sent.push(toHex(c)), hex(answers[sent.length - 1]!));
    const result = await performChipAuthentication(clearChannel, transmit, key!, G1_TERMINAL_SCALAR);
    expect(toHex(result.ksEnc)).toBe('F5F0E35C0D7161EE6724EE513A0D9A7F');
    expect(toHex(result.ksMac)).toBe('FE251C7858B356B24514B3BD5F4297D1');
    expect(sent[0]).toBe('002241A40C800A04007F00070202030202');
    expect(sent[1]).toMatch(/^00860000457C43804104[0-9A-F]{128}00$/);
    expect(result.sm.sendSequenceCounter).toEqual(Buffer.alloc(16));
  });

  it('derives 3DES session keys with the ICAO KDF (Appendix D.2 Kseed → Kenc, Kmac) and sends MSE:Set KAT', async () => {
    const keys = chipAuthenticationSessionKeys(hex('239AB9CB282DAF66231DC5A4DF6BFBAE'), '3DES');
    expect(toHex(keys.ksEnc)).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(toHex(keys.ksMac)).toBe('7962D9ECE03D1ACD4C76089DCE131543');
    const [key] = parseDg14(dg14WithRawKey(G1_CHIP_KEY, '3DES'));
    const sent: string[] = [];
    const result = await performChipAuthentication(clearChannel, async (c) => (sent.push(toHex(c)), hex('9000')), key!, G1_TERMINAL_SCALAR);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^002241A643914104[0-9A-F]{128}$/);
    expect(result.sm.sendSequenceCounter).toEqual(Buffer.alloc(8));
  });

  it('reads a DG14 key written by openssl with explicit brainpoolP256r1 parameters, and a keyId', () => {
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:brainpoolP256r1', '-pkeyopt', 'ec_param_enc:explicit', '-out', join(dir, 'k.pem')]);
    execFileSync('openssl', ['pkey', '-in', join(dir, 'k.pem'), '-pubout', '-outform', 'DER', '-out', join(dir, 'k.der')]);
    const spki = asn1js.fromBER(readFileSync(join(dir, 'k.der'))).result;
    expect((spki as asn1js.Sequence).valueBlock.value.length).toBe(2);
    const dg14 = encodeTlv(0x6e, Buffer.from(new asn1js.Set({
      value: [
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_CA_ECDH['AES-256'] }), new asn1js.Integer({ value: 1 }), new asn1js.Integer({ value: 7 })] }),
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_PK_ECDH }), spki, new asn1js.Integer({ value: 7 })] }),
        // an active authentication info and a terminal authentication info are not chip authentication
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '2.23.136.1.1.5' }), new asn1js.Integer({ value: 1 }), new asn1js.ObjectIdentifier({ value: '0.4.0.127.0.7.1.1.4.1.3' })] }),
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '0.4.0.127.0.7.2.2.2' }), new asn1js.Integer({ value: 1 })] }),
      ],
    }).toBER()));
    const keys = parseDg14(dg14);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ cipher: 'AES-256', keyId: 7, curve: { name: 'brainpoolP256r1' } });
    expect(supportedChipAuthenticationKey(keys)).toBe(keys[0]);
  });

  it('takes a DG14 key without ChipAuthenticationInfo as CA with 3DES, and refuses a malformed DG14 in a sentence', () => {
    const ours = parseDg14(chipAuthenticationKeys({ named: true }).dg14)[0]!;
    const bare = encodeTlv(0x6e, Buffer.from(new asn1js.Set({ value: [spkiInfo(ours.publicPoint!)] }).toBER()));
    expect(parseDg14(bare)).toMatchObject([{ protocol: OID_CA_ECDH['3DES'], cipher: '3DES', curve: { name: 'brainpoolP256r1' } }]);
    expect(() => parseDg14(hex('6E03010203'))).toThrow(/DG14 is not well-formed/);
    expect(() => parseDg14(hex('6F00'))).toThrow(/does not start with tag 6E/);
  });
});

function spkiInfo(point: Uint8Array): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: OID_PK_ECDH }),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.10045.2.1' }), new asn1js.ObjectIdentifier({ value: '1.3.36.3.3.2.8.1.1.7' })] }),
          new asn1js.BitString({ valueHex: point }),
        ],
      }),
    ],
  });
}

function dg14WithRawKey(point: Uint8Array, cipher: ChipAuthenticationKey['cipher']): Buffer {
  return encodeTlv(0x6e, Buffer.from(new asn1js.Set({
    value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_CA_ECDH[cipher] }), new asn1js.Integer({ value: 1 })] }), spkiInfo(point)],
  }).toBER()));
}

const COM = efCom([0x61, 0x6e]);

/** Opens the emulated passport with BAC (or PACE) and runs the clone check as the reading session does. */
type CardOptions = ConstructorParameters<typeof EmulatedPassport>[0];
async function cloneCheckOf(options: {
  dg14?: Buffer; dg15?: Buffer; aaKey?: KeyObject; key?: CardOptions['chipAuthentication']; pace?: boolean; cut?: number;
  longAnswers?: CardOptions['longAnswers']; log?: Array<{ command: Buffer; answer: Buffer }>; cam?: boolean;
}): Promise<CloneCheck> {
  const files = new Map<number, Buffer>([[FID.COM, COM], [FID.DG1, dg1Of(SPECIMEN_MRZ_LINES)]]);
  if (options.dg14) files.set(FID.DG14, options.dg14);
  if (options.dg15) files.set(FID.DG15, options.dg15);
  if (options.pace) files.set(FID.CARD_ACCESS, options.cam ? PACE_CAM_CARD_ACCESS : PACE_CARD_ACCESS);
  const card = new EmulatedPassport({
    access: SPECIMEN_ACCESS, files, ...(options.key ? { chipAuthentication: options.key } : {}), ...(options.aaKey ? { activeAuthentication: options.aaKey } : {}),
    ...(options.longAnswers ? { longAnswers: options.longAnswers } : {}),
  });
  let sent = 0;
  let cutFrom = Infinity;
  const transmit: Transmit = async (c) => {
    if (sent++ >= cutFrom) throw new ChipError('link-lost', 'The document was moved away from the reader while it was being read.');
    const answer = card.execute(c);
    options.log?.push({ command: c, answer });
    return answer;
  };
  let sm: SecureChannel;
  let cam: ChipAuthenticationMapping | undefined;
  if (options.pace) {
    ({ sm, cam } = await performPace(transmit, SPECIMEN_ACCESS, parseCardAccess(options.cam ? PACE_CAM_CARD_ACCESS : PACE_CARD_ACCESS)[0]!));
    sm.unwrap(await transmit(sm.wrap({ cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: hex('A0000002471001') })));
  } else {
    await transmit(encodeCommand({ cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: hex('A0000002471001') }));
    sm = (await performBac(transmit, SPECIMEN_ACCESS)).sm;
  }
  const com = await readFile(sm, transmit, FILE_IDS.COM);
  const dg14 = options.dg14 ? await readFile(sm, transmit, FILE_IDS.DG14) : undefined;
  const dg15 = options.dg15 ? await readFile(sm, transmit, FILE_IDS.DG15) : undefined;
  if (options.cut !== undefined) cutFrom = sent + options.cut;
  return checkForClone({ sm, transmit, dg14, dg15, com, cam });
}

describe('clone check against the emulated passport', () => {
  for (const [access, cipher] of [['BAC', 'AES-128'], ['BAC', '3DES'], ['PACE', 'AES-256'], ['PACE', '3DES']] as const) {
    it(`passes a genuine chip (${access}, then CA with ${cipher}) and fails its clone`, async () => {
      const keys = chipAuthenticationKeys({ cipher, curveName: cipher === 'AES-256' ? 'NIST P-384' : 'brainpoolP256r1' });
      const pace = access === 'PACE';
      expect(await cloneCheckOf({ dg14: keys.dg14, key: keys.genuine, pace })).toMatchObject({ status: 'passed', method: 'chip-authentication', cipher });
      expect(await cloneCheckOf({ dg14: keys.dg14, key: keys.cloneKey, pace })).toMatchObject({ status: 'failed', method: 'chip-authentication' });
    });
  }

  it('fails a copy that does not run chip authentication at all (DG14 copied onto a chip without CA)', async () => {
    const keys = chipAuthenticationKeys();
    expect(await cloneCheckOf({ dg14: keys.dg14 })).toMatchObject({ status: 'failed' });
  });

  it('records "not supported" for a chip without DG14 (by the document) and for DH-only chip authentication (by the kiosk)', async () => {
    expect(await cloneCheckOf({})).toEqual({
      status: 'not-supported', by: 'document', detail: 'The chip holds neither DG14 nor DG15 (no chip or active authentication key).',
    });
    const dhOnly = encodeTlv(0x6e, Buffer.from(new asn1js.Set({
      value: [
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '0.4.0.127.0.7.2.2.3.1.2' }), new asn1js.Integer({ value: 1 })] }),
        new asn1js.Sequence({
          value: [
            new asn1js.ObjectIdentifier({ value: '0.4.0.127.0.7.2.2.1.1' }),
            new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.3.1' })] }), new asn1js.BitString({ valueHex: hex('0201') })] }),
          ],
        }),
      ],
    }).toBER()));
    expect(await cloneCheckOf({ dg14: dhOnly })).toMatchObject({
      status: 'not-supported', by: 'kiosk', detail: 'The chip offers chip authentication with DH with a group or key the kiosk cannot use, which this kiosk does not run.',
    });
  });

  it('lets a document taken off during chip authentication end the reading as interrupted, not as a clone', async () => {
    const keys = chipAuthenticationKeys();
    for (const cut of [0, 1, 2, 3]) {
      await expect(cloneCheckOf({ dg14: keys.dg14, key: keys.genuine, cut }), `cut at CA command ${cut}`).rejects.toThrow(/moved away|connection to the chip was lost/);
    }
  });
});

// RFC 5114 section 2.1: the 1024-bit MODP group with a 160-bit prime order subgroup (TR-03110's standardized
// DH domain parameters 0), as used by ICAO 9303 Part 11's DH worked examples.
const RFC5114_1024: DhGroup = {
  p: BigInt('0xB10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B616073E28675A23D189838EF1E2EE652C013ECB4AEA906112324975C3CD49B83BFACCBDD7D90C4BD7098488E9C219A73724EFFD6FAE5644738FAA31A4FF55BCCC0A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708DF1FB2BC2E4A4371'),
  g: BigInt('0xA4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF14266D31266FEA1E5C41564B777E690F5504F213160217B4B01B886A5E91547F9E2749F4D7FBD7D3B9A92EE1909D0D2263F80A76A6A24C087A091F531DBF0A0169B6A28AD662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24855E6EEB22B3B2E5'),
  q: BigInt('0xF518AA8781A8DF278ABA4E7D64B7CB9D49462353'),
};
// ICAO 9303 Part 11 (8th edition), worked example PACE with DH (integrated mapping), key agreement: the chip's
// public key, the terminal's private key, and the AES-128 keys derived from K = PK^SK mod p. The same DH and
// KDF make chip authentication's session keys (values cross-checked against the public test
// nl.zienit icao_examples PACE_DH_IMTest; values only).
const IM_DH_CHIP_KEY = BigInt('0x928D9A0F9DBA450F13FC859C6F290D1D36E42431138A4378500BEB4E0401854CFF111F71CB6DC1D0335807A11388CC8EAA87B07907AAD9FBA6B169AF6D8C26AF8DDDC39ADC3AD2E3FF882B84D23E9768E95A80E4746FB07A9767679FE92133B4D379935C771BD7FBED6C7BB4B1708B275EA75679524CDC9C6A91370CC662A2F3');
const IM_DH_TERMINAL_KEY = BigInt('0x4BD0E54740F9A028E6A515BFDAF967848C4F5F5FFF65AA0915947FFD1A0DF2FA6981271BC905F3551457B7E03AC3B8066DE4AA406C1171FB43DD939C4BA16175103BA3DEE16419AA248118F90CC36A3D6F4C373652E0C3CCE7F0F1D0C5425B3600F0F0D6A67F004C8BBA33F2B4733C7252445C1DFC4F1107203F71D2EFB28161');

/** An openssl X9.42 DH key in an RFC 5114 group (1: 1024/160, 3: 2048/256): DG14's SPKI DER and the private exponent. */
function opensslDhKey(rfc5114: 1 | 3, name: string): { spki: Buffer; x: bigint } {
  const params = join(dir, `${name}.params.pem`);
  execFileSync('openssl', ['genpkey', '-genparam', '-algorithm', 'DHX', '-pkeyopt', `dh_rfc5114:${rfc5114}`, '-out', params], { stdio: 'ignore' });
  execFileSync('openssl', ['genpkey', '-paramfile', params, '-out', join(dir, `${name}.pem`)], { stdio: 'ignore' });
  const spki = execFileSync('openssl', ['pkey', '-in', join(dir, `${name}.pem`), '-pubout', '-outform', 'DER']);
  const pkcs8 = execFileSync('openssl', ['pkey', '-in', join(dir, `${name}.pem`), '-outform', 'DER']);
  const info = asn1js.fromBER(pkcs8).result as asn1js.Sequence;
  const inner = asn1js.fromBER((info.valueBlock.value[2] as asn1js.OctetString).valueBlock.valueHexView).result as asn1js.Integer;
  return { spki, x: BigInt(`0x${Buffer.from(inner.valueBlock.valueHexView).toString('hex')}`) };
}

describe('PACE with Chip Authentication Mapping (PACE-CAM)', () => {
  it('decrypts ICAO 9303-11 Appendix I\'s encrypted chip authentication data to its CA_IC', () => {
    // Appendix I (PACE-CAM worked example): KSenc, A_IC and CA_IC (values cross-checked against a public
    // dmrtd test quoting that appendix; values only). IV = E(KSenc, FF…FF) = F6A3B75A….
    const ksEnc = hex('0A9DA4DB03BDDE39FC5202BC44B2E89E');
    const aIc = hex('1EEA964DAAE372AC990E3EFDE6333353BFC89A6704D93DA8798CF77F5B7A54BD10CBA372B42BE0B9B5F28AA8DE2F4F92');
    expect(decryptChipAuthenticationData(ksEnc, aIc).toString(16).toUpperCase()).toBe('85DC3FA93D0952BFA82F5FD189EE75BD82F11D1F0B8ED4BF5319AC9B53C426B3');
  });

  it('proves the chip with its chip authentication data after PACE (no further command); its clone fails', async () => {
    const keys = chipAuthenticationKeys();
    const log: Array<{ command: Buffer; answer: Buffer }> = [];
    expect(await cloneCheckOf({ dg14: keys.dg14, key: keys.genuine, pace: true, cam: true, log })).toEqual({
      status: 'passed', method: 'chip-authentication', protocol: PACE_CAM_PROTOCOL, curve: 'brainpoolP256r1', cipher: 'AES-128',
    });
    // The last GENERAL AUTHENTICATE answer carried 86 (token) and 8A (encrypted CA data); no chip authentication followed.
    const last = log.filter((e) => e.command[1] === 0x86).at(-1)!;
    // CA_IC is 32 bytes; padding method 2 adds a whole block: 48 bytes encrypted.
    expect(toHex(last.answer)).toMatch(/^7C3C8608[0-9A-F]{16}8A30[0-9A-F]{96}9000$/);
    expect(log.some((e) => (e.command[0]! & 0x0c) === 0x0c && e.command[1] === 0x22)).toBe(false);
    // A copy holds DG14 but another static key: its CA data does not tie its mapping key to DG14's key.
    expect(await cloneCheckOf({ dg14: keys.dg14, key: keys.cloneKey, pace: true, cam: true })).toMatchObject({ status: 'failed', method: 'chip-authentication' });
  });

  it('cannot check PACE-CAM without DG14 (recorded by the document), and refuses malformed CA data', async () => {
    const keys = chipAuthenticationKeys();
    expect(await cloneCheckOf({ key: keys.genuine, pace: true, cam: true })).toMatchObject({ status: 'not-supported', by: 'document' });
    expect(() => decryptChipAuthenticationData(Buffer.alloc(16, 1), Buffer.alloc(15))).toThrow(/not well-formed/);
    expect(() => decryptChipAuthenticationData(Buffer.alloc(16, 1), Buffer.alloc(16))).toThrow(ChipError);
  });
});

describe('chip authentication with a DH key (id-CA-DH)', () => {
  it('derives the ICAO DH worked example\'s AES-128 session keys, sending MSE:Set AT id-CA-DH-AES-CBC-CMAC-128 and the public value', async () => {
    const [key] = parseDg14(buildDhDg14({ group: RFC5114_1024, y: IM_DH_CHIP_KEY, cipher: 'AES-128' }));
    expect(key).toMatchObject({ protocol: OID_CA_DH['AES-128'], agreement: 'DH', cipher: 'AES-128', curve: null });
    expect(key!.dh).toEqual({ group: RFC5114_1024, y: IM_DH_CHIP_KEY });
    expect(supportedChipAuthenticationKey([key!])).toBe(key);
    const sent: string[] = [];
    const answers = ['9000', '7C009000'];
    const transmit: Transmit = async (c) => (sent.push(toHex(c)), hex(answers[sent.length - 1]!));
    const result = await performChipAuthentication(clearChannel, transmit, key!, IM_DH_TERMINAL_KEY);
    expect(toHex(result.ksEnc)).toBe('01AFC10CF87BE36D8179E87370171F07');
    expect(toHex(result.ksMac)).toBe('23F0FBD05FD6C7B8B88F4C8309669061');
    expect(sent[0]).toBe('002241A40C800A04007F00070202030102');
    // 7C 81 83 { 80 81 80 <g^t mod p, 128 bytes> }, Le 00.
    expect(sent[1]).toMatch(/^00860000867C8183808180[0-9A-F]{256}00$/);
    expect(sent[1]!.slice(22, 22 + 256)).toBe(toHex(Buffer.from(modPow(RFC5114_1024.g, IM_DH_TERMINAL_KEY, RFC5114_1024.p).toString(16).padStart(256, '0'), 'hex')));
  });

  it('reads DG14 keys openssl writes (X9.42, RFC 5114 groups) and refuses unusable ones', () => {
    for (const [group, bits] of [[1, 1024], [3, 2048]] as const) {
      const { spki } = opensslDhKey(group, `dh-read-${group}`);
      const [key] = parseDg14(dg14Of(OID_CA_DH['3DES'], OID_PK_DH, asn1js.fromBER(spki).result));
      expect(key?.dh?.group.p.toString(2).length).toBe(bits);
      expect(supportedChipAuthenticationKey([key!])).toBe(key);
    }
    // A public value outside the subgroup of order q (p - 1 has order 2), and a 512-bit group.
    const outside = parseDg14(buildDhDg14({ group: RFC5114_1024, y: RFC5114_1024.p - 1n, cipher: 'AES-128' }))[0]!;
    expect(outside.dh).toBeNull();
    expect(supportedChipAuthenticationKey([outside])).toBeNull();
    const small = { p: (1n << 511n) + 187n, g: 2n, q: 3n };
    expect(parseDg14(buildDhDg14({ group: small, y: 4n, cipher: 'AES-128' }))[0]!.dh).toBeNull();
  });

  for (const [rfc5114, cipher, pace] of [[1, 'AES-128', true], [3, '3DES', false], [3, 'AES-256', false]] as const) {
    it(`passes a genuine chip with an openssl DH key (RFC 5114 group ${rfc5114}, ${cipher}, after ${pace ? 'PACE' : 'BAC'}) and fails its clone`, async () => {
      const { spki, x } = opensslDhKey(rfc5114, `dh-${rfc5114}-${cipher}`);
      const dg14 = dg14Of(OID_CA_DH[cipher], OID_PK_DH, asn1js.fromBER(spki).result);
      const group = parseDg14(dg14)[0]!.dh!.group;
      const log: Array<{ command: Buffer; answer: Buffer }> = [];
      expect(await cloneCheckOf({ dg14, key: { curveName: 'DH', dh: group, privateKey: x, cipher }, pace, log })).toEqual({
        status: 'passed', method: 'chip-authentication', protocol: OID_CA_DH[cipher], curve: `DH ${rfc5114 === 1 ? 1024 : 2048}-bit`, cipher,
      });
      // A 2048-bit public value under 3DES secure messaging outgrows a short MSE:Set KAT: it went extended.
      const kat = log.find((e) => e.command[1] === 0x22 && e.command[3] === 0xa6);
      if (cipher === '3DES') expect(decodeCommand(kat!.command).extended).toBe(true);
      expect(await cloneCheckOf({ dg14, key: { curveName: 'DH', dh: group, privateKey: x + 1n, cipher }, pace })).toMatchObject({ status: 'failed', method: 'chip-authentication' });
    });
  }
});

describe('active authentication (DG15) when the chip has no chip authentication', () => {
  for (const type of ['ec', 'rsa'] as const) {
    it(`passes a genuine chip (${type === 'ec' ? 'ECDSA P-256' : 'RSA-1024, ISO 9796-2'}) and fails its clone (DG15 copied, another key)`, async () => {
      const keys = activeAuthenticationKeys(type);
      expect(await cloneCheckOf({ dg15: keys.dg15, aaKey: keys.genuine })).toEqual({
        status: 'passed', method: 'active-authentication', algorithm: type === 'ec' ? 'ECDSA prime256v1' : 'RSA-1024',
      });
      expect(await cloneCheckOf({ dg15: keys.dg15, aaKey: keys.cloneKey })).toMatchObject({
        status: 'failed', method: 'active-authentication', message: expect.stringContaining('active authentication failed'),
      });
      // A copy that does not answer INTERNAL AUTHENTICATE at all.
      expect(await cloneCheckOf({ dg15: keys.dg15 })).toMatchObject({ status: 'failed', method: 'active-authentication' });
    });
  }

  describe('RSA-2048 (a 256-byte signature: its protected answer is longer than a short response)', () => {
    // The chip's key is made by openssl, the clone's by node.
    execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', join(dir, 'aa2048.pem')], { stdio: 'ignore' });
    const genuine = createPrivateKey(readFileSync(join(dir, 'aa2048.pem')));
    const dg15 = encodeTlv(0x6f, createPublicKey(genuine).export({ format: 'der', type: 'spki' }));
    const clone = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const internalAuthenticate = (log: Array<{ command: Buffer }>) => log.filter((e) => e.command[1] === 0x88).map((e) => e.command);

    for (const pace of [false, true]) {
      it(`passes over an extended-length INTERNAL AUTHENTICATE (${pace ? 'PACE, AES' : 'BAC, 3DES'}); the clone fails`, async () => {
        const log: Array<{ command: Buffer; answer: Buffer }> = [];
        expect(await cloneCheckOf({ dg15, aaKey: genuine, pace, log })).toEqual({ status: 'passed', method: 'active-authentication', algorithm: 'RSA-2048' });
        const [command] = internalAuthenticate(log);
        const decoded = decodeCommand(command!);
        // Extended form: Lc as 00 + two bytes, Le 0000 (up to 65536); DO'97' inside asks for 0000 too.
        expect(decoded).toMatchObject({ extended: true, le: 65536 });
        expect(command!.subarray(4, 5)).toEqual(Buffer.from([0]));
        expect(toHex(decoded.data)).toContain('97020000');
        const answer = log.find((e) => e.command === command)!.answer;
        expect(answer.length).toBeGreaterThan(258);
        expect(await cloneCheckOf({ dg15, aaKey: clone, pace })).toMatchObject({ status: 'failed', method: 'active-authentication' });
      });
    }

    it('passes when the chip gives its answer in parts (61XX), fetched with GET RESPONSE', async () => {
      const log: Array<{ command: Buffer; answer: Buffer }> = [];
      expect(await cloneCheckOf({ dg15, aaKey: genuine, longAnswers: 'parts', log })).toMatchObject({ status: 'passed', algorithm: 'RSA-2048' });
      const i = log.findIndex((e) => e.command[1] === 0x88);
      expect(log[i]!.answer.subarray(-2, -1)).toEqual(Buffer.from([0x61]));
      expect(log[i]!.answer.length).toBe(258);
      expect(toHex(log[i + 1]!.command)).toMatch(/^00C00000[0-9A-F]{2}$/);
      expect(log[i + 1]!.answer.subarray(-2)).toEqual(Buffer.from([0x90, 0x00]));
      expect(await cloneCheckOf({ dg15, aaKey: clone, longAnswers: 'parts' })).toMatchObject({ status: 'failed' });
    });

    it('fails a chip that refuses the extended command (it cannot prove the key; a clone may answer so)', async () => {
      expect(await cloneCheckOf({ dg15, aaKey: genuine, longAnswers: 'short-only' })).toMatchObject({ status: 'failed', method: 'active-authentication' });
    });

    it('keeps ECDSA P-256 and RSA-1024 in short APDUs', async () => {
      for (const type of ['ec', 'rsa'] as const) {
        const keys = activeAuthenticationKeys(type);
        const log: Array<{ command: Buffer; answer: Buffer }> = [];
        expect(await cloneCheckOf({ dg15: keys.dg15, aaKey: keys.genuine, log, longAnswers: 'short-only' })).toMatchObject({ status: 'passed' });
        expect(decodeCommand(internalAuthenticate(log)[0]!)).toMatchObject({ extended: false, le: 256 });
      }
    });
  });

  it('prefers chip authentication when the chip offers both', async () => {
    const ca = chipAuthenticationKeys();
    const aa = activeAuthenticationKeys('ec');
    expect(await cloneCheckOf({ dg14: ca.dg14, key: ca.genuine, dg15: aa.dg15, aaKey: aa.cloneKey })).toMatchObject({ status: 'passed', method: 'chip-authentication' });
  });

  it('checks an ISO 9796-2 signature made by openssl rsautl -raw (SHA-1 and SHA-256 trailers), and nothing else', () => {
    execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', join(dir, 'rsa.pem')]);
    execFileSync('openssl', ['pkey', '-in', join(dir, 'rsa.pem'), '-pubout', '-outform', 'DER', '-out', join(dir, 'rsa.der')]);
    const key = parseDg15(encodeTlv(0x6f, readFileSync(join(dir, 'rsa.der'))));
    const challenge = hex('F173589974BF40C6'); // the random number of ICAO 9303-11 Appendix D's worked example
    for (const [hash, trailer] of [['sha1', 'BC'], ['sha256', '34CC']] as const) {
      const hashLength = hash === 'sha1' ? 20 : 32;
      const m1 = randomBytes(128 - 1 - hashLength - trailer.length / 2);
      const f = Buffer.concat([hex('6A'), m1, createHash(hash).update(m1).update(challenge).digest(), hex(trailer)]);
      execFileSync('openssl', ['rsautl', '-sign', '-raw', '-inkey', join(dir, 'rsa.pem'), '-out', join(dir, 'sig.bin')], { input: f, stdio: ['pipe', 'ignore', 'ignore'] });
      const signature = readFileSync(join(dir, 'sig.bin'));
      expect(verifyIso9796Signature(key, challenge, signature), hash).toBe(true);
      expect(verifyIso9796Signature(key, hex('F173589974BF40C7'), signature), `${hash}, other challenge`).toBe(false);
      const spoilt = Buffer.from(signature);
      spoilt[5] = spoilt[5]! ^ 1;
      expect(verifyIso9796Signature(key, challenge, spoilt), `${hash}, spoilt`).toBe(false);
    }
  });

  it('uses the ECDSA hash DG14\'s ActiveAuthenticationInfo names', () => {
    const aa = activeAuthenticationKeys('ec');
    const key = parseDg15(aa.dg15);
    const challenge = hex('F173589974BF40C6');
    const signature = activeAuthenticationSignature(aa.genuine, challenge); // SHA-256 for P-256
    const dg14Naming = (oid: string) => encodeTlv(0x6e, Buffer.from(new asn1js.Set({
      value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '2.23.136.1.1.5' }), new asn1js.Integer({ value: 1 }), new asn1js.ObjectIdentifier({ value: oid })] })],
    }).toBER()));
    expect(activeAuthenticationHash(dg14Naming('0.4.0.127.0.7.1.1.4.1.3'))).toBe('sha256');
    expect(verifyActiveAuthentication(key, challenge, signature, activeAuthenticationHash(dg14Naming('0.4.0.127.0.7.1.1.4.1.3')))).toBe(true);
    expect(verifyActiveAuthentication(key, challenge, signature, activeAuthenticationHash(dg14Naming('1.2.840.10045.4.3.4')))).toBe(false); // SHA-512 named
    expect(verifyActiveAuthentication(key, challenge, signature, null)).toBe(true); // not named: the key's size decides
    expect(() => parseDg15(hex('6F03010203'))).toThrow(/DG15 is not well-formed/);
  });

  it('lets a document taken off during active authentication end the reading as interrupted', async () => {
    const aa = activeAuthenticationKeys('ec');
    await expect(cloneCheckOf({ dg15: aa.dg15, aaKey: aa.genuine, cut: 0 })).rejects.toThrow(/moved away/);
  });
});
