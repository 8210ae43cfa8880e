// The supervisor's recovery actions while the kiosk is stopped on a damaged or rolled-back database
// (main/recovery/): what was found, the verified backups, and restore / accept-the-loss with a
// reason and the PIN again (a second supervisor confirms under four-eyes). Nothing is written before
// the action is confirmed. A running kiosk answers recoveryStatus with `stopped: false` and refuses
// the rest. Add the call names to preload/api.ts PRELOAD_CALLS as well.
import { z } from 'zod';
import { Empty } from './contract-base';
import { KioskMessage } from './kiosk-message';
import { Reason, SupervisorToken } from './contract-supervisor';

const authed = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ token: SupervisorToken, ...shape });
/** A backup's file name inside backup.dir (never a path). */
export const BackupName = z.string().regex(/^kiosk-[0-9TZ-]{1,40}\.db$/, 'a backup file name');

export const RecoveryFinding = z.object({
  kind: z.enum(['damaged', 'rolled_back']),
  /** The plain sentence of the start-up check, naming the file and what to do. */
  sentence: z.string(),
  /** What was found as a catalogue key (file name, missing rows), shown in the teller's language. */
  said: KioskMessage,
  file: z.string(),
  missingRows: z.number().int().nullable(),
  databaseRows: z.number().int().nullable(),
  databaseLastAt: z.string().nullable(),
  anchor: z.object({ rows: z.number().int(), writtenAt: z.string() }).nullable(),
  forwarded: z.object({ destination: z.string(), rows: z.number().int(), confirmedAt: z.string() }).nullable(),
});
export type RecoveryFinding = z.infer<typeof RecoveryFinding>;

export const RecoveryBackup = z.object({
  name: BackupName,
  takenAt: z.string(),
  bytes: z.number().int(),
  /** Checked (opens with the key, integrity_check, audit chain): usable; else why not. */
  usable: z.boolean(),
  auditRows: z.number().int().nullable(),
  lastRowAt: z.string().nullable(),
  /** Audit rows the anchor or the log server records that this backup does not hold. */
  missingRows: z.number().int().nullable(),
  sentence: z.string(),
});
export type RecoveryBackup = z.infer<typeof RecoveryBackup>;

export const RecoveryAction = z.enum(['restore', 'accept']);

export const RecoveryPending = z.object({ action: RecoveryAction, backup: BackupName.nullable(), reason: z.string(), requestedBy: z.string(), requestedAt: z.string() });

export const RecoveryResult = z.discriminatedUnion('status', [
  /** Done: the kiosk runs again (the supervisor logs in again). */
  z.object({ status: z.literal('applied'), confirmedBy: z.string().nullable(), sentence: z.string() }),
  z.object({ status: z.literal('pending'), pending: RecoveryPending }),
  z.object({ status: z.literal('wrong_pin'), attemptsLeft: z.number().int() }),
  z.object({ status: z.literal('locked'), lockedUntil: z.string() }),
]);
export type RecoveryResult = z.infer<typeof RecoveryResult>;

export const recoveryCalls = {
  /** No session needed: the screens ask whether the kiosk stopped (the teller's screen says to call a supervisor). */
  recoveryStatus: {
    request: Empty,
    response: z.discriminatedUnion('stopped', [
      z.object({ stopped: z.literal(false) }),
      z.object({ stopped: z.literal(true), finding: RecoveryFinding, fourEyes: z.boolean(), pending: RecoveryPending.nullable(), backupDir: z.string().nullable() }),
    ]),
  },
  /** The backups in backup.dir, newest first, each checked. */
  recoveryBackups: { request: authed({}), response: z.object({ backups: z.array(RecoveryBackup) }) },
  /** Restore a backup or accept the loss: a reason and the supervisor's PIN again; with four-eyes, pending until a second supervisor confirms. */
  recoveryRequest: {
    request: authed({ action: RecoveryAction, backup: BackupName.optional(), reason: Reason, pin: z.string().max(32) }),
    response: RecoveryResult,
  },
  recoveryConfirm: { request: authed({ pin: z.string().max(32) }), response: RecoveryResult },
  recoveryDiscard: { request: authed({}), response: z.object({ ok: z.literal(true) }) },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;
