// The teller's submit: the verification leaves "capturing" for the outbox. Refused while the issuing
// country is needed or disputed, while a required side's capture is unusable (shared/capture-gate.ts),
// while a poor side lacks the teller's explicit "send anyway", or when the precheck policy says so (an
// allowed override reason and each side sent anyway are audited with the submit, in its transaction). The sides checked are those of the provider it will be routed to, and it
// is re-routed by issuing country as it is queued, before any provider step.
import type { CallRequest } from '../../shared/contract';
import { poorSides, unusableSides } from '../../shared/capture-gate';
import type { CaptureSide, Verification } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage, sidesParam } from '../../shared/kiosk-message';
import type { KioskEvents } from '../events';
import type { PrecheckService } from '../precheck/service';
import type { Store } from '../store/store';
import type { IssuingCountryService } from './issuing-country';
import type { VerificationLookup } from './lookup';
import type { TellerRouting } from './routing';

export interface SubmitDeps {
  store: Store;
  events: KioskEvents;
  precheck: Pick<PrecheckService, 'submit'>;
  countries: Pick<IssuingCountryService, 'assertReadyToSubmit' | 'attach'>;
  routing: Pick<TellerRouting, 'rerouteOnSubmit'>;
  lookup: VerificationLookup;
  /** The sides the verification's routed provider needs. */
  sidesOf: (v: Verification) => CaptureSide[];
  withSides: (v: Verification) => Verification;
  /** Tells the sync worker there is work. */
  kick: () => void;
  /** The chip policy's rule (chip-gate.ts): throws the teller's sentence when a verified chip read is required. */
  chipGate?: (v: Verification) => void;
}

export function createSubmit(deps: SubmitDeps) {
  return async ({ verificationId, overrideReason, sendAnyway }: CallRequest<'submit'>): Promise<Verification> => {
    const v = deps.lookup(verificationId, false);
    if (v.state !== 'capturing') throw new KioskError('conflict', kioskMessage('submitted_follow'));
    // A side the kiosk already knows is unreadable (blank, too dark, no document, cut off) is never sent.
    const unusable = unusableSides(deps.sidesOf(v), v.captures);
    if (unusable.length > 0) {
      throw new KioskError('bad_image', kioskMessage('sides_unusable', { sides: sidesParam(unusable) }));
    }
    // A poor side goes only with the teller's explicit "send anyway" for that side.
    const poor = poorSides(deps.sidesOf(v), v.captures);
    const unconfirmed = poor.filter((p) => !sendAnyway?.includes(p.side)).map((p) => p.side);
    if (unconfirmed.length > 0) {
      throw new KioskError('bad_image', kioskMessage('sides_poor', { sides: sidesParam(unconfirmed) }));
    }
    deps.chipGate?.(v);
    deps.countries.assertReadyToSubmit(verificationId);
    const queued = await deps.precheck.submit(v, overrideReason, () => {
      for (const p of poor) {
        deps.store.audit.append({
          actor: 'teller',
          action: 'poor_image_sent_anyway',
          verificationId,
          detail: { side: p.side, captureId: p.capture.id, finding: p.gate.reason, instruction: p.capture.quality?.instruction ?? null },
        });
      }
      return deps.store.submitVerification(verificationId, deps.sidesOf(v));
    });
    const routed = deps.routing.rerouteOnSubmit(queued) ? deps.withSides(deps.lookup(verificationId, false)) : queued;
    const submitted = deps.countries.attach(routed);
    deps.events.emit('verificationUpdated', submitted);
    deps.events.emit('queueChanged', deps.store.queueCounts());
    deps.kick();
    return submitted;
  };
}
