// The kiosk's calls while it is stopped on a damaged or rolled-back database. Only the supervisor's
// login and the recovery calls work; everything else answers that the kiosk has stopped. A supervisor
// sees what the start-up checks found and the checked backups, and either restores one (restore.ts,
// the same code as --restore-from) or accepts the current state (the same acceptance as
// --accept-rollback), each with a reason and their PIN entered again; with review.fourEyes a second
// supervisor confirms by PIN. Nothing is written before that: then the files are restored (moved
// aside, never deleted) and the kiosk is started with the acceptance, which the store records in the
// audit with both names, the reason, what was found and the recovery session's own audit rows.
import { basename, join } from 'node:path';
import { CALL_NAMES, type CallName, type CallRequest, type CallResponse, type KioskService } from '../../shared/contract';
import type { RecoveryFinding, RecoveryResult } from '../../shared/contract-recovery';
import type { KioskConfig } from '../config';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import type { Log } from '../log';
import type { StoreOptions } from '../store/store';
import { DB_FILE } from '../store/keyfile';
import { restoreFromBackup } from '../store/restore';
import { actorOf } from '../review/auth';
import { cleanReason } from '../review/actions';
import { checkedBackups } from './backups';
import { findingOf } from './finding';
import { createRecoveryAuth, type RecoveryAuth } from './recovery-auth';

export type Acceptance = NonNullable<StoreOptions['acceptRollback']>;

export const STOPPED_MESSAGE = kioskMessage('recovery_stopped');

type Pending = { action: 'restore' | 'accept'; backup: string | null; reason: string; requestedBy: string; requestedAt: number };

export interface RecoveryServiceOptions {
  config: KioskConfig;
  dbKey: Buffer;
  finding: RecoveryFinding;
  /** Starts the kiosk with the acceptance; throws when the database is still refused. */
  resume(acceptance: Acceptance): Promise<void>;
  now?: () => number;
  log?: Log;
  scryptParams?: { N: number; r: number; p: number };
}

export interface RecoveryService {
  service: KioskService;
  finding(): RecoveryFinding;
  close(): void;
}

type Impl = { [N in CallName]?: (request: CallRequest<N>) => Promise<CallResponse<N>> };

