// The teller's chip read of a verification's document: the access key comes from the MRZ the kiosk read
// exactly (every check digit passing), or from the document number and dates the teller typed (check
// digits computed here, never taken from the screen) — with neither it is refused —, the chip service
// reads and verifies the chip on the first reader holding a document (in training, the virtual ePassport
// of the scanned specimen), the chip's MRZ is compared with the page's reading, and the result is stored
// with the verification (face picture kept on the kiosk) and audited with its outcome and whether the key
// was typed. The teller's sentence is a catalogue key (chip-sentence.ts).
import type { ChipAccessInput, ChipCloneCheck, ChipReadSummary, ChipRevocation } from '../../shared/contract-chip';
import { kioskMessage } from '../../shared/kiosk-message';
import type { CallRequest } from '../../shared/contract';
import type { MrzPrecheck } from '../../shared/precheck';
import type { MrzAccessFields } from '../chip/access-key';
import { accessFieldsOf, compareChipWithReading, isoToMrzDate } from '../chip/mrz-reading-fields';
import type { CloneCheck } from '../chip/clone-check';
import type { RevocationCheck } from '../chip/passive-auth';
import type { ChipService, ChipServiceResult } from '../chip/service';
import type { TrainingChipKit } from '../chip/training-chip';
import { KioskError } from '../errors';
import type { KioskEvents } from '../events';
import { bestMrz } from '../precheck/policy';
import type { PrecheckService } from '../precheck/service';
import { createChipReadStore, type ChipReadRecord } from '../store/chip-reads';
import type { Store } from '../store/store';
import { chipSentence } from './chip-sentence';
import { createTrainingPlacement } from './chip-training-place';

export interface ChipReadDeps {
  store: Store;
  precheck: Pick<PrecheckService, 'attach'>;
  events: KioskEvents;
  chip: ChipService;
  /** Training mode: the virtual ePassport kit whose reader `chip` reads. */
  training: TrainingChipKit | null;
  /** ICAO states the MRZ parser accepts besides the real ones (training specimens only). */
  extraStates?: readonly string[];
  /** Today, for checking a typed date of birth (tests set it). */
  now?: () => Date;
}

/** The typed fields as the key derivation takes them (MRZ dates); the check digits are computed from them. */
function typedAccess(input: ChipAccessInput, today: Date): MrzAccessFields {
  if (input.dateOfBirth > today.toISOString().slice(0, 10)) throw new KioskError('bad_request', kioskMessage('chip_date_of_birth_future'));
  return { documentNumber: input.documentNumber, dateOfBirth: isoToMrzDate(input.dateOfBirth), dateOfExpiry: isoToMrzDate(input.dateOfExpiry) };
}

export function createReadChip(deps: ChipReadDeps) {
  const reads = createChipReadStore(deps.store.db);
  const trainingChip = createTrainingPlacement(deps);

  return async ({ verificationId, access: typed }: CallRequest<'readChip'>): Promise<ChipReadSummary> => {
    const stored = deps.store.getVerification(verificationId);
    if (!stored) throw new KioskError('not_found', kioskMessage('verification_gone'));
    if (stored.state !== 'capturing') throw new KioskError('conflict', kioskMessage('chip_not_capturing'));
    const best = bestMrz(deps.precheck.attach(stored).captures.map((c) => c.precheck));
    // Only an exact reading is compared with the chip's MRZ; a doubtful one would report false differences.
    const mrz = accessFieldsOf(best) ? best : null;
    const accessKey = typed ? 'typed' : 'mrz';
    const access = typed ? typedAccess(typed, (deps.now ?? (() => new Date()))()) : accessFieldsOf(mrz);
    if (!access) throw new KioskError('conflict', kioskMessage('chip_no_exact_mrz'));
    if (deps.training) {
      // The virtual ePassport is made from the page the kiosk read; a typed key then has to open it.
      await trainingChip.placeFrom(verificationId, mrz);
    }

    const listing = deps.chip.listReaders();
    const reader = listing.readers.find((r) => r.cardPresent) ?? listing.readers[0];
    let result: ChipServiceResult;
    try {
      result = reader
        ? await deps.chip.read({
            readerName: reader.name,
            access,
            // DG1 is compared with the page's reading field by field below (the reading keeps fields, not lines).
            printedMrz: null,
            onProgress: (p) => deps.events.emit('chipReadProgress', { verificationId, stage: p.stage, file: p.file ?? null, percent: p.percent }),
          })
        : { outcome: 'reader-unavailable', message: listing.ok ? 'No chip reader is connected.' : listing.message };
    } finally {
      // Training: the teller lifts the virtual passport off, so the next placement is seen as one.
      if (deps.training) trainingChip.takeOff();
    }

    const record = recordOf(verificationId, result, mrz, deps.training !== null, deps.extraStates ?? []);
    const tx = deps.store.db.transaction(() => {
      reads.save(record);
      deps.store.audit.append({
        actor: 'teller',
        action: 'chip_read',
        verificationId,
        detail: {
          outcome: record.outcome,
          ...(record.reason ? { reason: record.reason } : {}),
          ...(record.training ? { training: true } : {}),
          ...(accessKey === 'typed' ? { accessKey } : {}),
        },
      });
    });
    tx();
    return chipReadSummary(record, accessKey, result.outcome === 'interrupted');
  };
}

