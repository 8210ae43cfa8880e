// The catalogue sentence of a health alert, from its screen kind, its provider and the numbers measured.
// Alerts in the alerts table keep the English `message` they were raised with; the sentence is derived
// when they are read, so alerts stored before the sentences existed are translated as well. A kind
// without a sentence (a free-text notice, a kiosk-security warning) and an alert that lacks the
// provider its sentence names get none: the screen then shows the English message.
import { kioskMessage, type KioskMessage } from '../../shared/kiosk-message';
import type { HealthReport } from '../../shared/contract-supervisor';

type AlertKind = HealthReport['alerts'][number]['kind'];

/** `message`: the English the alert was stored with (the lockout's count is read from it). */
export type AlertFacts = { provider: string | null; count?: number; freeBytes?: number | null; minFreeBytes?: number; message?: string };

const MB = 1024 * 1024;

/**
 * The lockout's number since the last successful login, as the PIN check wrote it into the alert's
 * English ("… locked (lockout 3 since the last successful login) …", main/review/auth.ts); null when the
 * message does not carry it (the screen then shows that English).
 */
export function lockoutCount(message: string | undefined): number | null {
  const m = /\(lockout (\d{1,9}) since the last successful login\)/.exec(message ?? '');
  return m ? Number(m[1]) : null;
}

export function alertSentence(kind: AlertKind, facts: AlertFacts): KioskMessage | undefined {
  const provider = facts.provider;
  switch (kind) {
    case 'provider_auth':
      return provider ? kioskMessage('alert_provider_auth', { provider }) : undefined;
    case 'provider_down':
      return provider ? kioskMessage('alert_provider_down', { provider }) : undefined;
    case 'possible_duplicate':
      return provider ? kioskMessage('alert_possible_duplicate', { provider }) : undefined;
    case 'provider_delete_failed':
      return provider ? kioskMessage('alert_provider_delete_failed', { provider }) : undefined;
    case 'disk_low':
      return facts.freeBytes == null || facts.minFreeBytes === undefined
        ? undefined
        : kioskMessage('alert_disk_low', { freeMb: Math.floor(facts.freeBytes / MB), floorMb: Math.ceil(facts.minFreeBytes / MB) });
    case 'needs_attention':
      return kioskMessage('alert_needs_attention', { count: facts.count ?? 0 });
    case 'audit_forwarding':
      return kioskMessage('alert_audit_forwarding');
    case 'supervisor_lockout': {
      const count = lockoutCount(facts.message);
      return count === null ? undefined : kioskMessage('alert_supervisor_lockout', { count });
    }
    case 'store_failure':
      return kioskMessage('alert_store_failure');
    case 'integrity':
      return kioskMessage('alert_integrity');
    default:
      return undefined;
  }
}
