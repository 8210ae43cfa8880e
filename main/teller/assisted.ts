// The assisted flow behind the contract calls getProviderPageOffer / openProviderPage: instead of the
// kiosk scanning, the customer goes through the provider's own capture page. Start a session with the
// provider the verification is routed to, persist it with the verification (audited), let the host show
// the page, and leave the rest to the sync worker (which polls the result like any other verification
// of that provider). Provider-neutral: each provider's side is a HostedPageStarter (ZignSec:
// providers/zignsec/assisted.ts, `ui/analyses`; ZOLOZ: providers/zoloz/h5.ts, `initialize` in H5 mode).
import type { CallRequest, CallResponse } from '../../shared/contract';
import type { ProviderId, Verification } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import type { KioskEvents } from '../events';
import type { Log } from '../log';
import { ProviderError, type ProviderProgress } from '../providers/provider';
import { SYNC_STATES, type Store } from '../store/store';

/** Where a provider's page sends the browser when the customer is done or gives up (ZOLOZ H5). */
export interface ProviderPageCallbacks {
  complete: string;
  interrupt: string;
}

/** How the page ended: at the completion or interruption callback, or the window was closed. */
export type ProviderPageEnd = 'completed' | 'interrupted' | 'closed';

/**
 * Shows the hosted page (Electron: a locked child window) and resolves when it is closed, or when the
 * page heads for one of `stopAt`'s callbacks (the window closes there and says which one).
 */
export type ProviderPageOpener = (redirectUrl: string, expectedOrigin: string, stopAt?: ProviderPageCallbacks) => Promise<ProviderPageEnd | void>;

/** A provider's hosted-page start, as the flow needs it. */
export interface HostedPageStarter {
  readonly provider: ProviderId;
  /** The provider's name in sentences the teller reads ("ZignSec"). */
  readonly name: string;
  /** The origin the hosted page must stay on. */
  readonly origin: string;
  /** Callback URLs the page ends on, when the provider has them: the window stops there. */
  readonly callbacks?: ProviderPageCallbacks;
  /** Whether the branch set the kiosk up to offer the page (read at each call). */
  enabled(): boolean;
  /**
   * Creates the hosted session: the page (a capability URL, never logged), the progress to persist and
   * what of it the audit log may keep (the provider's transaction, never a capability).
   */
  start(input: { verificationId: string; locale: string }): Promise<{ redirectUrl: string; progress: ProviderProgress; audit?: Record<string, string> }>;
}

export interface AssistedCallsDeps {
  store: Store;
  events: KioskEvents;
  /** One starter per provider that has a page; a verification uses its routed provider's. */
  starters: readonly HostedPageStarter[];
  /** null when the host cannot show a provider page (the web host). */
  opener: ProviderPageOpener | null;
  /** Tell the sync worker there is work (it polls the result). */
  kick: () => void;
  log: Log;
}

type Calls = {
  getProviderPageOffer: (r: CallRequest<'getProviderPageOffer'>) => Promise<CallResponse<'getProviderPageOffer'>>;
  openProviderPage: (r: CallRequest<'openProviderPage'>) => Promise<CallResponse<'openProviderPage'>>;
};