export function createRecoveryService(o: RecoveryServiceOptions): RecoveryService {
  const now = o.now ?? Date.now;
  const log: Log = o.log ?? (() => {});
  const dbFile = join(o.config.dataDir, DB_FILE);
  const fourEyes = o.config.review.fourEyes;
  let finding = o.finding;
  let pending: Pending | null = null;
  let busy = false;
  const recovery: RecoveryAuth = createRecoveryAuth({ dbFile, key: o.dbKey, config: o.config, now, ...(o.scryptParams ? { scryptParams: o.scryptParams } : {}) });
  const { auth } = recovery;
  log('warn', `kiosk stopped: ${finding.sentence} Supervisor PINs are checked against the roster from ${recovery.rosterFrom}.`);

  const pendingView = () =>
    pending ? { action: pending.action, backup: pending.backup, reason: pending.reason, requestedBy: pending.requestedBy, requestedAt: new Date(pending.requestedAt).toISOString() } : null;

  const backupFile = (name: string | undefined): string => {
    const dir = o.config.backup.dir;
    if (!name || !dir) throw new KioskError('bad_request', kioskMessage('recovery_choose_backup'));
    const listed = checkedBackups(o.config.dataDir, o.dbKey, dir).find((b) => b.name === name);
    if (!listed) throw new KioskError('not_found', kioskMessage('recovery_backup_gone'));
    if (!listed.usable) throw new KioskError('conflict', `That backup cannot be restored: ${listed.sentence}`);
    return join(dir, basename(name));
  };

  const check = (action: 'restore' | 'accept', backup: string | undefined): void => {
    if (action === 'accept' && finding.kind !== 'rolled_back') {
      throw new KioskError('conflict', kioskMessage('recovery_database_damaged'));
    }
    if (action === 'restore') backupFile(backup);
  };

  /** Restores (when asked) and starts the kiosk; the store records the acceptance in the audit. */
  const apply = async (p: Pending, confirmedBy: string | null): Promise<RecoveryResult> => {
    if (busy) throw new KioskError('conflict', kioskMessage('recovery_busy'));
    busy = true;
    try {
      let restoredFrom: string | undefined;
      let sentence = '';
      if (p.action === 'restore') {
        const report = restoreFromBackup({ dataDir: o.config.dataDir, key: o.dbKey, from: backupFile(p.backup ?? undefined), now });
        restoredFrom = report.from;
        sentence = `Restored from ${basename(report.from)}. ${report.sentence}${report.movedAsideTo ? ` The files it replaced are kept in ${report.movedAsideTo}.` : ''}`;
        log('warn', sentence);
      }
      const acceptance: Acceptance = {
        actor: actorOf(p.requestedBy),
        reason: p.reason,
        ...(restoredFrom ? { restoredFrom } : {}),
        detail: {
          via: 'supervisor recovery screen',
          confirmedBy: confirmedBy ? actorOf(confirmedBy) : null,
          fourEyes,
          found: finding.sentence,
          recoverySession: recovery.sessionAudit().map((r) => ({ at: r.at, actor: r.actor, action: r.action, detail: r.detail })),
        },
      };
      try {
        await o.resume(acceptance);
      } catch (e) {
        const next = findingOf(e);
        if (!next) throw e;
        finding = next;
        pending = null;
        throw new KioskError('conflict', `The kiosk is still stopped: ${next.sentence}`);
      }
      pending = null;
      const done = p.action === 'restore' ? sentence : 'The current state was accepted and recorded in the audit.';
      return { status: 'applied', confirmedBy, sentence: `${done} The kiosk is running again; log in again to continue.` };
    } finally {
      busy = false;
    }
  };

  const impl: Impl = {
    supervisorStatus: async () => ({ ...auth.status(), fourEyes }),
    supervisorSetup: async () => {
      throw new KioskError('conflict', kioskMessage('recovery_no_setup'));
    },
    supervisorLogin: async ({ pin }) => {
      const r = await auth.login(pin);
      return r.ok ? { status: 'ok', session: r.session } : r.reason === 'locked' ? { status: 'locked', lockedUntil: r.lockedUntil } : { status: 'wrong_pin', attemptsLeft: r.attemptsLeft };
    },
    supervisorLogout: async ({ token }) => {
      auth.logout(token);
      return { ok: true };
    },
    reviewAlerts: async ({ token }) => {
      auth.require(token);
      return { alerts: [] };
    },
    recoveryStatus: async () => ({ stopped: true, finding, fourEyes, pending: pendingView(), backupDir: o.config.backup.dir ?? null }),
    recoveryBackups: async ({ token }) => {
      auth.require(token);
      return { backups: checkedBackups(o.config.dataDir, o.dbKey, o.config.backup.dir) };
    },
    recoveryRequest: async ({ token, action, backup, reason, pin }) => {
      const s = auth.require(token);
      const why = cleanReason(reason);
      check(action, backup);
      const pinCheck = await auth.reconfirm(pin, s.name);
      if (!pinCheck.ok) return pinCheck.reason === 'locked' ? { status: 'locked', lockedUntil: pinCheck.lockedUntil } : { status: 'wrong_pin', attemptsLeft: pinCheck.attemptsLeft };
      const p: Pending = { action, backup: backup ?? null, reason: why, requestedBy: s.name, requestedAt: now() };
      if (!fourEyes) return apply(p, null);
      pending = p;
      return { status: 'pending', pending: pendingView()! };
    },
    recoveryConfirm: async ({ token, pin }) => {
      auth.require(token);
      const p = pending;
      if (!p) throw new KioskError('conflict', kioskMessage('recovery_nothing_waiting'));
      const other = await auth.confirmByOther(pin, p.requestedBy);
      if (!other.ok) return other.reason === 'locked' ? { status: 'locked', lockedUntil: other.lockedUntil } : { status: 'wrong_pin', attemptsLeft: other.attemptsLeft };
      // Replaced or discarded while the PIN was checked: not applied.
      if (pending !== p) throw new KioskError('conflict', kioskMessage('recovery_request_changed'));
      check(p.action, p.backup ?? undefined);
      return apply(p, other.name);
    },
    recoveryDiscard: async ({ token }) => {
      auth.require(token);
      pending = null;
      return { ok: true };
    },
  };

  const stopped = async (): Promise<never> => {
    throw new KioskError('conflict', STOPPED_MESSAGE);
  };
  const service = Object.fromEntries(CALL_NAMES.map((name) => [name, (impl as Record<string, unknown>)[name] ?? stopped])) as unknown as KioskService;
  return { service, finding: () => finding, close: () => recovery.close() };
}
