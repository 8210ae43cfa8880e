// One verification in full, laid out for a decision: large images (zoom, pan, full screen) with the
// action panel beside them (never over them; an override asks for the supervisor's PIN again), the
// kiosk's reading beside the provider's with differences marked by symbol and words as well as
// colour, the provider's fields per zone, the timeline in plain sentences (raw entries and the raw
// provider reply folded away), and failed attempts and the next attempt as they really are.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverrideResult, ReviewDetail } from '../../../shared/contract-supervisor';
import type { VerificationState } from '../../../shared/domain';
import { Banner } from '../components/Banner';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';
import { SyncErrorText } from '../components/SyncErrorText';
import { isCatalogued, useKioskText } from '../app/kiosk-text';
import { ReasonDialog, SecondPinDialog } from './Dialog';
import { ImageViewer } from './ImageViewer';
import { ChipResultCard } from './ChipResultCard';
import { timelineSentence } from './timeline';
import { StateBadge } from './QueueView';
import { sideBySide } from './compare';
import { formatAge, formatDateTime, useSupervisor } from './session';
import { useSupervisorErrorText } from './error-text';

type Action = 'retry' | 'cancel' | 'accept' | 'decline' | 'purge';
const CAN: Record<Action, readonly VerificationState[]> = {
  retry: ['needs_attention', 'queued', 'submitting', 'awaiting_result'],
  cancel: ['capturing', 'queued', 'submitting', 'awaiting_result', 'needs_attention'],
  accept: ['declined', 'failed', 'needs_attention'],
  decline: ['accepted', 'failed', 'needs_attention'],
  purge: ['accepted', 'declined', 'failed', 'cancelled'],
};

