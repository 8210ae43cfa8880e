// The on-device precheck as the kiosk runs it: right after a capture, read the MRZ of the side
// that carries it (and look for faces / barcodes where they belong), store the result with the capture,
// and apply the submit policy — refuse, or require a typed reason that goes into the audit log.
import type { CaptureSide, DocumentType, Verification } from '../../shared/domain';
import type { CapturePrecheck, FacePrecheck, BarcodePrecheck, MrzPrecheck, PrecheckGate } from '../../shared/precheck';
import { KioskError } from '../errors';
import type { Log } from '../log';
import type { Db } from '../store/db';
import type { AuditLog } from '../store/audit';
import type { MrzReader } from './mrz-ocr';
import { summarizeMrz } from './summary';
import { bestMrz, evaluateGate, gateSentence, MRZ_SIDES, type PrecheckPolicy } from './policy';
import { createPrecheckStore } from './precheck-store';

/** Face presence (selfie: exactly one, large, centred; document: a portrait is there). */
export interface FaceChecker {
  check(jpeg: Buffer, target: FacePrecheck['target']): Promise<FacePrecheck>;
}

/**
 * PDF417 (AAMVA) on a driving licence; `mrz` is the best MRZ the kiosk read on this verification (to compare
 * with). Returns null when the image holds no barcode.
 */
export interface BarcodeChecker {
  check(jpeg: Buffer, context: { mrz: MrzPrecheck | null }): Promise<BarcodePrecheck | null>;
}

export interface PrecheckServiceOptions {
  db: Db;
  audit: Pick<AuditLog, 'append'>;
  /** The teller's lane of the shared MRZ reader. */
  reader: Pick<MrzReader, 'read'>;
  face?: FaceChecker | null;
  barcode?: BarcodeChecker | null;
  /** Read at each use, so a changed configuration applies to the next submit. */
  policy: () => PrecheckPolicy;
  log?: Log;
  now?: () => Date;
}

export interface CheckCaptureInput {
  documentType: DocumentType;
  side: CaptureSide;
  captureId: string;
  jpeg: Buffer;
  verificationId: string;
}

const READER_FAILED = 'The kiosk could not check the machine-readable lines this time. Look at the document yourself, or scan it again.';
const FACE_FAILED = 'The kiosk could not look for a face this time. Check the picture yourself.';

