// The queue: opens on what needs a decision (declined, failed, needing attention, stuck), with a
// tab per state and its count; newest first, filtered by state, provider, teller and date range,
// searched by document number or name (the provider's, or the kiosk's MRZ reading while the
// provider has not answered), paged with the cursor main returns, refreshed live from the events.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewQueueRow } from '../../../shared/contract-supervisor';
import { ProviderId, VerificationState } from '../../../shared/domain';
import { ErrorBanner } from '../components/Banner';
import { Button } from '../components/Button';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';
import { formatAge, formatDateTime, localDayEnd, localDayStart, useSupervisor } from './session';
import { useSupervisorErrorText } from './error-text';

export type QueueFilters = {
  /** Absent = the default, "needs a decision". */
  view?: 'needs_decision' | 'all';
  state?: VerificationState;
  provider?: ProviderId;
  teller?: string;
  fromDay?: string;
  toDay?: string;
  search?: string;
};

type Counts = { needsDecision: number; byState: Record<string, number>; stuckAfterMinutes: number };

/** The state tabs after "Needs a decision" and "All", in the order a supervisor works through them. */
const STATE_TABS: readonly VerificationState[] = ['declined', 'failed', 'needs_attention', 'queued', 'submitting', 'awaiting_result', 'capturing', 'accepted', 'cancelled'];

const PAGE = 25;

export function StateBadge({ state }: { state: VerificationState }) {
  const { t } = useTranslation();
  const tone = state === 'accepted' ? 'ok' : state === 'declined' || state === 'failed' ? 'bad' : state === 'needs_attention' ? 'warn' : 'neutral';
  const mark = tone === 'ok' ? '✓' : tone === 'bad' ? '✕' : tone === 'warn' ? '!' : '•';
  return (
    <span className={`state-badge state-${tone}`} data-state={state}>
      <span aria-hidden="true">{mark}</span> {t(`state.${state}`)}
    </span>
  );
}

