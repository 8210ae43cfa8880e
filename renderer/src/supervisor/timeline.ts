// An audit entry as a plain sentence in the screen's language ("Sent again by Maja Berg: …"). Unknown
// actions fall back to a generic sentence; the raw entry stays available folded under it.
import type { TFunction } from 'i18next';
import type { AuditEntryView } from '../../../shared/contract-supervisor';
import { formatDateTime } from './session';
import { KioskMessage } from '../../../shared/kiosk-message';
import { kioskText } from '../app/kiosk-text';

/** "supervisor:Maja Berg" → "Maja Berg"; "sync" → the kiosk; "teller:alice" → "alice". */
function who(actor: string, t: TFunction): string {
  if (actor === 'sync' || actor === 'system' || actor === 'kiosk') return t('supervisor.timeline.theKiosk');
  const i = actor.indexOf(':');
  return i >= 0 ? actor.slice(i + 1) : actor;
}

const KNOWN = new Set([
  'verification_created',
  'capture_added',
  'capture_retaken',
  'state_changed',
  'retry_scheduled',
  'retry_now',
  'override_requested',
  'override_refused',
  'override_confirm_failed',
  'override_discarded',
  'decision_overridden',
  'images_purged',
  'precheck_override',
  'provider_failover',
  'provider_routed',
]);

export function timelineSentence(e: AuditEntryView, t: TFunction, locale: string): string {
  const d = (e.detail && typeof e.detail === 'object' ? e.detail : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));
  // A failure the sync recorded with its catalogue sentence reads in the screen's language; its English
  // (and any entry written before the sentences) stays as it was written.
  const said = KioskMessage.safeParse(d.sentence);
  const failure = (english: unknown) => (said.success ? kioskText({ message: str(english), sentence: said.data }, t, locale) : str(english));
  const state = (v: unknown) => (typeof v === 'string' ? t(`state.${v}`, { defaultValue: v }) : '');
  const vars = {
    who: who(e.actor, t),
    from: state(d.from),
    to: state(d.to),
    reason: e.actor === 'sync' ? failure(d.reason) : str(d.reason),
    error: failure(d.error),
    next: typeof d.nextAttemptAt === 'string' ? formatDateTime(d.nextAttemptAt, locale) : '',
    side: typeof d.side === 'string' ? t(`side.${d.side}`, { defaultValue: d.side }) : '',
    decision: state(d.decision ?? d.to),
    step: e.action.startsWith('step:') ? e.action.slice(5).replace(/_/g, ' ') : '',
  };
  if (e.action.startsWith('step:')) return t('supervisor.timeline.step', vars);
  if (e.action === 'state_changed' && vars.reason) return t('supervisor.timeline.state_changed_reason', vars);
  if (KNOWN.has(e.action)) return t(`supervisor.timeline.${e.action}`, vars);
  return t('supervisor.timeline.other', { ...vars, action: e.action.replace(/_/g, ' ') });
}