export function createPrecheckService(options: PrecheckServiceOptions) {
  const store = createPrecheckStore(options.db);
  const now = options.now ?? (() => new Date());
  const log: Log = options.log ?? (() => {});

  async function run(input: CheckCaptureInput): Promise<CapturePrecheck | null> {
    const mrzSides = MRZ_SIDES[input.documentType];
    const precheck: CapturePrecheck = { checkedAt: now().toISOString() };
    let checked = false;

    // MRZ (OCR thread) and face (face thread) run side by side: the teller waits for the slower one only.
    const mrzCheck = async (): Promise<void> => {
      if (input.side !== mrzSides.expected && !mrzSides.alsoTry.includes(input.side)) return;
      try {
        const summary = summarizeMrz(await options.reader.read(input.jpeg), now());
        // On a side that may or may not carry an MRZ (an ID card front, a driving licence), only a reading
        // whose every check digit holds is an MRZ: anything less is the reader finding lines in printed
        // text or a barcode, and the teller is told nothing rather than shown made-up characters.
        if (input.side === mrzSides.expected || summary.status === 'accepted') {
          precheck.mrz = summary;
          checked = true;
        }
      } catch (e) {
        log('warn', 'MRZ precheck failed', e);
        if (input.side === mrzSides.expected) {
          precheck.mrz = null;
          precheck.error = READER_FAILED;
          checked = true;
        }
      }
    };
    const faceCheck = async (): Promise<void> => {
      if (!options.face || (input.side !== 'selfie' && input.side !== 'front')) return;
      const target = input.side === 'selfie' ? 'selfie' : 'document_portrait';
      try {
        precheck.face = await options.face.check(input.jpeg, target);
        checked = true;
      } catch (e) {
        log('warn', 'face precheck failed', e);
        if (target === 'selfie') {
          precheck.error = precheck.error ?? FACE_FAILED;
          checked = true;
        }
      }
    };
    const barcodeCheck = async (): Promise<void> => {
      if (!options.barcode || input.documentType !== 'drivers_license' || input.side === 'selfie') return;
      try {
        // Compared with what the kiosk read from the licence's machine-readable lines, when it has any.
        const others = store.list(input.verificationId).filter((c) => c.captureId !== input.captureId).map((c) => c.precheck);
        const barcode = await options.barcode.check(input.jpeg, { mrz: bestMrz([...others, precheck]) });
        if (barcode) {
          precheck.barcode = barcode;
          checked = true;
        }
      } catch (e) {
        log('warn', 'barcode precheck failed', e);
      }
    };
    await Promise.all([mrzCheck(), faceCheck()]);
    await barcodeCheck(); // after the MRZ read, which it is compared with

    if (!checked) return null;
    store.save(input.captureId, precheck);
    return precheck;
  }

  function gateFor(documentType: DocumentType, verificationId: string): PrecheckGate {
    const bySide: Partial<Record<CaptureSide, CapturePrecheck | null>> = {};
    for (const c of store.list(verificationId)) bySide[c.side] = c.precheck;
    return evaluateGate({ documentType, prechecks: bySide, policy: options.policy() });
  }

  return {
    /** Checks a fresh capture, stores the result with it and returns it with the verification's gate. */
    async checkCapture(input: CheckCaptureInput): Promise<CapturePrecheck | null> {
      const precheck = await run(input);
      return precheck ? { ...precheck, gate: gateFor(input.documentType, input.verificationId) } : null;
    },

    /** The verification with each capture's stored precheck (and the current gate) filled in. */
    attach(v: Verification): Verification {
      const stored = new Map(store.list(v.id).map((c) => [c.captureId, c.precheck]));
      if (![...stored.values()].some(Boolean)) return v;
      const gate = gateFor(v.documentType, v.id);
      return {
        ...v,
        captures: v.captures.map((c) => {
          const p = stored.get(c.id);
          return p ? { ...c, precheck: { ...p, gate } } : c;
        }),
      };
    },

    /**
     * Applies the policy, then runs `submit` (the outbox's capturing → queued) in one transaction with the
     * override's audit row, so an override is recorded exactly when the submit it allowed happened.
     */
    async submit(v: Verification, overrideReason: string | undefined, submit: () => Verification, actor = 'teller'): Promise<Verification> {
      // A capture of the MRZ side without a result (the kiosk restarted mid-check, or it predates the
      // precheck) is checked now, so the policy never judges from a missing read.
      const expected = MRZ_SIDES[v.documentType].expected;
      const mrzCapture = expected ? store.list(v.id).find((c) => c.side === expected && !c.precheck) : undefined;
      const jpeg = mrzCapture ? store.jpeg(mrzCapture.captureId) : null;
      if (mrzCapture && jpeg) await run({ documentType: v.documentType, side: expected!, captureId: mrzCapture.captureId, jpeg, verificationId: v.id });

      const gate = gateFor(v.documentType, v.id);
      if (gate.decision === 'blocked') throw new KioskError('conflict', gateSentence(gate));
      const reason = overrideReason?.trim();
      if (gate.decision === 'needs_reason' && !reason) throw new KioskError('conflict', gateSentence(gate));
      return options.db.transaction(() => {
        if (gate.decision === 'needs_reason') {
          options.audit.append({
            actor,
            action: 'precheck_override',
            verificationId: v.id,
            detail: { problem: gate.problem, reason, policy: options.policy() },
          });
        }
        return submit();
      })();
    },
  };
}

export type PrecheckService = ReturnType<typeof createPrecheckService>;