export function QueueView({ filters, onFilters, onOpen }: { filters: QueueFilters; onFilters: (f: QueueFilters) => void; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useSupervisorErrorText();
  const { call, kiosk } = useSupervisor();
  const [draft, setDraft] = useState<QueueFilters>(filters);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  // `query` remembers which filters and cursor the rows on screen answer, so stale rows are marked busy
  // while a new filter loads instead of passing for its result.
  const [page, setPage] = useState<{ items: ReviewQueueRow[]; nextCursor: string | null; tellers: string[]; query: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1];

  const query = JSON.stringify([filters, cursor ?? null]);
  // A search looks through every verification: the one being looked for may not need a decision.
  const view = filters.search || filters.state ? 'all' : (filters.view ?? 'needs_decision');
  const load = useCallback(async () => {
    const [r, c] = await Promise.all([
      call('reviewList', {
      limit: PAGE,
      cursor,
      view,
      state: filters.state,
      provider: filters.provider,
      teller: filters.teller,
      search: filters.search || undefined,
      from: filters.fromDay ? localDayStart(filters.fromDay) : undefined,
      to: filters.toDay ? localDayEnd(filters.toDay) : undefined,
      }),
      call('reviewCounts', {}),
    ]);
    if (c.ok) setCounts(c.value);
    setNow(Date.now());
    if (r.ok) {
      setPage({ ...r.value, query });
      setError(null);
    } else setError(errorText(r.error));
  }, [call, cursor, filters, query, view]);
  const stale = page !== null && page.query !== query;
  useEffect(() => void load(), [load]);

  // Live: any change to a verification reloads the page on screen (debounced), without a reload.
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let timer: number | undefined;
    const soon = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void loadRef.current(), 300);
    };
    const offs = [kiosk.on('queueChanged', soon), kiosk.on('verificationUpdated', soon)];
    // Ages ("3 minutes ago") and the stuck line move on by themselves.
    const tick = window.setInterval(soon, 60_000);
    return () => {
      offs.forEach((off) => off());
      window.clearTimeout(timer);
      window.clearInterval(tick);
    };
  }, [kiosk]);

  const choose = (next: QueueFilters) => {
    setCursors([undefined]);
    setDraft(next);
    onFilters(next);
  };
  const total = counts ? Object.values(counts.byState).reduce((a, b) => a + b, 0) : null;
  const currentTab = filters.state ?? (filters.view === 'all' ? 'all' : 'needs_decision');

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setCursors([undefined]);
    onFilters(draft);
  };
  const set = (patch: Partial<QueueFilters>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <section className="screen" data-testid="supervisor-queue">
      <ScreenHeading>{t('supervisor.queue.title')}</ScreenHeading>
      <nav className="queue-tabs" aria-label={t('supervisor.queue.views')}>
        <ul>
          {(['needs_decision', 'all', ...STATE_TABS] as const)
            .filter((k) => k === 'needs_decision' || k === 'all' || (counts?.byState[k] ?? 0) > 0 || filters.state === k)
            .map((k) => {
              const n = k === 'needs_decision' ? counts?.needsDecision : k === 'all' ? total : counts?.byState[k];
              const label = k === 'needs_decision' ? t('supervisor.queue.needsDecision') : k === 'all' ? t('supervisor.queue.all') : t(`state.${k}`);
              return (
                <li key={k}>
                  <button
                    type="button"
                    className={`queue-tab ${currentTab === k ? 'queue-tab-current' : ''}`}
                    aria-current={currentTab === k ? 'page' : undefined}
                    onClick={() =>
                      choose(k === 'needs_decision' ? { ...draft, view: 'needs_decision', state: undefined, search: undefined } : k === 'all' ? { ...draft, view: 'all', state: undefined } : { ...draft, view: 'all', state: k })
                    }
                    data-testid={`queue-tab-${k}`}
                  >
                    {label} <span className="count" data-testid={`queue-count-${k}`}>{n ?? '…'}</span>
                  </button>
                </li>
              );
            })}
        </ul>
      </nav>
      {currentTab === 'needs_decision' && counts ? <p className="hint">{t('supervisor.queue.needsDecisionHint', { minutes: counts.stuckAfterMinutes })}</p> : null}
      {filters.search && !filters.state ? <p className="hint">{t('supervisor.queue.searchAll')}</p> : null}
      <form className="filters" onSubmit={apply} role="search" aria-label={t('supervisor.queue.filters')}>
        <label>
          <span>{t('supervisor.queue.search')}</span>
          <input type="search" value={draft.search ?? ''} onChange={(e) => set({ search: e.target.value })} maxLength={200} data-testid="filter-search" />
        </label>
        <label>
          <span>{t('supervisor.queue.state')}</span>
          <select value={draft.state ?? ''} onChange={(e) => set({ state: (e.target.value || undefined) as VerificationState | undefined })} data-testid="filter-state">
            <option value="">{t('supervisor.queue.any')}</option>
            {VerificationState.options.map((s) => (
              <option key={s} value={s}>
                {t(`state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('supervisor.queue.provider')}</span>
          <select value={draft.provider ?? ''} onChange={(e) => set({ provider: (e.target.value || undefined) as ProviderId | undefined })} data-testid="filter-provider">
            <option value="">{t('supervisor.queue.any')}</option>
            {ProviderId.options.map((p) => (
              <option key={p} value={p}>
                {t(`supervisor.provider.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('supervisor.queue.teller')}</span>
          <select value={draft.teller ?? ''} onChange={(e) => set({ teller: e.target.value || undefined })} data-testid="filter-teller">
            <option value="">{t('supervisor.queue.any')}</option>
            {(page?.tellers ?? []).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('supervisor.queue.from')}</span>
          <input type="date" value={draft.fromDay ?? ''} onChange={(e) => set({ fromDay: e.target.value || undefined })} data-testid="filter-from" />
        </label>
        <label>
          <span>{t('supervisor.queue.to')}</span>
          <input type="date" value={draft.toDay ?? ''} onChange={(e) => set({ toDay: e.target.value || undefined })} data-testid="filter-to" />
        </label>
        <div className="filter-actions">
          <Button variant="primary" type="submit" data-testid="filter-apply">
            {t('supervisor.queue.apply')}
          </Button>
          <Button
            variant="quiet"
            onClick={() => choose({})}
          >
            {t('supervisor.queue.reset')}
          </Button>
        </div>
      </form>
      <ErrorBanner error={error} />
      {!page ? (
        <Spinner label={t('supervisor.loading')} />
      ) : page.items.length === 0 ? (
        <p className="hint" data-testid="queue-empty" aria-busy={stale || undefined}>
          {t('supervisor.queue.empty')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="queue-table" aria-busy={stale || undefined}>
            <caption className="visually-hidden">{t('supervisor.queue.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervisor.queue.created')}</th>
                <th scope="col">{t('supervisor.queue.state')}</th>
                <th scope="col">{t('supervisor.queue.holder')}</th>
                <th scope="col">{t('supervisor.queue.documentNumber')}</th>
                <th scope="col">{t('supervisor.queue.provider')}</th>
                <th scope="col">{t('supervisor.queue.teller')}</th>
                <th scope="col">{t('supervisor.queue.attempts')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((row) => (
                <tr key={row.id} data-testid="queue-row" data-id={row.id}>
                  <td>
                    <button type="button" className="row-link" onClick={() => onOpen(row.id)}>
                      <time dateTime={row.createdAt}>{formatDateTime(row.createdAt, i18n.language)}</time>
                    </button>
                    <span className="age">{formatAge(row.createdAt, i18n.language, now)}</span>
                  </td>
                  <td>
                    <StateBadge state={row.state} />
                    {row.stuck ? <span className="tag tag-warn">{t('supervisor.queue.stuck', { age: formatAge(row.updatedAt, i18n.language, now) })}</span> : null}
                    {row.overridden ? <span className="tag">{t('supervisor.queue.overridden')}</span> : null}
                  </td>
                  <td>
                    {row.holderName ?? '—'}
                    {row.identitySource === 'kiosk' ? <span className="tag" data-testid="read-by-kiosk">{t('supervisor.queue.readByKiosk')}</span> : null}
                  </td>
                  <td className="mono">{row.documentNumber ?? '—'}</td>
                  <td>{t(`supervisor.provider.${row.provider}`)}</td>
                  <td>{row.teller ?? '—'}</td>
                  <td>{row.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions pager">
        <Button variant="secondary" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="page-newer">
          {t('supervisor.queue.newer')}
        </Button>
        <span className="hint">{t('supervisor.queue.page', { page: cursors.length })}</span>
        <Button variant="secondary" disabled={!page?.nextCursor} onClick={() => page?.nextCursor && setCursors((c) => [...c, page.nextCursor!])} data-testid="page-older">
          {t('supervisor.queue.older')}
        </Button>
      </div>
    </section>
  );
}
