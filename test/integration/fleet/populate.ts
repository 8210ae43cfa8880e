// Verifications in every state, made through the store's own calls (the transitions the kiosk
// makes), for the metrics tests: the trigger-kept counts must follow them.
import type { Outcome, ProviderId } from '../../../shared/domain';
import type { Store } from '../../../main/store/store';
import { captureInput } from '../store/support';

export type Plan = Partial<Record<'capturing' | 'cancelled' | 'queued' | 'submitting' | 'awaiting_result' | 'needs_attention' | 'accepted' | 'declined' | 'retried', number>>;

function outcome(decision: 'accepted' | 'declined', provider: ProviderId): Outcome {
  return {
    decision,
    provider,
    reasons: [],
    identity: {} as Outcome['identity'],
    fields: [],
    selfieSimilarity: null,
    portrait: null,
    decidedAt: new Date().toISOString(),
  } as Outcome;
}

export function populate(store: Store, provider: ProviderId, plan: Plan): void {
  const queued = () => {
    const v = store.createVerification({ documentType: 'passport', provider, locale: 'en' });
    store.putCapture(captureInput(v.id, 'front'));
    store.submitVerification(v.id, ['front']);
    return v.id;
  };
  const awaiting = () => {
    const id = queued();
    store.recordStep(id, { kind: 'progress', step: 'analysis_started', progress: {}, state: 'awaiting_result' });
    return id;
  };
  const times = (n: number | undefined, f: () => void) => {
    for (let i = 0; i < (n ?? 0); i++) f();
  };
  times(plan.capturing, () => store.createVerification({ documentType: 'passport', provider, locale: 'en' }));
  times(plan.cancelled, () => store.cancelCapturingVerification(store.createVerification({ documentType: 'passport', provider, locale: 'en' }).id));
  times(plan.queued, queued);
  times(plan.submitting, () => store.recordStep(queued(), { kind: 'progress', step: 'session_created', progress: {}, state: 'submitting' }));
  times(plan.awaiting_result, awaiting);
  times(plan.needs_attention, () => store.recordNeedsAttention(queued(), 'the provider refused the document (test)', null));
  times(plan.retried, () => store.recordRetry(queued(), 'HTTP 503 (test)', Date.now() + 60_000));
  for (const decision of ['accepted', 'declined'] as const) {
    times(plan[decision], () => store.recordStep(awaiting(), { kind: 'final', step: 'result_fetched', progress: {}, outcome: outcome(decision, provider), raw: {} } as never));
  }
}

/** What the store holds, counted the slow way: (provider, state) → verifications. */
export function countedByStore(store: Store): Map<string, number> {
  const rows = store.db.prepare<[], { provider: string; state: string; n: number }>('SELECT provider, state, count(*) AS n FROM verifications GROUP BY provider, state').all();
  return new Map(rows.map((r) => [`${r.provider}/${r.state}`, r.n]));
}
