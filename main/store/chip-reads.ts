// The chip reads of a verification (migrations 013 and 014): saved once per read, the latest one being the
// verification's chip result. The face picture and the evidence bytes stay in the kiosk's encrypted store.
import { ChipCloneCheck, ChipRevocation } from '../../shared/contract-chip';
import type { Db } from './db';

export interface ChipReadRecord {
  verificationId: string;
  readAt: number;
  outcome: string;
  reason: string | null;
  message: string;
  country: string | null;
  accessMethod: 'bac' | 'pace' | null;
  signerSubject: string | null;
  /** Data groups whose hashes matched the signed security object (empty unless authentic). */
  dataGroups: number[];
  /** DG1 against the MRZ printed on the page; null when not compared. */
  printedMrzMatch: boolean | null;
  training: boolean;
  /** Clone detection as run on this read; null when the read stopped before it. */
  cloneCheck: ChipCloneCheck | null;
  /** The document signer's revocation status; null unless passive authentication passed. */
  revocation: ChipRevocation | null;
  sod: Buffer | null;
  dg1: Buffer | null;
  face: { bytes: Buffer; format: 'jpeg' | 'jpeg2000' } | null;
}

type Row = {
  verification_id: string; read_at: number; outcome: string; reason: string | null; message: string; country: string | null;
  access_method: 'bac' | 'pace' | null; signer_subject: string | null; data_groups: string; printed_mrz_match: number | null;
  training: number; clone_check: string | null; revocation: string | null; sod: Buffer | null; dg1: Buffer | null; face: Buffer | null; face_format: 'jpeg' | 'jpeg2000' | null;
};

export function createChipReadStore(db: Db) {
  const insert = db.prepare(`INSERT INTO chip_reads (verification_id, read_at, outcome, reason, message, country, access_method,
      signer_subject, data_groups, printed_mrz_match, training, clone_check, revocation, sod, dg1, face, face_format)
    VALUES (@verificationId, @readAt, @outcome, @reason, @message, @country, @accessMethod, @signerSubject, @dataGroups,
      @printedMrzMatch, @training, @cloneCheck, @revocation, @sod, @dg1, @face, @faceFormat)`);
  const latest = db.prepare<[string], Row>('SELECT * FROM chip_reads WHERE verification_id = ? ORDER BY id DESC LIMIT 1');
  return {
    save(r: ChipReadRecord): void {
      insert.run({
        ...r,
        dataGroups: JSON.stringify(r.dataGroups),
        printedMrzMatch: r.printedMrzMatch === null ? null : r.printedMrzMatch ? 1 : 0,
        training: r.training ? 1 : 0,
        cloneCheck: r.cloneCheck ? JSON.stringify(r.cloneCheck) : null,
        revocation: r.revocation ? JSON.stringify(r.revocation) : null,
        face: r.face?.bytes ?? null,
        faceFormat: r.face?.format ?? null,
      });
    },
    latest(verificationId: string): ChipReadRecord | null {
      const row = latest.get(verificationId);
      if (!row) return null;
      return {
        verificationId: row.verification_id,
        readAt: row.read_at,
        outcome: row.outcome,
        reason: row.reason,
        message: row.message,
        country: row.country,
        accessMethod: row.access_method,
        signerSubject: row.signer_subject,
        dataGroups: JSON.parse(row.data_groups) as number[],
        printedMrzMatch: row.printed_mrz_match === null ? null : row.printed_mrz_match === 1,
        training: row.training === 1,
        cloneCheck: row.clone_check ? ChipCloneCheck.parse(JSON.parse(row.clone_check)) : null,
        revocation: row.revocation ? ChipRevocation.parse(JSON.parse(row.revocation)) : null,
        sod: row.sod,
        dg1: row.dg1,
        face: row.face && row.face_format ? { bytes: row.face, format: row.face_format } : null,
      };
    },
  };
}

export type ChipReadStore = ReturnType<typeof createChipReadStore>;
