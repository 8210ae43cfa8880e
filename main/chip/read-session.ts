// One reading of a document chip, start to finish: EF.CardAccess (is PACE offered?), access control (PACE
// when offered in a variant the kiosk supports, BAC otherwise) and the eMRTD application, EF.COM, EF.SOD and the data groups the kiosk uses, then passive authentication and DG1
// against the printed MRZ, then clone detection (chip authentication when DG14 offers it, else active authentication with DG15). Every way it can end is an outcome with a plain sentence, never an exception:
// the teller sees what happened and, when the document was moved away, reads again.
import type { MrzAccessFields } from './access-key';
import { encodeCommand, parseResponse, SW_OK } from './apdu';
import { performBac, type Transmit } from './bac';
import { faceImageOfDg2, type ChipFaceImage } from './dg2-face';
import { checkForClone, type CloneCheck } from './clone-check';
import { ChipError, isLinkLost } from './errors';
import { FILE_IDS, readFile } from './file-reader';
import { chooseAccess, parseDg1, parseEfCom } from './lds-files';
import { passiveAuthentication, type PassiveAuthFailure, type RevocationCheck, type TrustStore } from './passive-auth';
import { compareWithPrintedMrz, type PrintedMrzComparison } from './printed-mrz-match';
import { paceSupported, performPace, type ChipAuthenticationMapping } from './pace';
import type { SecureChannel } from './secure-messaging';
import { readTlvHeader } from './tlv';

export const EMRTD_AID = Buffer.from('A0000002471001', 'hex');
const CARD_ACCESS_FID = 0x011c;

/** Data groups read when EF.COM lists them: MRZ, face, and the two that carry clone-detection keys. */
export const DATA_GROUPS_READ = [1, 2, 14, 15] as const;
const DG_FILE_IDS: Record<number, number> = { 1: FILE_IDS.DG1, 2: FILE_IDS.DG2, 14: FILE_IDS.DG14, 15: FILE_IDS.DG15 };

export type ChipFileName = 'EF.COM' | 'EF.SOD' | `DG${number}`;

export interface ChipReadProgress {
  stage: 'access' | 'reading' | 'verifying';
  /** The file being read (stage "reading"). */
  file?: ChipFileName;
  /** Bytes of that file read so far and its length. */
  read?: number;
  total?: number;
  /** The whole reading, 0-100, for "reading 60 %". */
  percent: number;
}

export interface ChipReadRequest {
  transmit: Transmit;
  /** Document number, date of birth and expiry: from the MRZ the kiosk read, or typed by the teller. */
  access: MrzAccessFields;
  /** The MRZ read from the printed page, line by line; null when the teller typed the access fields. */
  printedMrz: string[] | null;
  trust: TrustStore;
  /** When validity is judged; now unless given. */
  at?: Date;
  onProgress?: (progress: ChipReadProgress) => void;
}

/** What was read; present in every outcome reached after the data groups were read. */
export interface ChipEvidence {
  /** PACE when EF.CardAccess offers a variant the kiosk supports, BAC otherwise. */
  accessMethod: 'pace' | 'bac';
  /** EF.CardAccess offered PACE (of any variant). */
  paceOffered: boolean;
  /** The chip's MRZ (DG1), line by line. */
  mrzLines: string[];
  /** Data-group number → the file exactly as read (the bytes passive authentication hashed). */
  dataGroups: Map<number, Buffer>;
  sod: Buffer;
  face: ChipFaceImage | null;
  /** Clone detection: chip authentication passed or failed, or not supported by the document (no DG14) or the kiosk. */
  cloneCheck: CloneCheck;
}

