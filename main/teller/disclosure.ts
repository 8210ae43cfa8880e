// Least data per call at the host boundary: wraps the kiosk service and the event stream so every
// reply and event a teller's screen gets follows shared/contract-disclosure.ts. Verifications the
// teller is working on pass whole; any other verification is masked (initials, no date of birth, no
// document or personal number, no per-zone values, no MRZ read, no images). Supervisor calls are
// untouched: main refuses them without a live supervisor session.
import { CALL_DISCLOSURE, DEFAULT_FULL_DATA_MINUTES, EVENT_DISCLOSURE, isWorkingVerification } from '../../shared/contract-disclosure';
import type { CallName, EventName, EventPayload, KioskService } from '../../shared/contract';
import type { CaptureSummary, Outcome, Verification } from '../../shared/domain';

export interface DisclosureOptions {
  /** Minutes after its last change that a verification is still the teller's current one. */
  fullDataMinutes?: number;
  now?: () => Date;
}

/** "Anna-Maria Svensson" → "A. S." (first letter of each space-separated part). */
export function initials(name: string | null): string | null {
  if (name === null) return null;
  const parts = name.normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  if (parts.length === 0) return null;
  return parts.map((p) => `${Array.from(p)[0]!.toLocaleUpperCase()}.`).join(' ');
}

function maskCapture(c: CaptureSummary): CaptureSummary {
  return { ...c, preview: null, precheck: null };
}

function maskOutcome(o: Outcome): Outcome {
  return {
    ...o,
    identity: {
      ...o.identity,
      firstName: initials(o.identity.firstName),
      lastName: initials(o.identity.lastName),
      fullName: initials(o.identity.fullName),
      dateOfBirth: null,
      documentNumber: null,
      personalNumber: null,
    },
    fields: o.fields.map((f) => ({ ...f, mrz: null, visual: null, barcode: null })),
    portrait: null,
  };
}

/** A verification as a teller may see it when they are not working on it. */
export function maskVerification(v: Verification): Verification {
  return { ...v, captures: v.captures.map(maskCapture), outcome: v.outcome ? maskOutcome(v.outcome) : null };
}

export interface TellerDisclosure {
  /** The service every host hands to dispatch(). */
  service: KioskService;
  /** An event payload as the teller's screen may receive it; null = not sent at all. */
  event<E extends EventName>(name: E, payload: EventPayload<E>): EventPayload<E> | null;
}

const isVerification = (value: unknown): value is Verification =>
  typeof value === 'object' && value !== null && 'captures' in value && 'state' in value && 'updatedAt' in value;

export function createTellerDisclosure(inner: KioskService, options: DisclosureOptions = {}): TellerDisclosure {
  const windowMs = (options.fullDataMinutes ?? DEFAULT_FULL_DATA_MINUTES) * 60_000;
  const now = options.now ?? (() => new Date());
  // Verifications last seen as working, so live preview frames (which carry only an id) can be judged.
  const working = new Set<string>();

  const view = (v: Verification): Verification => {
    if (isWorkingVerification(v, now(), windowMs)) {
      working.add(v.id);
      return v;
    }
    working.delete(v.id);
    return maskVerification(v);
  };

  function reply(name: CallName, value: unknown): unknown {
    if (CALL_DISCLOSURE[name] !== 'working') return value;
    if (isVerification(value)) return view(value);
    const items = (value as { items?: unknown } | null)?.items;
    if (Array.isArray(items)) return { ...(value as object), items: items.map((v: unknown) => (isVerification(v) ? view(v) : v)) };
    // capture: a still of a verification being captured (main refuses captures on any other).
    return value;
  }

  const service = {} as Record<CallName, (request: unknown) => Promise<unknown>>;
  for (const name of Object.keys(CALL_DISCLOSURE) as CallName[]) {
    const call = inner[name] as (request: unknown) => Promise<unknown>;
    service[name] = async (request) => reply(name, await call(request));
  }

  function event<E extends EventName>(name: E, payload: EventPayload<E>): EventPayload<E> | null {
    if (EVENT_DISCLOSURE[name] !== 'working') return payload;
    if (name === 'verificationUpdated') return view(payload as Verification) as EventPayload<E>;
    const id = (payload as { verificationId?: string }).verificationId;
    if (name === 'previewFrame') return id !== undefined && working.has(id) ? payload : null;
    if (name === 'previewState') {
      if (id !== undefined && working.has(id)) return payload;
      const p = payload as EventPayload<'previewState'>;
      return (p.capture ? { ...p, capture: maskCapture(p.capture) } : p) as EventPayload<E>;
    }
    return payload;
  }

  return { service: service as unknown as KioskService, event };
}