function recordOf(verificationId: string, result: ChipServiceResult, mrz: MrzPrecheck | null, training: boolean, extraStates: readonly string[]): ChipReadRecord {
  const base: ChipReadRecord = {
    verificationId,
    readAt: Date.now(),
    outcome: result.outcome,
    reason: null,
    message: result.message,
    country: null,
    accessMethod: null,
    signerSubject: null,
    dataGroups: [],
    printedMrzMatch: null,
    training,
    cloneCheck: null,
    revocation: null,
    sod: null,
    dg1: null,
    face: null,
  };
  if (!('evidence' in result)) return base;
  const e = result.evidence;
  const withEvidence: ChipReadRecord = {
    ...base,
    accessMethod: e.accessMethod,
    cloneCheck: cloneCheckOf(e.cloneCheck),
    sod: e.sod,
    dg1: e.dataGroups.get(1) ?? null,
    face: e.face ? { bytes: e.face.bytes, format: e.face.format } : null,
  };
  if (result.outcome === 'not-authentic') return { ...withEvidence, reason: result.reason };
  if (result.outcome !== 'verified') return withEvidence;
  const verified = { ...withEvidence, revocation: revocationOf(result.revocation), country: result.country, signerSubject: result.signerSubject, dataGroups: [...e.dataGroups.keys()].sort((a, b) => a - b) };
  if (!mrz) return verified; // typed key and no exact reading of the page: nothing printed to compare with
  const printed = compareChipWithReading(e.mrzLines, mrz, extraStates);
  if (printed.match) return { ...verified, printedMrzMatch: true };
  return { ...verified, outcome: 'differs-from-printed-page', printedMrzMatch: false, message: printed.message };
}

/** Clone detection as stored and shown: what was run and its result, without the chip's key details. */
function cloneCheckOf(c: CloneCheck): ChipCloneCheck {
  return {
    status: c.status,
    method: 'method' in c ? c.method : null,
    notSupportedBy: c.status === 'not-supported' ? c.by : null,
  };
}

function revocationOf(r: RevocationCheck): ChipRevocation {
  return r.status === 'unknown' ? { status: 'unknown', reason: r.reason } : { status: 'not-revoked', reason: null };
}

/** The screen's view of a stored chip read. */
export function chipReadSummary(r: ChipReadRecord, accessKey: 'mrz' | 'typed', retry: boolean): ChipReadSummary {
  return {
    outcome: r.outcome as ChipReadSummary['outcome'],
    reason: r.reason,
    message: r.message,
    sentence: chipSentence({ outcome: r.outcome, reason: r.reason, country: r.country, training: r.training, accessKey, revocation: r.revocation }),
    accessKey,
    country: r.country,
    accessMethod: r.accessMethod,
    dataGroupsVerified: r.dataGroups,
    printedMrzMatch: r.printedMrzMatch,
    cloneCheck: r.cloneCheck,
    revocation: r.revocation,
    faceKept: r.face !== null,
    training: r.training,
    retry,
    readAt: new Date(r.readAt).toISOString(),
  };
}
