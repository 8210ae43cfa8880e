// Parsers for the small LDS files read before anything else (ICAO 9303 Part 10): EF.COM (which data groups
// the chip holds), DG1 (the MRZ as the chip stores it) and EF.CardAccess (whether PACE is offered).
import * as asn1js from 'asn1js';
import { ChipError } from './errors';
import { readTlv, readTlvs, TlvError } from './tlv';

/** The data-group tags of EF.COM's tag list and of each DG file's outer tag (ICAO 9303 Part 10, table 39). */
const DATA_GROUP_TAGS: Record<number, number> = {
  0x61: 1, 0x75: 2, 0x63: 3, 0x76: 4, 0x65: 5, 0x66: 6, 0x67: 7, 0x68: 8,
  0x69: 9, 0x6a: 10, 0x6b: 11, 0x6c: 12, 0x6d: 13, 0x6e: 14, 0x6f: 15, 0x70: 16,
};

function malformed(file: string, cause?: unknown): ChipError {
  const detail = cause instanceof TlvError ? ` (${cause.message})` : '';
  return new ChipError('bad-apdu', `The chip's ${file} is not well-formed${detail}.`);
}

function outer(bytes: Uint8Array, tag: number, file: string): Uint8Array {
  try {
    const { tlv } = readTlv(bytes);
    if (tlv.tag !== tag) throw malformed(file);
    return tlv.value;
  } catch (e) {
    throw e instanceof ChipError ? e : malformed(file, e);
  }
}

export interface EfCom {
  /** e.g. "0107" for LDS 1.7 */
  ldsVersion: string | null;
  unicodeVersion: string | null;
  /** Data-group numbers the chip says it holds, in EF.COM's order. */
  dataGroups: number[];
}

export function parseEfCom(bytes: Uint8Array): EfCom {
  const body = outer(bytes, 0x60, 'EF.COM');
  let items;
  try {
    items = readTlvs(body);
  } catch (e) {
    throw malformed('EF.COM', e);
  }
  const text = (tag: number): string | null => {
    const item = items.find((t) => t.tag === tag);
    return item ? Buffer.from(item.value).toString('latin1') : null;
  };
  const list = items.find((t) => t.tag === 0x5c);
  if (!list) throw malformed('EF.COM');
  const dataGroups = [...list.value].map((tag) => {
    const dg = DATA_GROUP_TAGS[tag];
    if (dg === undefined) throw malformed('EF.COM');
    return dg;
  });
  return { ldsVersion: text(0x5f01), unicodeVersion: text(0x5f36), dataGroups };
}

export function dataGroupNumberOfTag(tag: number): number | undefined {
  return DATA_GROUP_TAGS[tag];
}

/** The MRZ held in DG1, split into its lines (TD1: 3 × 30, TD2: 2 × 36, TD3: 2 × 44). */
export function parseDg1(bytes: Uint8Array): { mrz: string; lines: string[] } {
  const body = outer(bytes, 0x61, 'DG1');
  let mrzTlv;
  try {
    mrzTlv = readTlvs(body).find((t) => t.tag === 0x5f1f);
  } catch (e) {
    throw malformed('DG1', e);
  }
  if (!mrzTlv) throw malformed('DG1');
  const mrz = Buffer.from(mrzTlv.value).toString('latin1');
  if (!/^[A-Z0-9<]+$/.test(mrz)) throw malformed('DG1');
  const width = mrz.length === 90 ? 30 : mrz.length === 72 ? 36 : mrz.length === 88 ? 44 : 0;
  if (width === 0) throw malformed('DG1');
  const lines: string[] = [];
  for (let i = 0; i < mrz.length; i += width) lines.push(mrz.slice(i, i + width));
  return { mrz, lines };
}

const ID_PACE = '0.4.0.127.0.7.2.2.4';
const MAPPINGS: Record<string, PaceInfo['mapping']> = {
  '1': 'DH-GM', '2': 'ECDH-GM', '3': 'DH-IM', '4': 'ECDH-IM', '6': 'ECDH-CAM',
};
const CIPHERS: Record<string, PaceInfo['cipher']> = { '1': '3DES', '2': 'AES-128', '3': 'AES-192', '4': 'AES-256' };

export interface PaceInfo {
  protocol: string;
  mapping: 'DH-GM' | 'ECDH-GM' | 'DH-IM' | 'ECDH-IM' | 'ECDH-CAM';
  cipher: '3DES' | 'AES-128' | 'AES-192' | 'AES-256';
  version: number;
  /** Standardized domain parameter id (BSI TR-03110 Part 3, table 4), e.g. 12 = NIST P-256. */
  parameterId: number | null;
}

/** The PACEInfo entries of EF.CardAccess (a DER SET OF SecurityInfo); other SecurityInfos are skipped. */
export function parseCardAccess(bytes: Uint8Array): PaceInfo[] {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Set)) throw malformed('EF.CardAccess');
  const out: PaceInfo[] = [];
  for (const info of parsed.result.valueBlock.value) {
    if (!(info instanceof asn1js.Sequence)) throw malformed('EF.CardAccess');
    const [oid, required, param] = info.valueBlock.value;
    if (!(oid instanceof asn1js.ObjectIdentifier)) throw malformed('EF.CardAccess');
    const protocol = oid.valueBlock.toString();
    if (!protocol.startsWith(`${ID_PACE}.`)) continue;
    const arcs = protocol.slice(ID_PACE.length + 1).split('.');
    if (arcs.length !== 2) continue; // PACEDomainParameterInfo has one arc fewer
    const mapping = MAPPINGS[arcs[0]!];
    const cipher = CIPHERS[arcs[1]!];
    if (!mapping || !cipher || !(required instanceof asn1js.Integer)) continue;
    out.push({
      protocol,
      mapping,
      cipher,
      version: required.valueBlock.valueDec,
      parameterId: param instanceof asn1js.Integer ? param.valueBlock.valueDec : null,
    });
  }
  return out;
}

export type AccessChoice = { method: 'pace'; info: PaceInfo } | { method: 'bac' };

/**
 * PACE when EF.CardAccess offers a version-2 PACEInfo whose mapping and cipher this kiosk supports, BAC
 * otherwise (no EF.CardAccess, unreadable, or only unsupported PACE variants: ICAO 9303 Part 11, 4.2).
 */
export function chooseAccess(
  cardAccess: Uint8Array | null,
  supported: (info: PaceInfo) => boolean = (i) => i.mapping === 'ECDH-GM' && i.cipher !== '3DES',
): AccessChoice {
  if (!cardAccess) return { method: 'bac' };
  let infos: PaceInfo[];
  try {
    infos = parseCardAccess(cardAccess);
  } catch {
    return { method: 'bac' };
  }
  const info = infos.find((i) => i.version === 2 && supported(i));
  return info ? { method: 'pace', info } : { method: 'bac' };
}
