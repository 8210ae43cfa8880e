// The hash-chained audit log, newest first, with "verify" (names the first broken link) and the
// exports for auditors (audit log or verification metadata, CSV or JSON, for a date range).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntryView, AuditVerdictView } from '../../../shared/contract-supervisor';
import { Banner, ErrorBanner } from '../components/Banner';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';
import { formatDateTime, localDayEnd, localDayStart, todayLocal, useSupervisor } from './session';
import { useSupervisorErrorText } from './error-text';

const PAGE = 50;

/** Hands a file to the browser as a download (object URL, revoked once the click has started it). */
function download(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mimeType};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AuditView({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useSupervisorErrorText();
  const { call } = useSupervisor();
  const [before, setBefore] = useState<Array<number | undefined>>([undefined]);
  const [page, setPage] = useState<{ items: AuditEntryView[]; nextBeforeSeq: number | null } | null>(null);
  const [verdict, setVerdict] = useState<AuditVerdictView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const current = before[before.length - 1];

  const load = useCallback(async () => {
    const r = await call('reviewAudit', { limit: PAGE, beforeSeq: current });
    if (r.ok) setPage(r.value);
    else setError(errorText(r.error));
  }, [call, current]);
  useEffect(() => void load(), [load]);

  const verify = async () => {
    setVerifying(true);
    const r = await call('reviewVerifyAudit', {});
    setVerifying(false);
    if (r.ok) setVerdict(r.value);
    else setError(errorText(r.error));
  };

  return (
    <section className="screen" data-testid="supervisor-audit">
      <ScreenHeading>{t('supervisor.audit.title')}</ScreenHeading>
      <div className="actions">
        <Button variant="primary" onClick={() => void verify()} busy={verifying} data-testid="audit-verify">
          {t('supervisor.audit.verify')}
        </Button>
      </div>
      {verdict ? (
        verdict.ok ? (
          <Banner tone="success" testId="audit-verdict-ok">
            {t('supervisor.audit.intact', { count: verdict.count })}
          </Banner>
        ) : (
          <Banner tone="error" testId="audit-verdict-broken" live="assertive">
            {t('supervisor.audit.broken', { seq: verdict.brokenAt })}{' '}
            {verdict.row ? t('supervisor.audit.brokenRow', { action: verdict.row.action, time: formatDateTime(verdict.row.at, i18n.language) }) : null}
          </Banner>
        )
      ) : null}
      <ErrorBanner error={error} />
      <ExportCard />
      {!page ? (
        <Spinner label={t('supervisor.loading')} />
      ) : (
        <div className="table-wrap">
          <table className="data-table audit-table" data-testid="audit-table">
            <caption className="visually-hidden">{t('supervisor.audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervisor.audit.seq')}</th>
                <th scope="col">{t('supervisor.audit.time')}</th>
                <th scope="col">{t('supervisor.audit.actor')}</th>
                <th scope="col">{t('supervisor.audit.action')}</th>
                <th scope="col">{t('supervisor.audit.verification')}</th>
                <th scope="col">{t('supervisor.audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => (
                <tr key={e.seq} className={verdict && !verdict.ok && verdict.brokenAt === e.seq ? 'row-disagree' : undefined} data-seq={e.seq}>
                  <td>{e.seq}</td>
                  <td>{formatDateTime(e.at, i18n.language)}</td>
                  <td>{e.actor}</td>
                  <td>{e.action}</td>
                  <td>
                    {e.verificationId ? (
                      <button type="button" className="row-link mono" onClick={() => onOpen(e.verificationId!)}>
                        {e.verificationId.slice(0, 8)}
                      </button>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <code className="timeline-detail">{typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions pager">
        <Button variant="secondary" disabled={before.length <= 1} onClick={() => setBefore((b) => b.slice(0, -1))}>
          {t('supervisor.queue.newer')}
        </Button>
        <Button variant="secondary" disabled={!page?.nextBeforeSeq} onClick={() => page?.nextBeforeSeq && setBefore((b) => [...b, page.nextBeforeSeq!])} data-testid="audit-older">
          {t('supervisor.queue.older')}
        </Button>
      </div>
    </section>
  );
}

function ExportCard() {
  const { t } = useTranslation();
  const errorText = useSupervisorErrorText();
  const { call } = useSupervisor();
  const [kind, setKind] = useState<'audit' | 'verifications'>('audit');
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [from, setFrom] = useState(todayLocal(-30));
  const [to, setTo] = useState(todayLocal());
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!from || !to || from > to) return setMessage({ tone: 'error', text: t('supervisor.export.badRange') });
    setBusy(true);
    const r = await call('reviewExport', { kind, format, from: localDayStart(from), to: localDayEnd(to) });
    setBusy(false);
    if (!r.ok) return setMessage({ tone: 'error', text: errorText(r.error) });
    download(r.value.fileName, r.value.mimeType, r.value.content);
    setMessage({ tone: 'success', text: t('supervisor.export.done', { count: r.value.rows, file: r.value.fileName }) });
  };
  return (
    <Card title={t('supervisor.export.title')}>
      <form className="filters" onSubmit={submit} data-testid="export-form">
        <fieldset>
          <legend>{t('supervisor.export.what')}</legend>
          <label className="inline">
            <input type="radio" name="export-kind" checked={kind === 'audit'} onChange={() => setKind('audit')} /> {t('supervisor.export.audit')}
          </label>
          <label className="inline">
            <input type="radio" name="export-kind" checked={kind === 'verifications'} onChange={() => setKind('verifications')} data-testid="export-verifications" />{' '}
            {t('supervisor.export.verifications')}
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('supervisor.export.format')}</legend>
          <label className="inline">
            <input type="radio" name="export-format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> {t('supervisor.export.csv')}
          </label>
          <label className="inline">
            <input type="radio" name="export-format" checked={format === 'json'} onChange={() => setFormat('json')} data-testid="export-json" /> {t('supervisor.export.json')}
          </label>
        </fieldset>
        <label>
          <span>{t('supervisor.queue.from')}</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required data-testid="export-from" />
        </label>
        <label>
          <span>{t('supervisor.queue.to')}</span>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} required data-testid="export-to" />
        </label>
        <div className="filter-actions">
          <Button variant="primary" type="submit" busy={busy} data-testid="export-submit">
            {t('supervisor.export.submit')}
          </Button>
        </div>
      </form>
      {message ? (
        <Banner tone={message.tone} testId="export-message">
          {message.text}
        </Banner>
      ) : null}
    </Card>
  );
}
