// The open alerts on every supervisor screen (not only Health): each with the action that resolves
// it, or that leads to where it is resolved. Reloaded on every queue change and every 30 seconds.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HealthReport } from '../../../shared/contract-supervisor';
import { Banner } from '../components/Banner';
import { Button } from '../components/Button';
import { DismissAlertDialog } from './DismissAlertDialog';
import { formatDateTime, useSupervisor } from './session';
import type { KioskErrorShape } from '../../../shared/contract';
import { useSupervisorErrorText } from './error-text';
import { useKioskText } from '../app/kiosk-text';

type Alert = HealthReport['alerts'][number];
export type AlertDestination = 'health' | 'audit' | 'needs_decision';

export function AlertBanner({ onGo }: { onGo: (where: AlertDestination) => void }) {
  const { t, i18n } = useTranslation();
  // The alert's catalogue sentence in the teller's language; main's English message when it has none
  // (a free-text notice or kiosk-security warning). Alerts in the database keep the English they were
  // raised with; main derives their sentence from the kind when it reads them, old rows included.
  const alertText = useKioskText();
  const errorText = useSupervisorErrorText();
  const { call, kiosk } = useSupervisor();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dismissing, setDismissing] = useState<Alert | null>(null);

  const load = useCallback(async () => {
    const r = await call('reviewAlerts', {});
    if (r.ok) setAlerts(r.value.alerts);
  }, [call]);
  useEffect(() => {
    void load();
    const off = kiosk.on('queueChanged', () => void load());
    const timer = window.setInterval(() => void load(), 30_000);
    return () => {
      off();
      window.clearInterval(timer);
    };
  }, [kiosk, load]);

  const act = async (run: () => Promise<{ ok: boolean; error?: KioskErrorShape }>) => {
    const r = await run();
    setError(r.ok ? null : (r.error ? errorText(r.error) : null));
    await load();
  };

  const action = (a: Alert) => {
    switch (a.kind) {
      case 'provider_auth':
        return a.provider ? (
          <Button variant="secondary" onClick={() => void act(() => call('reviewResumeProvider', { provider: a.provider as 'zignsec' | 'zoloz' }))} data-testid={`alert-resume-${a.provider}`}>
            {t('supervisor.alerts.resume', { provider: t(`supervisor.provider.${a.provider}`, { defaultValue: a.provider }) })}
          </Button>
        ) : null;
      case 'supervisor_lockout':
      case 'notice':
        return (
          <Button variant="secondary" onClick={() => void act(() => call('reviewAcknowledgeAlert', { id: a.id }))} data-testid="alert-acknowledge">
            {t('supervisor.alerts.acknowledge')}
          </Button>
        );
      case 'possible_duplicate':
      case 'provider_delete_failed':
        return (
          <Button variant="secondary" onClick={() => setDismissing(a)} data-testid={`alert-dismiss-${a.id}`}>
            {t('supervisor.alerts.dismiss')}
          </Button>
        );
      case 'needs_attention':
        return (
          <Button variant="secondary" onClick={() => onGo('needs_decision')}>
            {t('supervisor.alerts.showQueue')}
          </Button>
        );
      case 'integrity':
      case 'store_failure':
        return (
          <Button variant="secondary" onClick={() => onGo('audit')}>
            {t('supervisor.alerts.openAudit')}
          </Button>
        );
      default:
        return (
          <Button variant="secondary" onClick={() => onGo('health')}>
            {t('supervisor.alerts.openHealth')}
          </Button>
        );
    }
  };

  if (!alerts.length && !error && !dismissing) return null;
  return (
    <section className="alert-banners" aria-label={t('supervisor.alerts.title')} data-testid="alert-banners">
      {error ? <Banner tone="error">{error}</Banner> : null}
      {alerts.map((a) => (
        <Banner key={a.id} tone={a.kind === 'needs_attention' ? 'warning' : 'error'} testId={`alert-${a.kind}`} action={action(a)}>
          <strong>{t(`supervisor.alerts.kind.${a.kind}`)}</strong> {alertText(a)}
          {a.at ? <span className="hint"> ({formatDateTime(a.at, i18n.language)})</span> : null}
        </Banner>
      ))}
      {dismissing ? (
        <DismissAlertDialog
          id={dismissing.id}
          message={alertText(dismissing)}
          onClose={() => setDismissing(null)}
          onDone={() => {
            setDismissing(null);
            void load();
          }}
        />
      ) : null}
    </section>
  );
}