/** Pretty-prints the stored reply when it is JSON; otherwise shows it as stored. */
export function formatRaw(raw: string | null): string {
  if (raw === null) return '';
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

export function DetailView({ id, onBack }: { id: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const kioskText = useKioskText();
  const errorText = useSupervisorErrorText();
  const { call } = useSupervisor();
  const [detail, setDetail] = useState<ReviewDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Action | 'confirm' | null>(null);
  const [panel, setPanel] = useState<'retry' | 'accept' | 'decline' | null>(null);
  const [viewing, setViewing] = useState<{ src: string; alt: string } | null>(null);

  const load = useCallback(async () => {
    const r = await call('reviewDetail', { id });
    if (r.ok) setDetail(r.value);
    else setError(errorText(r.error));
  }, [call, id]);
  useEffect(() => void load(), [load]);

  if (!detail) return error ? <Banner tone="error">{error}</Banner> : <Spinner label={t('supervisor.loading')} />;
  const v = detail.verification;
  const row = detail.row;
  const can = (a: Action) => CAN[a].includes(v.state) && !(a === 'purge' && row.imagesPurged);

  const overrideOutcome = (r: OverrideResult): string | null => {
    if (r.status === 'applied') {
      setDialog(null);
      setDone(t('supervisor.actions.overrideDone'));
      void load();
      return null;
    }
    if (r.status === 'pending') {
      setDialog(null);
      setDone(t('supervisor.actions.overridePending'));
      void load();
      return null;
    }
    if (r.status === 'locked') return t('supervisor.login.locked', { time: formatDateTime(r.lockedUntil, i18n.language) });
    return t('supervisor.fourEyes.wrongPin', { count: r.attemptsLeft });
  };

  const run = async (action: 'cancel' | 'purge', reason: string): Promise<string | null> => {
    const r = await call(action === 'cancel' ? 'reviewCancel' : 'reviewPurgeImages', { id, reason });
    if (!r.ok) return errorText(r.error);
    setDetail(r.value);
    setDialog(null);
    setDone(t(`supervisor.actions.${action}Done`));
    return null;
  };

  const decide = async (action: 'retry' | 'accept' | 'decline', text: string, pin: string): Promise<string | null> => {
    if (action === 'retry') {
      const r = await call('reviewRetry', { id, ...(text ? { note: text } : {}) });
      if (!r.ok) return errorText(r.error);
      setDetail(r.value);
      setPanel(null);
      setDone(t('supervisor.actions.retryDone'));
      return null;
    }
    const r = await call('reviewOverride', { id, decision: action === 'accept' ? 'accepted' : 'declined', reason: text, pin });
    if (!r.ok) return errorText(r.error);
    if (r.value.status === 'wrong_pin') return t('supervisor.decide.wrongPin', { count: r.value.attemptsLeft });
    const problem = overrideOutcome(r.value);
    if (!problem) setPanel(null);
    return problem;
  };

  const failedAttempts = Math.max(v.sync.attempts, detail.timeline.filter((e) => e.action === 'retry_scheduled' || (e.action === 'state_changed' && e.actor === 'sync' && ['needs_attention', 'failed'].includes((e.detail as { to?: string } | null)?.to ?? ''))).length);
  const pendingState = ['queued', 'submitting', 'awaiting_result'].includes(v.state);
  const nextAttempt = !pendingState
    ? '—'
    : !v.sync.nextAttemptAt || new Date(v.sync.nextAttemptAt).getTime() <= Date.now()
      ? t('supervisor.detail.waitingNetwork')
      : `${formatDateTime(v.sync.nextAttemptAt, i18n.language)} (${formatAge(v.sync.nextAttemptAt, i18n.language)})`;

  const outcome = v.outcome;
  const mrz = v.captures.map((c) => c.precheck?.mrz).find((m) => m && m.status !== 'unreadable') ?? null;
  const onDevice = sideBySide(mrz, outcome?.identity);
  return (
    <section className="screen supervisor-detail" data-testid="supervisor-detail" data-state={v.state}>
      <div className="detail-head">
        <Button variant="secondary" onClick={onBack} data-testid="detail-back">
          {t('supervisor.detail.back')}
        </Button>
        <ScreenHeading>{t('supervisor.detail.title', { id: v.id.slice(0, 8) })}</ScreenHeading>
        <StateBadge state={v.state} />
      </div>
      {done ? (
        <Banner tone="success" testId="action-done">
          {done}
        </Banner>
      ) : null}
      {detail.pendingOverride ? (
        <Banner
          tone="warning"
          testId="pending-override"
          action={
            <span className="actions">
              <Button variant="primary" onClick={() => setDialog('confirm')} data-testid="pending-confirm">
                {t('supervisor.fourEyes.confirmOpen')}
              </Button>
              <Button
                variant="secondary"
                onClick={async () => {
                  const r = await call('reviewDiscardOverride', { pendingId: detail.pendingOverride!.id });
                  if (r.ok) setDetail(r.value);
                  else setError(errorText(r.error));
                }}
              >
                {t('supervisor.fourEyes.discard')}
              </Button>
            </span>
          }
        >
          {t('supervisor.fourEyes.pending', {
            name: detail.pendingOverride.requestedBy,
            decision: t(`state.${detail.pendingOverride.decision}`),
            reason: detail.pendingOverride.reason,
          })}
        </Banner>
      ) : null}

      <div className="detail-decide">
        <Card title={t('supervisor.detail.captures')}>
          <div className="capture-strip capture-large">
            {v.captures.map((c) => (
              <figure key={c.id} className="capture-figure">
                {c.preview ? (
                  <button type="button" className="image-open" onClick={() => setViewing({ src: c.preview!, alt: t(`side.${c.side}`) })} data-testid="image-open" aria-label={t('supervisor.viewer.open', { what: t(`side.${c.side}`) })}>
                    <img src={c.preview} alt={t(`side.${c.side}`)} />
                  </button>
                ) : (
                  <div className="preview-placeholder">{t('supervisor.detail.noImage')}</div>
                )}
                <figcaption>
                  {t(`side.${c.side}`)} · {c.width}×{c.height}
                </figcaption>
              </figure>
            ))}
            {outcome?.portrait ? (
              <figure className="capture-figure">
                <button type="button" className="image-open" onClick={() => setViewing({ src: outcome.portrait!, alt: t('supervisor.detail.portrait') })} aria-label={t('supervisor.viewer.open', { what: t('supervisor.detail.portrait') })}>
                  <img src={outcome.portrait} alt={t('supervisor.detail.portrait')} />
                </button>
                <figcaption>{t('supervisor.detail.portrait')}</figcaption>
              </figure>
            ) : null}
          </div>
        </Card>
        <aside className="decision-panel" aria-label={t('supervisor.actions.group')} data-testid="decision-panel">
      <div className="actions detail-actions" role="group" aria-label={t('supervisor.actions.group')}>
        <Button variant="primary" disabled={!can('retry')} onClick={() => setPanel('retry')} data-testid="action-retry">
          {t('supervisor.actions.retry')}
        </Button>
        <Button variant="secondary" disabled={!can('accept')} onClick={() => setPanel('accept')} data-testid="action-accept">
          {t('supervisor.actions.accept')}
        </Button>
        <Button variant="secondary" disabled={!can('decline')} onClick={() => setPanel('decline')} data-testid="action-decline">
          {t('supervisor.actions.decline')}
        </Button>
        <Button variant="secondary" disabled={!can('cancel')} onClick={() => setDialog('cancel')} data-testid="action-cancel">
          {t('supervisor.actions.cancel')}
        </Button>
        <Button variant="danger" disabled={!can('purge')} onClick={() => setDialog('purge')} data-testid="action-purge">
          {t('supervisor.actions.purge')}
        </Button>
      </div>
          {panel ? (
            <DecisionForm
              key={panel}
              action={panel}
              fourEyes={detail.fourEyes}
              onSubmit={(text, pin) => decide(panel, text, pin)}
              onClose={() => setPanel(null)}
            />
          ) : null}
        </aside>
      </div>

      <ChipResultCard chip={detail.chip} onView={setViewing} />

      <div className="detail-grid">
        <Card title={t('supervisor.detail.summary')}>
          <dl className="field-list">
            <Item label={t('supervisor.queue.created')} value={formatDateTime(v.createdAt, i18n.language)} />
            <Item label={t('supervisor.queue.provider')} value={t(`supervisor.provider.${v.provider}`)} />
            <Item label={t('supervisor.detail.documentType')} value={t(`document.${v.documentType}.name`)} />
            <Item label={t('supervisor.queue.teller')} value={row.teller ?? '—'} />
            <Item label={t('supervisor.detail.failedAttempts')} value={String(failedAttempts)} testId="failed-attempts" />
            <Item label={t('supervisor.detail.step')} value={v.sync.step ?? '—'} />
            <div className="field-row" data-testid="last-error">
              <dt>{t('supervisor.detail.lastError')}</dt>
              <dd>{v.sync.lastError ? <SyncErrorText sync={v.sync} support testId="last-error-text" /> : '—'}</dd>
            </div>
            <Item label={t('supervisor.detail.nextAttempt')} value={nextAttempt} testId="next-attempt" />
            {detail.override ? (
              <Item
                label={t('supervisor.detail.override')}
                value={t('supervisor.detail.overrideText', {
                  decision: t(`state.${detail.override.decision}`),
                  name: detail.override.by,
                  confirmedBy: detail.override.confirmedBy ?? '—',
                  reason: detail.override.reason,
                })}
                testId="override-info"
              />
            ) : null}
            {row.imagesPurged ? <Item label={t('supervisor.detail.images')} value={t('supervisor.detail.imagesPurged')} /> : null}
          </dl>
        </Card>
      </div>

      <Card title={t('supervisor.detail.onDeviceTitle')}>
        {onDevice.length ? (
          <div className="table-wrap">
            <table className="data-table" data-testid="side-by-side">
              <thead>
                <tr>
                  <th scope="col">{t('supervisor.detail.field')}</th>
                  <th scope="col">{t('supervisor.detail.kiosk')}</th>
                  <th scope="col">{t('supervisor.detail.provider')}</th>
                  <th scope="col">{t('supervisor.detail.match')}</th>
                </tr>
              </thead>
              <tbody>
                {onDevice.map((r) => (
                  <tr key={r.key} className={r.agree === false ? 'row-disagree' : undefined} data-agree={String(r.agree)}>
                    <th scope="row">{t(`identity.${r.key}`)}</th>
                    <td className="mono">{r.kiosk ?? '—'}</td>
                    <td className="mono">{r.provider ?? '—'}</td>
                    <td>
                      <Agreement agree={r.agree} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="hint">{t('supervisor.detail.noOnDevice')}</p>
        )}
      </Card>

      <Card title={t('supervisor.detail.fields')}>
        {outcome && outcome.fields.length ? (
          <div className="table-wrap">
            <table className="data-table" data-testid="field-table">
              <thead>
                <tr>
                  <th scope="col">{t('supervisor.detail.field')}</th>
                  <th scope="col">{t('supervisor.detail.mrz')}</th>
                  <th scope="col">{t('supervisor.detail.visual')}</th>
                  <th scope="col">{t('supervisor.detail.barcode')}</th>
                  <th scope="col">{t('supervisor.detail.agreement')}</th>
                </tr>
              </thead>
              <tbody>
                {outcome.fields.map((f) => (
                  <tr key={f.name} className={f.agree === false ? 'row-disagree' : undefined} data-agree={String(f.agree)}>
                    <th scope="row">{f.name}</th>
                    <td className="mono">{f.mrz ?? '—'}</td>
                    <td className="mono">{f.visual ?? '—'}</td>
                    <td className="mono">{f.barcode ?? '—'}</td>
                    <td>
                      <Agreement agree={f.agree} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="hint">{t('supervisor.detail.noFields')}</p>
        )}
        {outcome ? (
          <>
            <h3 className="subhead">{t('supervisor.detail.identity')}</h3>
            <dl className="field-list">
              {Object.entries(outcome.identity).map(([k, value]) => (
                <Item key={k} label={k === 'age' ? t('supervisor.detail.age') : t(`identity.${k}`, { defaultValue: k })} value={value === null ? '—' : typeof value === 'boolean' ? t(value ? 'common.yes' : 'common.no') : String(value)} />
              ))}
              {outcome.selfieSimilarity !== null ? <Item label={t('supervisor.detail.selfie')} value={`${outcome.selfieSimilarity}%`} /> : null}
            </dl>
            {outcome.reasons.length ? (
              <>
                <h3 className="subhead">{t('supervisor.detail.reasons')}</h3>
                <ul>
                  {/* The kiosk's sentence in the supervisor's language; a provider's own words labelled as theirs, in English. */}
                  {outcome.reasons.map((r) => (
                    <li key={`${r.code}-${r.field ?? ''}`} data-testid="detail-reason">
                      <span className="mono">{r.code}</span>{' '}
                      {isCatalogued(r) ? (
                        kioskText(r)
                      ) : (
                        <span className="reason-provider">
                          <span className="reason-provider-label">{t('outcome.providerWords', { provider: t(`supervisor.provider.${outcome.provider}`) })}</span>{' '}
                          <q lang="en">{r.message}</q>
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        ) : null}
      </Card>


      <Card title={t('supervisor.detail.raw')}>
        {detail.rawResponse ? (
          <details className="raw-fold">
            <summary data-testid="raw-open">{t('supervisor.detail.showRaw')}</summary>
            <pre className="raw-reply" tabIndex={0} data-testid="raw-reply" aria-label={t('supervisor.detail.raw')}>
              {formatRaw(detail.rawResponse)}
            </pre>
          </details>
        ) : (
          <p className="hint">{t('supervisor.detail.noRaw')}</p>
        )}
      </Card>

      <Card title={t('supervisor.detail.timeline')}>
        <ol className="timeline" data-testid="timeline">
          {detail.timeline.map((e) => (
            <li key={e.seq} data-action={e.action}>
              <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time> <span className="timeline-sentence">{timelineSentence(e, t, i18n.language)}</span>
              <details className="timeline-raw">
                <summary>{t('supervisor.detail.entryDetails')}</summary>
                <code className="timeline-detail">
                  {e.action} · {e.actor} · {JSON.stringify(e.detail)}
                </code>
              </details>
            </li>
          ))}
        </ol>
      </Card>

      {dialog === 'cancel' || dialog === 'purge' ? (
        <ReasonDialog
          title={t(`supervisor.actions.${dialog}`)}
          lead={t(`supervisor.actions.${dialog}Lead`)}
          confirmLabel={t(`supervisor.actions.${dialog}`)}
          danger
          onConfirm={(reason) => run(dialog, reason)}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {viewing ? <ImageViewer src={viewing.src} alt={viewing.alt} onClose={() => setViewing(null)} /> : null}
      {dialog === 'confirm' && detail.pendingOverride ? (
        <SecondPinDialog
          requestedBy={detail.pendingOverride.requestedBy}
          onClose={() => setDialog(null)}
          onConfirm={async (pin) => {
            const r = await call('reviewConfirmOverride', { pendingId: detail.pendingOverride!.id, pin });
            return r.ok ? overrideOutcome(r.value) : errorText(r.error);
          }}
        />
      ) : null}
    </section>
  );
}

/**
 * The decision form in the panel beside the images: Retry takes an optional note; an override takes
 * a reason and the supervisor's PIN again (a second supervisor confirms it under four-eyes).
 */
function DecisionForm({ action, fourEyes, onSubmit, onClose }: { action: 'retry' | 'accept' | 'decline'; fourEyes: boolean; onSubmit: (text: string, pin: string) => Promise<string | null>; onClose: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const override = action !== 'retry';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (override && text.trim().length < 3) return setError(t('supervisor.reason.required'));
    if (override && !/^[0-9]{4,12}$/.test(pin)) return setError(t('supervisor.decide.pinNeeded'));
    setBusy(true);
    const problem = await onSubmit(text.trim(), pin);
    setBusy(false);
    setPin('');
    setError(problem);
  };
  return (
    <form className="form-grid decision-form" onSubmit={submit} data-testid="decision-form" aria-label={t(`supervisor.actions.${action}`)}>
      <h3 className="subhead">{t(`supervisor.actions.${action}`)}</h3>
      <p>{override ? t(`supervisor.actions.${action}Lead`) + (fourEyes ? ` ${t('supervisor.fourEyes.note')}` : '') : t('supervisor.decide.retryLead')}</p>
      {error ? (
        <Banner tone="error" live="assertive" testId="decision-error">
          {error}
        </Banner>
      ) : null}
      <label>
        <span>{override ? t('supervisor.reason.label') : t('supervisor.decide.note')}</span>
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={500} required={override} autoFocus data-testid="decision-text" />
      </label>
      {override ? (
        <label>
          <span>{t('supervisor.decide.pin')}</span>
          <input type="password" inputMode="numeric" autoComplete="off" value={pin} maxLength={12} onChange={(e) => setPin(e.target.value.replace(/[^0-9]/g, ''))} data-testid="decision-pin" />
        </label>
      ) : null}
      <div className="actions">
        <Button variant="secondary" onClick={onClose}>
          {t('supervisor.cancelDialog')}
        </Button>
        <Button variant="primary" type="submit" busy={busy} data-testid="decision-submit">
          {t(`supervisor.actions.${action}`)}
        </Button>
      </div>
    </form>
  );
}

/** Agreement by symbol and words, not by colour alone. */
function Agreement({ agree }: { agree: boolean | null }) {
  const { t } = useTranslation();
  if (agree === false) {
    return (
      <strong className="disagree">
        <span aria-hidden="true">✕ </span>
        {t('supervisor.detail.disagree')}
      </strong>
    );
  }
  if (agree === true) {
    return (
      <span className="agree">
        <span aria-hidden="true">✓ </span>
        {t('supervisor.detail.agree')}
      </span>
    );
  }
  return <>{t('supervisor.detail.notCompared')}</>;
}

function Item({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="field-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