export function createAssistedCalls(deps: AssistedCallsDeps): Calls {
  const { store, events, log } = deps;
  /** The starters this host can use now: the host can show a page and the branch turned the provider's on. */
  const offeredStarters = () => (deps.opener === null ? [] : deps.starters.filter((s) => s.enabled()));
  const starterFor = (provider: ProviderId) => offeredStarters().find((s) => s.provider === provider) ?? null;
  /** Verifications whose page is being opened: a double tap must not start two provider sessions. */
  const opening = new Set<string>();
  const canUsePage = (v: Verification) => v.state === 'capturing' && v.captures.length === 0 && !opening.has(v.id);

  async function start(starter: HostedPageStarter, v: Verification) {
    try {
      return await starter.start({ verificationId: v.id, locale: store.verificationLocale(v.id) ?? 'en' });
    } catch (e) {
      log('warn', `assisted flow: ${starter.name} could not start a hosted session for ${v.id}`, e instanceof ProviderError ? `${e.kind}: ${e.message}` : e);
      // The kiosk's own refusal: the provider's page is not set up (the one local refusal that says
      // "not configured"), or does not take this document.
      if (e instanceof ProviderError && e.kind === 'invalid' && e.details.local) {
        const refusal = /not configured/.test(e.message) ? kioskMessage('assisted_not_offered') : kioskMessage('assisted_document_not_taken', { provider: starter.name });
        throw new KioskError('conflict', refusal, { cause: e });
      }
      const why = e instanceof ProviderError && e.kind === 'auth' ? 'assisted_auth' : 'assisted_unreachable';
      throw new KioskError('conflict', kioskMessage(why, { provider: starter.name }), { cause: e });
    }
  }

  return {
    getProviderPageOffer: async ({ verificationId }) => {
      if (verificationId === undefined) return { offered: offeredStarters().length > 0 };
      const v = store.getVerification(verificationId);
      return { offered: !!v && canUsePage(v) && starterFor(v.provider) !== null };
    },

    openProviderPage: async ({ verificationId }) => {
      const { opener } = deps;
      const v = store.getVerification(verificationId);
      if (!v) throw new KioskError('not_found', kioskMessage('verification_gone'));
      const starter = starterFor(v.provider);
      if (!opener || !starter) throw new KioskError('conflict', kioskMessage('assisted_not_offered'));
      if (!canUsePage(v))
        throw new KioskError('conflict', kioskMessage('assisted_too_late', { provider: starter.name }));
      opening.add(v.id);
      try {
        const started = await start(starter, v);
        // All commits in one synchronous stretch: the worker cannot pick the verification up between
        // "queued" and the hosted session being recorded, so it never creates a second session.
        store.db.transaction(() => {
          store.submitVerification(v.id, []);
          store.recordStep(v.id, { kind: 'progress', step: 'provider_page_opened', progress: started.progress, state: 'awaiting_result' });
          store.audit.append({ actor: 'teller', action: 'provider_page_started', verificationId: v.id, detail: { provider: starter.provider, ...(started.audit ?? {}) } });
        })();
        events.emit('verificationUpdated', store.getVerification(v.id)!);
        events.emit('queueChanged', store.queueCounts());
        deps.kick(); // polling starts while the customer is on the page (it backs off to the cap)
        let end: ProviderPageEnd;
        try {
          end = (await opener(started.redirectUrl, starter.origin, starter.callbacks)) ?? 'closed';
        } catch (e) {
          // The session is recorded; the customer can no longer reach the page, so the worker's
          // patience (the provider's assisted timeout) sends it to a supervisor if nothing was finished.
          log('warn', `assisted flow: the provider page for ${v.id} could not be shown`, e instanceof Error ? e.message : e);
          throw new KioskError('device_error', kioskMessage('assisted_page_failed', { provider: starter.name }), { cause: e });
        }
        store.audit.append({ actor: 'teller', action: 'provider_page_ended', verificationId: v.id, detail: { provider: starter.provider, end } });
        if (end === 'interrupted') settleInterrupted(starter, v.id);
        const after = store.getVerification(v.id)!;
        events.emit('verificationUpdated', after);
        return after;
      } finally {
        opening.delete(v.id);
      }
    },
  };

  /**
   * The customer gave up on the provider's page: nothing will arrive there, so a supervisor is asked
   * now instead of after the assisted timeout (unless the worker already has the result).
   */
  function settleInterrupted(starter: HostedPageStarter, id: string) {
    const now = store.getVerification(id);
    if (!now || !(SYNC_STATES as readonly string[]).includes(now.state)) return;
    try {
      store.recordNeedsAttention(
        id,
        `The customer left ${starter.name}'s page without finishing. Cancel this verification and start a new one, scanning the document at the kiosk.`,
        null,
        kioskMessage('sync_assisted_not_finished', { provider: starter.name }),
      );
    } catch (e) {
      log('warn', `assisted flow: could not settle the interrupted page of ${id}`, e instanceof Error ? e.message : e);
    }
  }
}
