// The health dashboard: queue depth over time, outcomes per day, time from capture to result,
// provider error rates with circuit state, disk use and retention, and the open alerts.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HealthReport } from '../../../shared/contract-supervisor';
import { Banner } from '../components/Banner';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';
import { formatBytes } from '../app/format';
import { Chart, type ChartSeries } from './Chart';
import { formatDateTime, useSupervisor } from './session';
import { useSupervisorErrorText } from './error-text';
import { useKioskText } from '../app/kiosk-text';

const BLUE = '#1b4fd8';
const RED = '#a4161a';
const GREEN = '#146c2e';
const BROWN = '#7a4b00';
const GREY = '#454c57';

/** The data props of <Chart> from one of the series built below (time charts have no labels). */
const chartData = (c: { x: number[]; ys: Array<Array<number | null>>; series: ChartSeries[]; labels?: string[] }) => ({
  x: c.x,
  ys: c.ys,
  series: c.series,
  ...(c.labels ? { xLabels: c.labels } : {}),
});

export function HealthView() {
  const { t, i18n } = useTranslation();
  // An alert's catalogue sentence in the teller's language; main's English message when it has none
  // (a free-text notice or kiosk-security warning). Alerts in the database keep the English they were
  // raised with; main derives their sentence from the kind when it reads them, old rows included.
  const alertText = useKioskText();
  const errorText = useSupervisorErrorText();
  const { call } = useSupervisor();
  const [report, setReport] = useState<HealthReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await call('reviewHealth', { days: 14, tzOffsetMinutes: -new Date().getTimezoneOffset() });
    if (r.ok) setReport(r.value);
    else setError(errorText(r.error));
  }, [call]);
  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), 30_000);
    return () => window.clearInterval(timer);
  }, [load]);

  const charts = useMemo(() => {
    if (!report) return null;
    const qx = report.queue.map((q) => Date.parse(q.at) / 1000);
    const days = report.outcomesPerDay.map((d) => d.day.slice(5));
    const idx = days.map((_, i) => i);
    const o = report.outcomesPerDay;
    // Stacked bars: each series is drawn from 0 to its running total, largest first.
    const stack = [
      o.map((d) => d.accepted + d.declined + d.failed + d.cancelled),
      o.map((d) => d.accepted + d.declined + d.failed),
      o.map((d) => d.accepted + d.declined),
      o.map((d) => d.accepted),
    ];
    return {
      queue: {
        x: qx,
        ys: [report.queue.map((q) => q.waiting), report.queue.map((q) => q.inFlight), report.queue.map((q) => q.needsAttention)],
        series: [
          { label: t('supervisor.health.waiting'), color: BLUE },
          { label: t('supervisor.health.inFlight'), color: GREEN, dash: [8, 4] },
          { label: t('supervisor.health.needsAttention'), color: RED, dash: [2, 3] },
        ] as ChartSeries[],
      },
      outcomes: {
        x: idx,
        labels: days,
        ys: stack,
        series: [
          { label: t('state.cancelled'), color: GREY, bars: true },
          { label: t('state.failed'), color: BROWN, bars: true },
          { label: t('state.declined'), color: RED, bars: true },
          { label: t('state.accepted'), color: GREEN, bars: true },
        ] as ChartSeries[],
      },
      turnaround: {
        x: idx,
        labels: days,
        ys: [report.turnaroundPerDay.map((d) => (d.p50Ms === null ? null : d.p50Ms / 1000)), report.turnaroundPerDay.map((d) => (d.p95Ms === null ? null : d.p95Ms / 1000))],
        series: [
          { label: t('supervisor.health.median'), color: BLUE },
          { label: t('supervisor.health.p95'), color: RED, dash: [8, 4] },
        ] as ChartSeries[],
      },
      errors: {
        x: report.providers.map((_, i) => i),
        labels: report.providers.map((p) => t(`supervisor.provider.${p.id}`)),
        ys: [report.providers.map((p) => (p.errorRate === null ? 0 : Math.round(p.errorRate * 1000) / 10))],
        series: [{ label: t('supervisor.health.errorRate'), color: RED, bars: true }] as ChartSeries[],
      },
    };
  }, [report, t]);

  if (!report || !charts) return error ? <Banner tone="error">{error}</Banner> : <Spinner label={t('supervisor.loading')} />;
  const totals = report.outcomesPerDay.reduce((a, d) => ({ accepted: a.accepted + d.accepted, declined: a.declined + d.declined, failed: a.failed + d.failed }), { accepted: 0, declined: 0, failed: 0 });
  const latest = report.queue[report.queue.length - 1];
  const lang = i18n.language;

  return (
    <section className="screen" data-testid="supervisor-health">
      <ScreenHeading>{t('supervisor.health.title')}</ScreenHeading>
      {report.alerts.map((a) => (
        <Banner
          key={a.id}
          tone={a.kind === 'needs_attention' ? 'warning' : 'error'}
          testId={`alert-${a.kind}`}
          action={
            a.kind === 'provider_auth' && a.provider ? (
              <Button
                variant="secondary"
                onClick={async () => {
                  const r = await call('reviewResumeProvider', { provider: a.provider as 'zignsec' | 'zoloz' });
                  if (r.ok) void load();
                  else setError(errorText(r.error));
                }}
              >
                {t('supervisor.health.resume')}
              </Button>
            ) : undefined
          }
        >
          <strong>{t(`supervisor.alerts.kind.${a.kind}`)}</strong> {alertText(a)}
        </Banner>
      ))}
      {note ? <Banner tone="success">{note}</Banner> : null}
      <div className="chart-grid">
        <Card>
          <Chart
            title={t('supervisor.health.queueTitle')}
            summary={t('supervisor.health.queueSummary', { waiting: latest?.waiting ?? 0, inFlight: latest?.inFlight ?? 0, needsAttention: latest?.needsAttention ?? 0 })}
            {...chartData(charts.queue)}
            time
            testId="chart-queue"
          />
        </Card>
        <Card>
          <Chart
            title={t('supervisor.health.outcomesTitle')}
            summary={t('supervisor.health.outcomesSummary', totals)}
            {...chartData(charts.outcomes)}
            time={false}
            testId="chart-outcomes"
          />
        </Card>
        <Card>
          <Chart
            title={t('supervisor.health.turnaroundTitle')}
            summary={t('supervisor.health.turnaroundSummary')}
            {...chartData(charts.turnaround)}
            time={false}
            testId="chart-turnaround"
          />
        </Card>
        <Card>
          <Chart
            title={t('supervisor.health.errorsTitle')}
            summary={report.providers.map((p) => t('supervisor.health.providerLine', { provider: t(`supervisor.provider.${p.id}`), rate: p.errorRate === null ? '—' : `${Math.round(p.errorRate * 100)}%` })).join(' ')}
            {...chartData(charts.errors)}
            time={false}
            testId="chart-errors"
          />
          <ul className="provider-states">
            {report.providers.map((p) => (
              <li key={p.id} data-testid={`provider-${p.id}`} data-circuit={p.circuit}>
                <strong>{t(`supervisor.provider.${p.id}`)}</strong>{' '}
                {!p.configured
                  ? t('supervisor.health.notConfigured')
                  : p.paused
                    ? t('supervisor.health.paused')
                    : t(`supervisor.health.circuit.${p.circuit}`)}
              </li>
            ))}
          </ul>
        </Card>
        <Card title={t('supervisor.health.diskTitle')}>
          <dl className="field-list">
            <div className="field-row">
              <dt>{t('supervisor.health.database')}</dt>
              <dd>{formatBytes(report.disk.databaseBytes, lang)}</dd>
            </div>
            <div className="field-row">
              <dt>{t('supervisor.health.free')}</dt>
              <dd>
                {report.disk.freeBytes === null ? '—' : formatBytes(report.disk.freeBytes, lang)} {report.disk.low ? <strong className="disagree">{t('supervisor.health.low')}</strong> : null}
              </dd>
            </div>
            <div className="field-row">
              <dt>{t('supervisor.health.floor')}</dt>
              <dd>{formatBytes(report.disk.minFreeBytes, lang)}</dd>
            </div>
          </dl>
          {report.disk.freeBytes !== null ? (
            <meter
              className="disk-meter"
              min={0}
              max={report.disk.freeBytes + report.disk.databaseBytes}
              value={report.disk.databaseBytes}
              aria-label={t('supervisor.health.database')}
            />
          ) : null}
        </Card>
        <Card title={t('supervisor.health.retentionTitle')}>
          <dl className="field-list">
            <div className="field-row">
              <dt>{t('supervisor.health.keepDays')}</dt>
              <dd>{report.retention.imageDays}</dd>
            </div>
            <div className="field-row">
              <dt>{t('supervisor.health.withImages')}</dt>
              <dd>{report.retention.verificationsWithImages}</dd>
            </div>
            <div className="field-row">
              <dt>{t('supervisor.health.overdue')}</dt>
              <dd data-testid="retention-overdue">{report.retention.purgeOverdue}</dd>
            </div>
            <div className="field-row">
              <dt>{t('supervisor.health.lastPurge')}</dt>
              <dd>{report.retention.lastPurgeAt ? formatDateTime(report.retention.lastPurgeAt, lang) : '—'}</dd>
            </div>
          </dl>
          <Button
            variant="secondary"
            onClick={async () => {
              const r = await call('reviewRunRetention', {});
              if (!r.ok) return setError(errorText(r.error));
              setNote(t('supervisor.health.retentionDone', { count: r.value.verifications }));
              void load();
            }}
            data-testid="run-retention"
          >
            {t('supervisor.health.runRetention')}
          </Button>
        </Card>
      </div>
    </section>
  );
}
