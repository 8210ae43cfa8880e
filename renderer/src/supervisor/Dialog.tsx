// A modal dialog on the native <dialog> element (focus is kept inside, Escape closes it), plus the
// two dialogs the actions need: a mandatory reason, and a second supervisor's PIN (four-eyes).
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner, ErrorBanner } from '../components/Banner';
import { Button } from '../components/Button';
import { PinPad } from './LoginScreen';

export function Modal({ title, children, onClose, testId }: { title: string; children: ReactNode; onClose: () => void; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={id}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={id} className="modal-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

export function ReasonDialog({
  title,
  lead,
  confirmLabel,
  danger,
  onConfirm,
  onClose,
}: {
  title: string;
  lead: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: (reason: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) return setError(t('supervisor.reason.required'));
    setBusy(true);
    const problem = await onConfirm(reason.trim());
    setBusy(false);
    if (problem) setError(problem);
  };
  return (
    <Modal title={title} onClose={onClose} testId="reason-dialog">
      <form onSubmit={submit} className="form-grid">
        <p>{lead}</p>
        <ErrorBanner error={error} />
        <label>
          <span>{t('supervisor.reason.label')}</span>
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={500} required autoFocus data-testid="reason-input" />
        </label>
        <div className="actions">
          <Button variant="secondary" onClick={onClose}>
            {t('supervisor.cancelDialog')}
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} type="submit" busy={busy} data-testid="reason-confirm">
            {confirmLabel}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

export function SecondPinDialog({ requestedBy, onConfirm, onClose }: { requestedBy: string; onConfirm: (pin: string) => Promise<string | null>; onClose: () => void }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pin.length < 4) return;
    setBusy(true);
    const problem = await onConfirm(pin);
    setBusy(false);
    setPin('');
    if (problem) setError(problem);
  };
  return (
    <Modal title={t('supervisor.fourEyes.title')} onClose={onClose} testId="second-pin-dialog">
      <form onSubmit={submit} className="form-grid">
        <p>{t('supervisor.fourEyes.lead', { name: requestedBy })}</p>
        {error ? (
          <Banner tone="error" live="assertive" testId="second-pin-error">
            {error}
          </Banner>
        ) : null}
        <PinPad pin={pin} onChange={setPin} disabled={busy} label={t('supervisor.fourEyes.pinLabel')} />
        <div className="actions">
          <Button variant="secondary" onClick={onClose}>
            {t('supervisor.cancelDialog')}
          </Button>
          <Button variant="primary" type="submit" disabled={pin.length < 4} busy={busy} data-testid="second-pin-confirm">
            {t('supervisor.fourEyes.confirm')}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