export type ChipReadResult =
  | { outcome: 'verified'; message: string; country: string | null; signerSubject: string; printedMrz: PrintedMrzComparison | null; revocation: RevocationCheck; evidence: ChipEvidence }
  | { outcome: 'clone-check-failed'; message: string; country: string | null; signerSubject: string; evidence: ChipEvidence }
  | { outcome: 'differs-from-printed-page'; message: string; country: string | null; printedMrz: Extract<PrintedMrzComparison, { match: false }>; evidence: ChipEvidence }
  | { outcome: 'not-authentic'; reason: PassiveAuthFailure; message: string; dataGroups?: number[]; evidence: ChipEvidence }
  | { outcome: 'access-denied'; message: string }
  | { outcome: 'interrupted'; message: string; retry: true }
  | { outcome: 'unreadable'; message: string };

const INTERRUPTED = 'The document was moved away from the reader before the chip was read. Place it on the reader again, keep it still, and read again.';

/** Share of the whole reading each step takes, by typical file sizes (DG2 dominates; DG14/DG15 are small). */
const WEIGHT = { access: 5, 'EF.COM': 3, 'EF.SOD': 12, DG1: 3, small: 3, rest: 72, verifying: 5 } as const;

const linkLost = isLinkLost;

async function plain(transmit: Transmit, command: Parameters<typeof encodeCommand>[0]) {
  return parseResponse(await transmit(encodeCommand(command)));
}

/** EF.CardAccess, read without secure messaging before access control; null when the chip has none. */
async function readCardAccess(transmit: Transmit): Promise<Buffer | null> {
  const select = await plain(transmit, { cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Buffer.from([CARD_ACCESS_FID >> 8, CARD_ACCESS_FID & 0xff]) });
  if (select.sw !== SW_OK) return null;
  const head = await plain(transmit, { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 });
  if (head.sw !== SW_OK || head.data.length < 2) return null;
  let total: number;
  try {
    const h = readTlvHeader(head.data);
    total = h.headerLength + h.valueLength;
  } catch {
    return null;
  }
  const parts = [head.data];
  let read = head.data.length;
  while (read < total) {
    const r = await plain(transmit, { cla: 0, ins: 0xb0, p1: read >> 8, p2: read & 0xff, le: Math.min(0xe0, total - read) });
    if (r.sw !== SW_OK || r.data.length === 0) return null;
    parts.push(r.data);
    read += r.data.length;
  }
  return Buffer.concat(parts).subarray(0, total);
}

