// PIN login: a PIN field that keeps the focus (Enter submits, also after a wrong PIN) with a large
// numeric keypad for touch, the lockout message, and the first-run set-up of the first supervisor
// (with the one-time setup code from the kiosk's data folder) when the kiosk has no roster yet.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import type { SupervisorSession } from '../../../shared/contract-supervisor';
import { Banner, ErrorBanner } from '../components/Banner';
import { Button } from '../components/Button';
import { ScreenHeading } from '../components/ScreenHeading';
import { formatDateTime } from './session';
import { isValidPin, NewPinField, SupervisorNameField } from './CredentialFields';
import { useSupervisorErrorText } from './error-text';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export function PinPad({ pin, onChange, disabled, label }: { pin: string; onChange: (pin: string) => void; disabled?: boolean; label: string }) {
  const { t } = useTranslation();
  const press = (d: string) => onChange((pin + d).slice(0, 12));
  return (
    <div className="pinpad" role="group" aria-label={label}>
      <output className="pin-dots" aria-live="polite" data-testid="pin-dots">
        <span aria-hidden="true">{pin.length ? '●'.repeat(pin.length) : '\u00a0'}</span>
        <span className="visually-hidden">{t('supervisor.login.digits', { count: pin.length })}</span>
      </output>
      <div className="pinpad-keys">
        {KEYS.map((d) => (
          <button key={d} type="button" className="pinpad-key" onClick={() => press(d)} disabled={disabled} data-testid={`pin-${d}`}>
            {d}
          </button>
        ))}
        <button type="button" className="pinpad-key pinpad-aux" onClick={() => onChange('')} disabled={disabled || !pin}>
          {t('supervisor.login.clear')}
        </button>
        <button type="button" className="pinpad-key" onClick={() => press('0')} disabled={disabled} data-testid="pin-0">
          0
        </button>
        <button type="button" className="pinpad-key pinpad-aux" onClick={() => onChange(pin.slice(0, -1))} disabled={disabled || !pin} aria-label={t('supervisor.login.backspace')}>
          ⌫
        </button>
      </div>
    </div>
  );
}

type Status = { configured: boolean; lockedUntil: string | null; attemptsLeft: number };

