// The supervisor review service: the contract's supervisor*/review* calls, built from the auth,
// queue, actions, health and export modules. createKiosk wires it in (main/kiosk.ts) and closes it.
// Every call except status/setup/login first resolves the session token (refused without one).
import type { CallRequest, CallResponse } from '../../shared/contract';
import type { supervisorCalls } from '../../shared/contract-supervisor';
import type { ProviderId, ProviderStatus, Verification } from '../../shared/domain';
import { configFilePermissionWarning, type KioskConfig } from '../config';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import type { KioskEvents } from '../events';
import type { Log } from '../log';
import type { Store } from '../store/store';
import { createPrecheckStore } from '../precheck/precheck-store';
import { ReviewActions } from './actions';
import { DISMISSED_WITH_REASON, dismissAlert } from './alert-dismissal';
import { SupervisorAuth } from './auth';
import { buildExport } from './export';
import { HealthReporter } from './health';
import { ReviewQueue } from './queue';
import { SetupCode } from './setup-code';
import { cancelStaleCapturing, staleCapturingAfterMs } from './stale-capturing';
import { createChipResultView } from './chip-result';

type SupervisorCallName = keyof typeof supervisorCalls;
export type ReviewCalls = { [N in SupervisorCallName]: (request: CallRequest<N>) => Promise<CallResponse<N>> };

export interface ReviewServiceOptions {
  store: Store;
  events: KioskEvents;
  config: Pick<KioskConfig, 'review' | 'kioskId' | 'disk' | 'retention' | 'dataDir' | 'teller'>;
  /** The sync worker's parts the review needs (kept narrow so tests can pass a real worker or none). */
  worker: {
    kick(): void;
    providerStatus(): ProviderStatus[];
    resumeProvider(provider: ProviderId, actor: string): void;
    purgeImages(): { verifications: number; captures: number };
  };
  now?: () => number;
  log?: Log;
  /** Test hook: cheaper scrypt. */
  scryptParams?: { N: number; r: number; p: number };
}

export interface ReviewService {
  calls: ReviewCalls;
  auth: SupervisorAuth;
  health: HealthReporter;
  close(): void;
}

