// The supervisor area (lazy-loaded, so the teller's first screen stays small): PIN login, then the
// queue, a verification's detail, the health dashboard and the audit log. The session ends on
// logout, after the configured idle time (here and in main), or when main refuses the token.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallResponse, KioskApi } from '../../../shared/contract';
import type { SupervisorSession } from '../../../shared/contract-supervisor';
import { Banner } from '../components/Banner';
import { Button } from '../components/Button';
import { AlertBanner } from './AlertBanner';
import { AuditView } from './AuditView';
import { DetailView } from './DetailView';
import { Modal } from './Dialog';
import { HealthView } from './HealthView';
import { LoginScreen } from './LoginScreen';
import { QueueView, type QueueFilters } from './QueueView';
import { RecoveryView } from './RecoveryView';
import { makeAuthedCall, SupervisorContext, useSupervisor } from './session';
import './supervisor.css';
import { isValidPin, NewPinField, SupervisorNameField } from './CredentialFields';
import { useSupervisorErrorText } from './error-text';

type Tab = 'queue' | 'health' | 'audit';

export default function SupervisorArea({ kiosk, onExit }: { kiosk: KioskApi; onExit: () => void }) {
  const { t } = useTranslation();
  const [session, setSession] = useState<SupervisorSession | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('queue');
  const [openId, setOpenId] = useState<string | null>(null);
  const [filters, setFilters] = useState<QueueFilters>({});
  const [adding, setAdding] = useState(false);
  // The kiosk stopped on its database: the area shows only the recovery (what was found, restore, accept).
  const [stopped, setStopped] = useState<Extract<CallResponse<'recoveryStatus'>, { stopped: true }> | null>(null);
  useEffect(() => {
    let live = true;
    void kiosk.recoveryStatus({}).then((r) => {
      if (!live) return;
      const s = r.ok && r.value.stopped ? r.value : null;
      setStopped(s);
      if (s && !session) setNotice((n) => n ?? t('supervisor.recovery.loginNotice'));
    });
    return () => {
      live = false;
    };
  }, [kiosk, session, t]);

  const ended = useCallback(
    (why: 'idle' | 'expired') => {
      setSession(null);
      setOpenId(null);
      setNotice(why === 'idle' ? t('supervisor.loggedOutIdle') : t('supervisor.sessionEnded'));
    },
    [t],
  );
  const call = useMemo(() => (session ? makeAuthedCall(kiosk, session.token, () => ended('expired')) : null), [kiosk, session, ended]);

  const logout = useCallback(async () => {
    if (session) await kiosk.supervisorLogout({ token: session.token });
    setSession(null);
    setOpenId(null);
  }, [kiosk, session]);

  // Inactivity: the same limit main enforces, so the screen never shows data of an ended session.
  const lastActivity = useRef(Date.now());
  useEffect(() => {
    if (!session) return;
    lastActivity.current = Date.now();
    const touch = () => (lastActivity.current = Date.now());
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    events.forEach((e) => window.addEventListener(e, touch, { passive: true }));
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current >= session.idleLogoutMs) {
        void kiosk.supervisorLogout({ token: session.token });
        ended('idle');
      }
    }, 1000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, touch));
      window.clearInterval(timer);
    };
  }, [kiosk, session, ended]);

  if (!session || !call) {
    return (
      <div className="app supervisor-app">
        <header className="topbar">
          <span className="brand">{t('supervisor.title')}</span>
        </header>
        <main className="content">
          <LoginScreen
            kiosk={kiosk}
            notice={notice}
            onExit={onExit}
            onLoggedIn={(s) => {
              setNotice(null);
              setSession(s);
            }}
          />
        </main>
      </div>
    );
  }

  return (
    <SupervisorContext.Provider value={{ kiosk, name: session.name, call }}>
      <div className="app supervisor-app">
        <header className="topbar">
          <span className="brand">{t('supervisor.title')}</span>
          {stopped ? null : (
          <nav className="supervisor-tabs" aria-label={t('supervisor.nav')}>
            {(['queue', 'health', 'audit'] as const).map((k) => (
              <button
                key={k}
                type="button"
                className={`tab ${tab === k && !openId ? 'tab-current' : ''}`}
                aria-current={tab === k && !openId ? 'page' : undefined}
                onClick={() => {
                  setTab(k);
                  setOpenId(null);
                }}
                data-testid={`tab-${k}`}
              >
                {t(`supervisor.tabs.${k}`)}
              </button>
            ))}
          </nav>
          )}
          <div className="topbar-tools">
            <span className="supervisor-who" data-testid="supervisor-name">
              {t('supervisor.signedInAs', { name: session.name })}
            </span>
            {stopped ? null : (
              <Button variant="quiet" onClick={() => setAdding(true)} data-testid="add-supervisor">
                {t('supervisor.add.open')}
              </Button>
            )}
            <Button variant="quiet" onClick={() => void logout()} data-testid="supervisor-logout">
              {t('supervisor.logout')}
            </Button>
            <Button
              variant="quiet"
              onClick={() => {
                void logout();
                onExit();
              }}
              data-testid="supervisor-exit"
            >
              {t('supervisor.backToTeller')}
            </Button>
          </div>
        </header>
        <main className="content">
          {stopped ? (
            <RecoveryView
              status={stopped}
              onRecovered={(sentence) => {
                setStopped(null);
                setSession(null);
                setNotice(sentence);
              }}
            />
          ) : (
            <>
          <AlertBanner
            onGo={(where) => {
              setOpenId(null);
              if (where === 'needs_decision') {
                setTab('queue');
                setFilters({});
              } else setTab(where);
            }}
          />
          {openId ? (
            <DetailView id={openId} onBack={() => setOpenId(null)} />
          ) : tab === 'queue' ? (
            <QueueView filters={filters} onFilters={setFilters} onOpen={setOpenId} />
          ) : tab === 'health' ? (
            <HealthView />
          ) : (
            <AuditView onOpen={setOpenId} />
          )}
            </>
          )}
        </main>
        {adding ? <AddSupervisorDialog onClose={() => setAdding(false)} /> : null}
      </div>
    </SupervisorContext.Provider>
  );
}

function AddSupervisorDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useSupervisorErrorText();
  const { call } = useSupervisor();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!isValidPin(pin)) return setMessage({ tone: 'error', text: t('supervisor.setup.pinRule') });
    setBusy(true);
    const r = await call('supervisorAdd', { name, pin });
    setBusy(false);
    if (!r.ok) return setMessage({ tone: 'error', text: errorText(r.error) });
    setName('');
    setPin('');
    setMessage({ tone: 'success', text: t('supervisor.add.done', { names: r.value.names.join(', ') }) });
  };
  return (
    <Modal title={t('supervisor.add.title')} onClose={onClose} testId="add-supervisor-dialog">
      <form className="form-grid" onSubmit={submit}>
        {message ? (
          <Banner tone={message.tone} live="assertive">
            {message.text}
          </Banner>
        ) : null}
        <SupervisorNameField value={name} onChange={setName} testId="add-name" />
        <NewPinField label={t('supervisor.setup.pin')} value={pin} onChange={setPin} testId="add-pin" />
        <div className="actions">
          <Button variant="secondary" onClick={onClose}>
            {t('supervisor.close')}
          </Button>
          <Button variant="primary" type="submit" busy={busy} data-testid="add-submit">
            {t('supervisor.add.submit')}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
