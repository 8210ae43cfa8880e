// The assisted ZignSec flow behind the contract calls getProviderPageOffer / openProviderPage: start a
// hosted session, persist it with the verification, let the host show the page, and leave the rest to
// the sync worker (which polls and fetches the result like any other ZignSec verification).
import type { CallRequest, CallResponse } from '../../shared/contract';
import type { Verification } from '../../shared/domain';
import type { ZignSecConfig } from '../config';
import { KioskError } from '../errors';
import type { KioskEvents } from '../events';
import { ProviderError } from '../providers/provider';
import type { AssistedStarter } from '../providers/zignsec/assisted';
import type { Store } from '../store/store';

/** Shows the hosted page (Electron: a locked child window) and resolves when it is closed. */
export type ProviderPageOpener = (redirectUrl: string, expectedOrigin: string) => Promise<void>;

export interface AssistedServiceDeps {
  config: ZignSecConfig;
  store: Store;
  events: KioskEvents;
  /** null when ZignSec is not configured. */
  starter: AssistedStarter | null;
  /** null when the host cannot show a provider page (the web host). */
  opener: ProviderPageOpener | null;
  /** Tell the sync worker there is work (it polls the result). */
  kick: () => void;
  log: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
}

type Calls = {
  getProviderPageOffer: (r: CallRequest<'getProviderPageOffer'>) => Promise<CallResponse<'getProviderPageOffer'>>;
  openProviderPage: (r: CallRequest<'openProviderPage'>) => Promise<CallResponse<'openProviderPage'>>;
};

const NOT_OFFERED = "This kiosk does not offer ZignSec's own page. Scan the document at the kiosk instead.";

export function createAssistedService(deps: AssistedServiceDeps): Calls {
  const offered = () => deps.config.assistedFlow === true && deps.starter !== null && deps.opener !== null;
  /** Verifications whose page is being opened: a double tap must not start two ZignSec sessions. */
  const opening = new Set<string>();

  async function start(v: Verification) {
    try {
      return await deps.starter!.start({ verificationId: v.id, locale: deps.store.verificationLocale(v.id) ?? 'en' });
    } catch (e) {
      deps.log('warn', `assisted flow: ZignSec could not start a hosted session for ${v.id}`, e instanceof ProviderError ? `${e.kind}: ${e.message}` : e);
      const why =
        e instanceof ProviderError && e.kind === 'auth'
          ? 'ZignSec refused the kiosk\'s credentials; a supervisor must check them.'
          : 'ZignSec cannot be reached right now.';
      throw new KioskError('conflict', `${why} Scan the document at the kiosk instead; it will be sent as soon as the branch is online.`, { cause: e });
    }
  }

  return {
    getProviderPageOffer: async () => ({ offered: offered() }),

    openProviderPage: async ({ verificationId }) => {
      if (!offered()) throw new KioskError('conflict', NOT_OFFERED);
      const v = deps.store.getVerification(verificationId);
      if (!v) throw new KioskError('not_found', 'That verification no longer exists. Start a new one.');
      if (v.state !== 'capturing' || v.provider !== 'zignsec' || v.captures.length > 0 || opening.has(v.id))
        throw new KioskError(
          'conflict',
          "ZignSec's own page can only be used before anything is scanned for this customer. Finish this verification at the kiosk, or choose the document again.",
        );
      opening.add(v.id);
      try {
        const started = await start(v);
        // Both commits in one synchronous stretch: the worker cannot pick the verification up between
        // "queued" and the hosted session being recorded, so it never creates a second session.
        deps.store.submitVerification(v.id, []);
        deps.store.recordStep(v.id, { kind: 'progress', step: 'provider_page_opened', progress: started.progress, state: 'awaiting_result' });
        const queued = deps.store.getVerification(v.id)!;
        deps.events.emit('verificationUpdated', queued);
        deps.events.emit('queueChanged', deps.store.queueCounts());
        deps.kick(); // polling starts while the customer is on the page (it backs off to the cap)
        try {
          await deps.opener!(started.redirectUrl, deps.starter!.origin);
        } catch (e) {
          // The session is recorded; the customer can no longer reach the page, so the worker's
          // patience (assistedTimeoutMs) sends it to a supervisor if nothing was finished.
          deps.log('warn', `assisted flow: the provider page for ${v.id} could not be shown`, e instanceof Error ? e.message : e);
          throw new KioskError('device_error', "ZignSec's page could not be shown. A supervisor can cancel this verification; start a new one and scan the document at the kiosk.", { cause: e });
        }
        const after = deps.store.getVerification(v.id)!;
        deps.events.emit('verificationUpdated', after);
        return after;
      } finally {
        opening.delete(v.id);
      }
    },
  };
}
