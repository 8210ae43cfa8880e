// Dismissing an alert only a person can settle (a possible duplicate at a provider, a delete the
// provider's support must do by hand): a reason and the supervisor's PIN again, both audited in main.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../components/Banner';
import { Button } from '../components/Button';
import { Modal } from './Dialog';
import { formatDateTime, useSupervisor } from './session';
import { useSupervisorErrorText } from './error-text';

export function DismissAlertDialog({ id, message, onDone, onClose }: { id: string; message: string; onDone: () => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useSupervisorErrorText();
  const { call } = useSupervisor();
  const [reason, setReason] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) return setError(t('supervisor.reason.required'));
    if (!/^[0-9]{4,12}$/.test(pin)) return setError(t('supervisor.alerts.dismissPinNeeded'));
    setBusy(true);
    const r = await call('reviewDismissAlert', { id, reason: reason.trim(), pin });
    setBusy(false);
    setPin('');
    if (!r.ok) return setError(errorText(r.error));
    if (r.value.status === 'wrong_pin') return setError(t('supervisor.decide.wrongPin', { count: r.value.attemptsLeft }));
    if (r.value.status === 'locked') return setError(t('supervisor.login.locked', { time: formatDateTime(r.value.lockedUntil, i18n.language) }));
    onDone();
  };
  return (
    <Modal title={t('supervisor.alerts.dismissTitle')} onClose={onClose} testId="dismiss-alert-dialog">
      <form onSubmit={submit} className="form-grid">
        <p>{message}</p>
        <p>{t('supervisor.alerts.dismissLead')}</p>
        <ErrorBanner error={error} />
        <label>
          <span>{t('supervisor.reason.label')}</span>
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={500} required autoFocus data-testid="dismiss-reason" />
        </label>
        <label>
          <span>{t('supervisor.alerts.dismissPin')}</span>
          <input type="password" inputMode="numeric" autoComplete="off" value={pin} maxLength={12} onChange={(e) => setPin(e.target.value.replace(/[^0-9]/g, ''))} data-testid="dismiss-pin" />
        </label>
        <div className="actions">
          <Button variant="secondary" onClick={onClose}>
            {t('supervisor.cancelDialog')}
          </Button>
          <Button variant="primary" type="submit" busy={busy} data-testid="dismiss-confirm">
            {t('supervisor.alerts.dismissConfirm')}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
