// The assisted flow behind the contract calls getProviderPageOffer / openProviderPage: instead of the
// kiosk scanning, the customer goes through the provider's hosted page. Start a hosted session with the
// provider, persist it with the verification, let the host show the page, and leave the rest to the
// sync worker (which polls and fetches the result like any other verification of that provider).
// Provider-neutral: the provider's side is a HostedPageStarter (ZignSec: providers/zignsec/assisted.ts).
import type { CallRequest, CallResponse } from '../../shared/contract';
import type { ProviderId, Verification } from '../../shared/domain';
import { KioskError } from '../errors';
import type { KioskEvents } from '../events';
import type { Log } from '../log';
import { ProviderError, type ProviderProgress } from '../providers/provider';
import type { Store } from '../store/store';

/** Shows the hosted page (Electron: a locked child window) and resolves when it is closed. */
export type ProviderPageOpener = (redirectUrl: string, expectedOrigin: string) => Promise<void>;

/** A provider's hosted-page start, as the flow needs it. */
export interface HostedPageStarter {
  readonly provider: ProviderId;
  /** The provider's name in sentences the teller reads ("ZignSec"). */
  readonly name: string;
  /** The origin the hosted page must stay on. */
  readonly origin: string;
  /** Whether the branch set the kiosk up to offer the page (read at each call). */
  enabled(): boolean;
  /** Creates the hosted session: the page (a capability URL, never logged) and the progress to persist. */
  start(input: { verificationId: string; locale: string }): Promise<{ redirectUrl: string; progress: ProviderProgress }>;
}

export interface AssistedCallsDeps {
  store: Store;
  events: KioskEvents;
  starter: HostedPageStarter;
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
  const offered = () => deps.opener !== null && deps.starter.enabled();
  /** Verifications whose page is being opened: a double tap must not start two provider sessions. */
  const opening = new Set<string>();

  async function start(starter: HostedPageStarter, v: Verification) {
    try {
      return await starter.start({ verificationId: v.id, locale: store.verificationLocale(v.id) ?? 'en' });
    } catch (e) {
      log('warn', `assisted flow: ${starter.name} could not start a hosted session for ${v.id}`, e instanceof ProviderError ? `${e.kind}: ${e.message}` : e);
      const why =
        e instanceof ProviderError && e.kind === 'auth'
          ? `${starter.name} refused the kiosk's credentials; a supervisor must check them.`
          : `${starter.name} cannot be reached right now.`;
      throw new KioskError('conflict', `${why} Scan the document at the kiosk instead; it will be sent as soon as the branch is online.`, { cause: e });
    }
  }

  return {
    getProviderPageOffer: async () => ({ offered: offered() }),

    openProviderPage: async ({ verificationId }) => {
      const { starter, opener } = deps;
      if (!opener || !offered()) throw new KioskError('conflict', `This kiosk does not offer ${starter.name}'s own page. Scan the document at the kiosk instead.`);
      const v = store.getVerification(verificationId);
      if (!v) throw new KioskError('not_found', 'That verification no longer exists. Start a new one.');
      if (v.state !== 'capturing' || v.provider !== starter.provider || v.captures.length > 0 || opening.has(v.id))
        throw new KioskError(
          'conflict',
          `${starter.name}'s own page can only be used before anything is scanned for this customer. Finish this verification at the kiosk, or choose the document again.`,
        );
      opening.add(v.id);
      try {
        const started = await start(starter, v);
        // Both commits in one synchronous stretch: the worker cannot pick the verification up between
        // "queued" and the hosted session being recorded, so it never creates a second session.
        store.submitVerification(v.id, []);
        store.recordStep(v.id, { kind: 'progress', step: 'provider_page_opened', progress: started.progress, state: 'awaiting_result' });
        events.emit('verificationUpdated', store.getVerification(v.id)!);
        events.emit('queueChanged', store.queueCounts());
        deps.kick(); // polling starts while the customer is on the page (it backs off to the cap)
        try {
          await opener(started.redirectUrl, starter.origin);
        } catch (e) {
          // The session is recorded; the customer can no longer reach the page, so the worker's
          // patience (the provider's assisted timeout) sends it to a supervisor if nothing was finished.
          log('warn', `assisted flow: the provider page for ${v.id} could not be shown`, e instanceof Error ? e.message : e);
          throw new KioskError(
            'device_error',
            `${starter.name}'s page could not be shown. A supervisor can cancel this verification; start a new one and scan the document at the kiosk.`,
            { cause: e },
          );
        }
        const after = store.getVerification(v.id)!;
        events.emit('verificationUpdated', after);
        return after;
      } finally {
        opening.delete(v.id);
      }
    },
  };
}