export function createReviewService(o: ReviewServiceOptions): ReviewService {
  const now = o.now ?? Date.now;
  const log: Log = o.log ?? (() => {});
  const { store, events, config } = o;
  const review = config.review;
  // The first supervisor needs the one-time setup code; it exists only while nobody is set up.
  const setupCode = new SetupCode(config.dataDir);
  const auth = new SupervisorAuth({
    setupCode,
    onLockout: () => events.emit('queueChanged', store.queueCounts(now())),
    db: store.db,
    audit: store.audit,
    now,
    lockoutMs: review.lockoutMinutes * 60_000,
    idleMs: review.idleLogoutMinutes * 60_000,
    configRoster: review.supervisors,
    scryptParams: o.scryptParams,
  });
  if (!auth.configured()) {
    setupCode.ensure();
    // The code itself is never logged: logs leave the kiosk (SIEM, diagnostics exports).
    log('info', `No supervisor is set up yet. The one-time supervisor setup code is in ${setupCode.path} (readable by the kiosk account only).`);
  }
  const queue = new ReviewQueue(store.db, now);
  // The kiosk's own reading of each capture, shown beside the provider's fields.
  const prechecks = createPrecheckStore(store.db);
  const emit = (id: string) => {
    const v = store.getVerification(id, { previews: false });
    if (v) events.emit('verificationUpdated', v);
    events.emit('queueChanged', store.queueCounts(now()));
  };
  const actions = new ReviewActions({ store, auth, fourEyes: review.fourEyes, now, changed: emit, kick: () => o.worker.kick() });
  const health = new HealthReporter({
    store,
    now,
    providerStatus: () => o.worker.providerStatus(),
    minFreeBytes: config.disk.minFreeBytes,
    imageDays: config.retention.imageDays,
    securityWarnings: () => [configFilePermissionWarning(config.dataDir)].filter((w): w is string => w !== null),
  });

  // Queue depth over time, and idle sessions ended even when nobody calls.
  const safe = (what: string, fn: () => void) => () => {
    try {
      if (store.db.open) fn();
    } catch (e) {
      log('warn', `review: ${what} failed`, e);
    }
  };
  safe('queue sample', () => health.sample())();
  const sampler = setInterval(safe('queue sample', () => health.sample()), review.sampleEveryMs);
  sampler.unref?.();
  const sweeper = setInterval(safe('session sweep', () => auth.sweep()), Math.min(15_000, Math.max(1_000, review.idleLogoutMinutes * 15_000)));
  sweeper.unref?.();
  // Verifications left "being scanned" after the teller's screen was reset are cancelled (audited).
  const staleAfterMs = staleCapturingAfterMs(config.teller.idleTimeoutMinutes);
  const sweepStale = safe('stale capture sweep', () => {
    for (const id of cancelStaleCapturing(store, now(), staleAfterMs)) emit(id);
  });
  sweepStale();
  const staleSweeper = setInterval(sweepStale, 60_000);
  staleSweeper.unref?.();

  const chipResult = createChipResultView(store.db);
  const detail = async (id: string) => {
    const verification = store.getVerification(id, { previews: true });
    const row = queue.row(id);
    if (!verification || !row) throw new KioskError('not_found', kioskMessage('verification_not_found'));
    const extra = store.db
      .prepare<[string], { raw_response: string | null; override_decision: string | null; override_by: string | null; override_confirmed_by: string | null; override_reason: string | null; override_at: number | null }>(
        'SELECT raw_response, override_decision, override_by, override_confirmed_by, override_reason, override_at FROM verifications WHERE id = ?',
      )
      .get(id)!;
    const onDevice = new Map(prechecks.list(id).map((p) => [p.captureId, p.precheck]));
    const withPrechecks: Verification = {
      ...verification,
      captures: verification.captures.map((c) => {
        const p = onDevice.get(c.id);
        return p ? { ...c, precheck: p } : c;
      }),
    };
    return {
      verification: withPrechecks,
      row,
      rawResponse: extra.raw_response,
      override:
        extra.override_decision && extra.override_by && extra.override_at !== null
          ? { decision: extra.override_decision, by: extra.override_by, confirmedBy: extra.override_confirmed_by, reason: extra.override_reason ?? '', at: new Date(extra.override_at).toISOString() }
          : null,
      pendingOverride: actions.pendingFor(id),
      timeline: pageAudit(store, Number.MAX_SAFE_INTEGER, 500, id).reverse(),
      fourEyes: review.fourEyes,
      chip: await chipResult(id),
    };
  };

  const calls: ReviewCalls = {
    supervisorStatus: async () => ({ ...auth.status(), fourEyes: review.fourEyes }),
    supervisorSetup: async ({ name, pin, code }) => auth.setupFirst(name, pin, code),
    supervisorLogin: async ({ pin }) => {
      const r = await auth.login(pin);
      return r.ok ? { status: 'ok', session: r.session } : r.reason === 'locked' ? { status: 'locked', lockedUntil: r.lockedUntil } : { status: 'wrong_pin', attemptsLeft: r.attemptsLeft };
    },
    supervisorLogout: async ({ token }) => {
      auth.logout(token);
      return { ok: true };
    },
    supervisorAdd: async ({ token, name, pin }) => {
      const s = auth.require(token);
      await auth.addSupervisor(s.name, name, pin);
      return { names: auth.supervisorNames() };
    },
    reviewList: async ({ token, ...filter }) => {
      auth.require(token);
      return { ...queue.list(filter), tellers: queue.tellers() };
    },
    reviewCounts: async ({ token }) => {
      auth.require(token);
      return queue.counts();
    },
    reviewAlerts: async ({ token }) => {
      auth.require(token);
      return { alerts: health.alerts() };
    },
    reviewAcknowledgeAlert: async ({ token, id }) => {
      const s = auth.require(token);
      const alertId = Number(id.slice('store-'.length));
      store.db.transaction(() => {
        const row = store.db.prepare<[number], { kind: string }>('SELECT kind FROM alerts WHERE id = ? AND resolved_at IS NULL').get(alertId);
        // Alerts with a cause the kiosk can see (a paused provider, the SIEM link) clear when it is fixed.
        if (!row || row.kind === 'provider_auth' || row.kind.startsWith('siem_')) throw new KioskError('conflict', kioskMessage('alert_resolved_by_cause'));
        if (DISMISSED_WITH_REASON.includes(row.kind)) throw new KioskError('conflict', kioskMessage('alert_needs_dismissal'));
        store.db.prepare('UPDATE alerts SET resolved_at = ?, resolved_by = ? WHERE id = ?').run(now(), s.actor, alertId);
        store.audit.append({ actor: s.actor, action: 'alert_acknowledged', detail: { alert: alertId, kind: row.kind } });
      })();
      return { ok: true };
    },
    reviewDismissAlert: async ({ token, id, reason, pin }) => {
      const r = await dismissAlert({ store, auth, now }, auth.require(token).name, id, reason, pin);
      events.emit('queueChanged', store.queueCounts(now()));
      return r;
    },
    reviewDetail: async ({ token, id }) => {
      auth.require(token);
      return detail(id);
    },
    reviewRetry: async ({ token, id, note }) => {
      actions.retry(auth.require(token).name, id, note);
      return detail(id);
    },
    reviewCancel: async ({ token, id, reason }) => {
      actions.cancel(auth.require(token).name, id, reason);
      return detail(id);
    },
    reviewOverride: async ({ token, id, decision, reason, pin }) => actions.requestOverride(auth.require(token).name, id, decision, reason, pin),
    reviewConfirmOverride: async ({ token, pendingId, pin }) => actions.confirmOverride(auth.require(token).name, pendingId, pin),
    reviewDiscardOverride: async ({ token, pendingId }) => {
      const name = auth.require(token).name;
      const verificationId = actions.pendingVerification(pendingId);
      actions.discardOverride(name, pendingId);
      return detail(verificationId);
    },
    reviewPurgeImages: async ({ token, id, reason }) => {
      actions.purgeImages(auth.require(token).name, id, reason);
      return detail(id);
    },
    reviewHealth: async ({ token, days, tzOffsetMinutes }) => {
      auth.require(token);
      return health.report(days ?? 14, tzOffsetMinutes ?? 0);
    },
    reviewRunRetention: async ({ token }) => {
      const s = auth.require(token);
      store.audit.append({ actor: s.actor, action: 'retention_run_requested', detail: { imageDays: config.retention.imageDays } });
      return o.worker.purgeImages();
    },
    reviewResumeProvider: async ({ token, provider }) => {
      o.worker.resumeProvider(provider, auth.require(token).actor);
      return { ok: true };
    },
    reviewAudit: async ({ token, beforeSeq, limit, verificationId }) => {
      auth.require(token);
      const rows = pageAudit(store, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1, verificationId);
      const items = rows.slice(0, limit);
      return { items, nextBeforeSeq: rows.length > limit ? items[items.length - 1]!.seq : null };
    },
    reviewVerifyAudit: async ({ token }) => {
      const s = auth.require(token);
      const verdict = store.audit.verifyAudit();
      // The check itself is on the record (appended after the walk, so it never checks itself).
      store.audit.append({ actor: s.actor, action: 'audit_verified', detail: verdict.ok ? { ok: true, count: verdict.count } : { ok: false, brokenAt: verdict.brokenAt } });
      if (verdict.ok) return verdict;
      const row = pageAudit(store, verdict.brokenAt + 1, 1, undefined)[0];
      return { ...verdict, row: row && row.seq === verdict.brokenAt ? row : null };
    },
    reviewExport: async ({ token, kind, format, from, to }) => {
      const s = auth.require(token);
      const file = buildExport(store.db, kind, format, from, to, config.kioskId);
      store.audit.append({ actor: s.actor, action: 'exported', detail: { kind, format, from, to, rows: file.rows } });
      return file;
    },
  };

  return {
    calls,
    auth,
    health,
    close: () => {
      clearInterval(sampler);
      clearInterval(sweeper);
      clearInterval(staleSweeper);
    },
  };
}

/** Newest first, below `beforeSeq`. Detail is parsed leniently: a tampered row must still be shown. */
function pageAudit(store: Store, beforeSeq: number, limit: number, verificationId: string | undefined) {
  type Raw = { seq: number; at: string; actor: string; action: string; verification_id: string | null; detail: string; hash: string };
  const rows = verificationId
    ? store.db.prepare<[string, number, number], Raw>('SELECT * FROM audit_log WHERE verification_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?').all(verificationId, beforeSeq, limit)
    : store.db.prepare<[number, number], Raw>('SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(beforeSeq, limit);
  return rows.map((r) => {
    let detail: unknown = r.detail;
    try {
      detail = JSON.parse(r.detail);
    } catch {
      /* shown as text */
    }
    return { seq: r.seq, at: r.at, actor: r.actor, action: r.action, verificationId: r.verification_id, detail, hash: r.hash };
  });
}
