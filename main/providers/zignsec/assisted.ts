// The assisted variant of ZignSec: instead of the kiosk uploading its own scans, the
// customer goes through ZignSec's hosted page (`ui/analyses` → `redirect_url`) in a locked child window
// that the Electron host opens (main/electron/provider-window.ts). It needs the network there and then,
// so unlike the outbox path it runs while the teller waits; once the page is open the verification
// joins the outbox in `awaiting_result`, and the sync worker polls and fetches the result as usual.
//
// Duplicate window: ZignSec cannot look a session up by relay_state, so a crash between ZignSec
// answering and the store commit leaves an empty orphan session there (as with create session in the
// adapter). Nothing else is sent before the commit.
import type { HttpTransport } from '../http-transport';
import type { ZignSecConfig } from '../../config';
import type { ProviderProgress } from '../provider';
import type { ZignSecProgress } from './adapter';
import { buildCreateSessionRequest, zignSecBaseUrl, ZignSecClient } from './client';

export interface AssistedStart {
  sessionId: string;
  /** The hosted page. A capability URL (the session id is its only key): never logged, never sent to the renderer. */
  redirectUrl: string;
  /** Progress to persist with the verification: the adapter then only polls and fetches the result. */
  progress: ProviderProgress;
}

export interface AssistedStarter {
  readonly provider: 'zignsec';
  /** The provider's name in the sentences the teller reads. */
  readonly name: 'ZignSec';
  /** The origin the hosted page must stay on (the configured ZignSec base URL). */
  readonly origin: string;
  /** Offered when the branch turned it on (providers.zignsec.assistedFlow) and ZignSec has an API key. */
  enabled(): boolean;
  start(input: { verificationId: string; locale: string }, signal?: AbortSignal): Promise<AssistedStart>;
}

export function createAssistedStarter(config: ZignSecConfig, opts: { transport?: HttpTransport } = {}): AssistedStarter {
  const baseUrl = zignSecBaseUrl(config);
  // Made at the first start: the client refuses to exist without an API key, and without one the flow is not offered.
  let client: ZignSecClient | undefined;
  const zignsec = () =>
    (client ??= new ZignSecClient({
      apiKey: config.apiKey ?? '',
      baseUrl,
      timeoutMs: config.requestTimeoutMs,
      ...(opts.transport ? { transport: opts.transport } : {}),
    }));
  return {
    provider: 'zignsec',
    name: 'ZignSec',
    origin: new URL(baseUrl).origin,
    enabled: () => config.assistedFlow === true && !!config.apiKey,
    async start({ verificationId, locale }, signal) {
      const client = zignsec();
      const session = await client.createSession(buildCreateSessionRequest(config, { locale, relayState: verificationId }), signal);
      const ui = await client.startUiAnalysis(session.session_id, config.analysisTypes, signal);
      const progress: ZignSecProgress = { sessionId: session.session_id, assisted: true, documents: {}, polls: 0, possibleDuplicates: 0, reconciled: [] };
      return { sessionId: session.session_id, redirectUrl: ui.redirect_url, progress: progress as ProviderProgress };
    },
  };
}