export async function readAndVerifyChip(request: ChipReadRequest): Promise<ChipReadResult> {
  const { transmit } = request;
  const report = (p: ChipReadProgress) => request.onProgress?.({ ...p, percent: Math.min(100, Math.round(p.percent)) });
  let done = 0;
  try {
    report({ stage: 'access', percent: 0 });
    const cardAccess = await readCardAccess(transmit);
    const paceOffered = chooseAccess(cardAccess, () => true).method === 'pace';
    const choice = chooseAccess(cardAccess, paceSupported);
    const noApplication: ChipReadResult = { outcome: 'unreadable', message: 'The chip does not hold a passport (eMRTD) application.' };
    let sm: SecureChannel;
    let cam: ChipAuthenticationMapping | undefined; // PACE-CAM's proof, checked with DG14 after passive authentication
    if (choice.method === 'pace') {
      // PACE runs in the master file; the application is then selected under secure messaging.
      ({ sm, cam } = await performPace(transmit, request.access, choice.info));
      const app = sm.unwrap(await transmit(sm.wrap({ cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID })));
      if (app.sw !== SW_OK) return noApplication;
    } else {
      // BAC: select the application in the clear, then authenticate (ICAO 9303 Part 11, 4.3).
      const app = await plain(transmit, { cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID });
      if (app.sw !== SW_OK) return noApplication;
      sm = (await performBac(transmit, request.access)).sm;
    }
    const accessMethod = choice.method;
    done += WEIGHT.access;

    const readWeighted = async (channel: SecureChannel, file: ChipFileName, fileId: number, weight: number): Promise<Buffer> => {
      const start = done;
      const bytes = await readFile(channel, transmit, fileId, ({ read, total }) =>
        report({ stage: 'reading', file, read, total, percent: start + (weight * read) / total }));
      done = start + weight;
      return bytes;
    };

    const comBytes = await readWeighted(sm, 'EF.COM', FILE_IDS.COM, WEIGHT['EF.COM']);
    const com = parseEfCom(comBytes);
    if (!com.dataGroups.includes(1)) return { outcome: 'unreadable', message: 'The chip does not list its MRZ data group (DG1).' };
    const sod = await readWeighted(sm, 'EF.SOD', FILE_IDS.SOD, WEIGHT['EF.SOD']);
    const wanted = DATA_GROUPS_READ.filter((n) => com.dataGroups.includes(n));
    const small = wanted.filter((n) => n === 14 || n === 15).length;
    const dataGroups = new Map<number, Buffer>();
    for (const n of wanted) {
      // DG2's share is what DG14/DG15 leave of the rest (all of it when the chip holds no DG2).
      const rest = WEIGHT.rest - small * WEIGHT.small;
      const weight = n === 1 ? WEIGHT.DG1 : n === 2 ? rest : wanted.includes(2) ? WEIGHT.small : WEIGHT.rest / small;
      dataGroups.set(n, await readWeighted(sm, `DG${n}`, DG_FILE_IDS[n]!, weight));
    }

    report({ stage: 'verifying', percent: done });
    const mrzLines = parseDg1(dataGroups.get(1)!).lines;
    let face: ChipFaceImage | null = null;
    if (dataGroups.has(2)) {
      try {
        face = faceImageOfDg2(dataGroups.get(2)!);
      } catch {
        face = null; // passive authentication still judges DG2's bytes; only the picture is missing
      }
    }
    const pa = await passiveAuthentication({ sod, dataGroups, trust: request.trust, ...(request.at ? { at: request.at } : {}) });
    if (!pa.ok) {
      report({ stage: 'verifying', percent: 100 });
      const cloneCheck: CloneCheck = { status: 'not-run', detail: 'The chip\'s data failed passive authentication, so its key was not tried.' };
      const evidence: ChipEvidence = { accessMethod, paceOffered, mrzLines, dataGroups, sod, face, cloneCheck };
      return { outcome: 'not-authentic', reason: pa.reason, message: pa.message, ...(pa.dataGroups ? { dataGroups: pa.dataGroups } : {}), evidence };
    }
    // DG14 is now known to be what the state signed, so its key is the one the chip must prove it holds.
    const cloneCheck = await checkForClone({ sm, transmit, dg14: dataGroups.get(14), dg15: dataGroups.get(15), com: comBytes, cam });
    report({ stage: 'verifying', percent: 100 });
    const evidence: ChipEvidence = { accessMethod, paceOffered, mrzLines, dataGroups, sod, face, cloneCheck };
    if (cloneCheck.status === 'failed') {
      return { outcome: 'clone-check-failed', message: cloneCheck.message, country: pa.country, signerSubject: pa.signerSubject, evidence };
    }
    const printedMrz = request.printedMrz ? compareWithPrintedMrz(mrzLines, request.printedMrz) : null;
    if (printedMrz && !printedMrz.match) {
      return { outcome: 'differs-from-printed-page', message: printedMrz.message, country: pa.country, printedMrz, evidence };
    }
    const verifiedBy = pa.country ? `Chip verified by ${pa.country}.` : 'Chip verified.';
    return {
      outcome: 'verified',
      message: pa.revocation.status === 'unknown' && pa.revocation.reason === 'crl-expired' ? `${verifiedBy} ${pa.revocation.message}` : verifiedBy,
      country: pa.country,
      signerSubject: pa.signerSubject,
      printedMrz,
      revocation: pa.revocation,
      evidence,
    };
  } catch (e) {
    if (linkLost(e)) return { outcome: 'interrupted', message: INTERRUPTED, retry: true };
    if (e instanceof ChipError) {
      if (e.code === 'access-denied' || e.code === 'bad-access-key') return { outcome: 'access-denied', message: e.message };
      return { outcome: 'unreadable', message: `The chip could not be read: ${e.message}` };
    }
    throw e;
  }
}