export function LoginScreen({ kiosk, onLoggedIn, onExit, notice }: { kiosk: KioskApi; onLoggedIn: (s: SupervisorSession) => void; onExit: () => void; notice: string | null }) {
  const { t, i18n } = useTranslation();
  const errorText = useSupervisorErrorText();
  const [status, setStatus] = useState<Status | null>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'warning'; text: string } | null>(null);
  const field = useRef<HTMLInputElement>(null);

  const refresh = useCallback(async () => {
    const r = await kiosk.supervisorStatus({});
    if (r.ok) setStatus(r.value);
    else setMessage({ tone: 'error', text: errorText(r.error) });
  }, [kiosk]);
  useEffect(() => void refresh(), [refresh]);

  const locked = status?.lockedUntil ? new Date(status.lockedUntil).getTime() > Date.now() : false;
  // The PIN field, not the heading, takes the focus here: the one thing to do on this screen is type the PIN.
  useEffect(() => {
    if (status?.configured && !locked) field.current?.focus();
  }, [status?.configured, locked]);
  // Re-check when the lockout runs out, so the keypad comes back by itself.
  useEffect(() => {
    if (!status?.lockedUntil) return;
    const wait = new Date(status.lockedUntil).getTime() - Date.now();
    const timer = window.setTimeout(() => void refresh(), Math.max(1000, wait + 500));
    return () => window.clearTimeout(timer);
  }, [status?.lockedUntil, refresh]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (pin.length < 4 || busy) return;
    setBusy(true);
    const r = await kiosk.supervisorLogin({ pin });
    setBusy(false);
    setPin('');
    // The field keeps the focus, so the next PIN can be typed and Enter submits it.
    window.setTimeout(() => field.current?.focus(), 0);
    if (!r.ok) return setMessage({ tone: 'error', text: errorText(r.error) });
    const v = r.value;
    if (v.status === 'ok') return onLoggedIn(v.session);
    if (v.status === 'locked') {
      setStatus((s) => (s ? { ...s, lockedUntil: v.lockedUntil, attemptsLeft: 0 } : s));
      return setMessage({ tone: 'error', text: t('supervisor.login.locked', { time: formatDateTime(v.lockedUntil, i18n.language) }) });
    }
    setMessage({ tone: 'warning', text: t('supervisor.login.wrongPin', { count: v.attemptsLeft }) });
  };

  // Digits typed anywhere on the screen go to the PIN field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!status?.configured || locked) return;
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      if (/^[0-9]$/.test(e.key)) {
        setPin((p) => (p + e.key).slice(0, 12));
        field.current?.focus();
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [status?.configured, locked]);

  if (status && !status.configured) return <FirstRunSetup kiosk={kiosk} onLoggedIn={onLoggedIn} onExit={onExit} />;

  return (
    <section className="screen supervisor-login" data-testid="supervisor-login">
      <ScreenHeading>{t('supervisor.login.title')}</ScreenHeading>
      <p className="lead">{t('supervisor.login.lead')}</p>
      {notice ? (
        <Banner tone="info" testId="supervisor-notice">
          {notice}
        </Banner>
      ) : null}
      {locked && status?.lockedUntil ? (
        <Banner tone="error" testId="login-locked" live="assertive">
          {t('supervisor.login.locked', { time: formatDateTime(status.lockedUntil, i18n.language) })}
        </Banner>
      ) : message ? (
        <Banner tone={message.tone} testId="login-message" live="assertive">
          {message.text}
        </Banner>
      ) : null}
      <form onSubmit={submit} className="login-form">
        <label className="pin-field">
          <span>{t('supervisor.login.pinField')}</span>
          <input
            ref={field}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            maxLength={12}
            readOnly={locked}
            aria-disabled={locked || undefined}
            onChange={(e) => setPin(e.target.value.replace(/[^0-9]/g, '').slice(0, 12))}
            data-testid="login-pin"
          />
        </label>
        <PinPad pin={pin} onChange={(p) => { setPin(p); field.current?.focus(); }} disabled={locked || busy} label={t('supervisor.login.pinLabel')} />
        <div className="actions">
          <Button variant="secondary" onClick={onExit}>
            {t('supervisor.backToTeller')}
          </Button>
          <Button variant="primary" type="submit" disabled={locked || pin.length < 4} busy={busy} data-testid="login-submit">
            {t('supervisor.login.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function FirstRunSetup({ kiosk, onLoggedIn, onExit }: { kiosk: KioskApi; onLoggedIn: (s: SupervisorSession) => void; onExit: () => void }) {
  const { t } = useTranslation();
  const errorText = useSupervisorErrorText();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!isValidPin(pin)) return setError(t('supervisor.setup.pinRule'));
    if (pin !== again) return setError(t('supervisor.setup.mismatch'));
    setBusy(true);
    const r = await kiosk.supervisorSetup({ name, pin, code });
    setBusy(false);
    if (r.ok) onLoggedIn(r.value);
    else setError(errorText(r.error));
  };
  return (
    <section className="screen supervisor-login" data-testid="supervisor-setup">
      <ScreenHeading>{t('supervisor.setup.title')}</ScreenHeading>
      <p className="lead">{t('supervisor.setup.lead')}</p>
      <ErrorBanner error={error} />
      <form className="setup-form form-grid" onSubmit={submit}>
        <label>
          <span>{t('supervisor.setup.code')}</span>
          <input value={code} onChange={(e) => setCode(e.target.value)} required maxLength={32} autoComplete="off" inputMode="numeric" aria-describedby="setup-code-hint" data-testid="setup-code" />
          <small id="setup-code-hint" className="hint">
            {t('supervisor.setup.codeHint')}
          </small>
        </label>
        <SupervisorNameField value={name} onChange={setName} testId="setup-name" />
        <NewPinField label={t('supervisor.setup.pin')} value={pin} onChange={setPin} testId="setup-pin" />
        <NewPinField label={t('supervisor.setup.pinAgain')} value={again} onChange={setAgain} testId="setup-pin-again" />
        <div className="actions">
          <Button variant="secondary" onClick={onExit}>
            {t('supervisor.backToTeller')}
          </Button>
          <Button variant="primary" type="submit" busy={busy} data-testid="setup-submit">
            {t('supervisor.setup.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
