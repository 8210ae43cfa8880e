import { lazy, Suspense, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import { Decision, type Verification } from '../../../shared/domain';
import { Banner } from '../components/Banner';
import { Button } from '../components/Button';
import { captureGate } from '../../../shared/capture-gate';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Stepper } from '../components/Stepper';
import { isLanguage, loadLanguage, switchLanguage, type Language } from '../i18n';
import { LanguagePicker } from '../components/LanguagePicker';
import { CustomerLanguageProvider } from './customer-language';
import { useKioskText } from './kiosk-text';
import { StartScreen } from '../screens/StartScreen';
import { ConsentScreen, CountryScreen, DocumentScreen, ReviewScreen, ScanScreen, SubmittedScreen, TodayScreen, prefetchScreens } from './lazy-screens';
import { abandonedVerification, flowReducer, initialFlow, type Screen } from './flow';
import { formatTime, maskedName } from './format';
import { useIdleTimeout, useKioskStatus } from './hooks';
import { DEFAULT_LANGUAGE, IDLE_WARNING_SECONDS, TELLER_LANGUAGE_STORAGE_KEY, idleTimeoutSeconds, safeLocalStorage } from './settings';
import { isOffline, waitingToSend } from './status';
import { Spinner } from '../components/Spinner';

// The supervisor area is its own chunk (uPlot included), loaded only when a supervisor asks.
const SupervisorArea = lazy(() => import('../supervisor/SupervisorArea'));

const STEP_OF: Partial<Record<Screen, number>> = { consent: 0, document: 1, country: 1, scan: 2, review: 3, submitted: 4 };
const STEP_KEYS = ['stepper.consent', 'stepper.document', 'stepper.scan', 'stepper.review', 'stepper.result'] as const;

const isDecision = (state: Verification['state']): boolean => Decision.options.some((d) => d === state);

/** Screens of one customer's verification: the customer's language can be picked on these. */
const WITH_CUSTOMER: ReadonlySet<Screen> = new Set(['consent', 'document', 'country', 'scan', 'review', 'submitted']);

/** A result that arrived for a verification no longer on screen (e.g. queued while offline). */
type Notice = { id: string; createdAt: string; state: Verification['state']; initials: string | null };

export function App({ kiosk }: { kiosk: KioskApi }) {
  const { t, i18n } = useTranslation();
  const kioskText = useKioskText();
  const [flow, dispatch] = useReducer(flowReducer, initialFlow);
  // The teller's language is i18next's (remembered on this kiosk); the customer's is per verification.
  const tellerLanguage: Language = isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
  const [customerLanguage, setCustomerLanguage] = useState<Language | null>(null);
  const chooseCustomerLanguage = useCallback(async (language: Language) => {
    await loadLanguage(language);
    setCustomerLanguage(language);
  }, []);
  const chooseTellerLanguage = useCallback((language: Language) => {
    safeLocalStorage()?.setItem(TELLER_LANGUAGE_STORAGE_KEY, language);
    void switchLanguage(language);
  }, []);
  const { status, error: statusError } = useKioskStatus(kiosk);
  useEffect(() => prefetchScreens(), []);
  const [notices, setNotices] = useState<Notice[]>([]);
  // The supervisor area opens from the footer link or the Electron shortcut (Ctrl+Alt+Shift+S).
  const [supervisor, setSupervisor] = useState(false);
  useEffect(() => {
    // A host without this event (an older preload, a test double) must never take the teller screen down.
    try {
      return kiosk.on('supervisorRequested', () => setSupervisor(true));
    } catch {
      return undefined;
    }
  }, [kiosk]);
  const shownId = useRef<string | null>(null);
  shownId.current = flow.verification?.id ?? null;
  const flowRef = useRef(flow);
  flowRef.current = flow;

  /**
   * Leaving a verification that was started but not submitted cancels it in main, so the outbox
   * never keeps abandoned captures in `capturing`. Fire and forget: the next customer must not wait
   * for it or see its error; a verification a cancel missed stays visible to a supervisor.
   */
  const abandon = useCallback(() => {
    const v = abandonedVerification(flowRef.current);
    if (v) void kiosk.cancelVerification({ verificationId: v.id });
  }, [kiosk]);

  const reset = useCallback(() => {
    abandon();
    dispatch({ type: 'reset' });
    setCustomerLanguage(null); // the next customer starts in the teller's language
  }, [abandon]);

  // A verification to open in today's list (a late result's notice), else the list itself.
  const [todayOpen, setTodayOpen] = useState<string | null>(null);
  const showToday = useCallback(() => {
    abandon();
    setTodayOpen(null);
    dispatch({ type: 'showToday' });
  }, [abandon]);
  const openResult = useCallback(
    (id: string) => {
      abandon();
      setTodayOpen(id);
      setNotices((list) => list.filter((n) => n.id !== id));
      dispatch({ type: 'showToday' });
    },
    [abandon],
  );

  // Leaving a verification that already holds captures asks first (the idle reset does not: nobody is there).
  const [leaving, setLeaving] = useState<(() => void) | null>(null);
  const guarded = useCallback((leave: () => void) => {
    const f = flowRef.current;
    if (abandonedVerification(f) && Object.keys(f.captures).length > 0) setLeaving(() => leave);
    else leave();
  }, []);
  const cancelVerification = useCallback(() => guarded(reset), [guarded, reset]);
  const leavable = abandonedVerification(flow) !== null;
  useEffect(() => {
    if (!leavable) setLeaving(null); // the idle reset (or a submit) got there first
  }, [leavable]);

  const idle = useIdleTimeout(flow.screen !== 'start', idleTimeoutSeconds(safeLocalStorage(), status?.idleTimeoutSeconds), reset);

  useEffect(
    () =>
      kiosk.on('verificationUpdated', (verification) => {
        dispatch({ type: 'verificationUpdated', verification });
        // Only a provider's decision is news; a cancel is the teller's own doing (or a supervisor's).
        if (isDecision(verification.state) && verification.id !== shownId.current) {
          setNotices((list) => [
            { id: verification.id, createdAt: verification.createdAt, state: verification.state, initials: maskedName(verification.outcome?.identity.fullName ?? null, 'en') },
            ...list.filter((n) => n.id !== verification.id),
          ]);
        }
      }),
    [kiosk],
  );

  const onUpdate = useCallback((verification: Verification) => dispatch({ type: 'verificationUpdated', verification }), []);
  const step = STEP_OF[flow.screen];
  const queue = status?.queue;

  let screen;
  switch (flow.screen) {
    case 'start':
      screen = <StartScreen onStart={() => dispatch({ type: 'begin' })} onToday={showToday} />;
      break;
    case 'consent':
      screen = <ConsentScreen onAgree={() => dispatch({ type: 'consentGiven' })} onDecline={reset} />;
      break;
    case 'document':
      screen = (
        <DocumentScreen kiosk={kiosk} onStarted={(verification) => dispatch({ type: 'verificationStarted', verification })} onBack={() => dispatch({ type: 'back' })} />
      );
      break;
    case 'country':
      screen = flow.verification ? (
        <CountryScreen
          kiosk={kiosk}
          verification={flow.verification}
          onChosen={(verification) => dispatch({ type: 'countryChosen', verification })}
          onBack={() => {
            abandon(); // "Choose another document": this verification will never be submitted
            dispatch({ type: 'back' });
          }}
        />
      ) : null;
      break;
    case 'scan':
      screen = flow.verification ? (
        <ScanScreen
          kiosk={kiosk}
          verification={flow.verification}
          captures={flow.captures}
          onCaptured={(verificationId, capture) => dispatch({ type: 'captured', verificationId, capture })}
          onBack={() =>
            guarded(() => {
              abandon(); // "Choose another document": this verification will never be submitted
              dispatch({ type: 'back' });
            })
          }
          onCancel={cancelVerification}
          onReview={() => dispatch({ type: 'goToReview' })}
          onSubmitted={(verification) => dispatch({ type: 'submitted', verification })}
        />
      ) : null;
      break;
    case 'review':
      screen = flow.verification ? (
        <ReviewScreen
          kiosk={kiosk}
          verification={flow.verification}
          captures={flow.captures}
          onRetake={() => dispatch({ type: 'goToScan' })}
          onCancel={cancelVerification}
          onCountryChosen={(verification) => dispatch({ type: 'countryChosen', verification })}
          onSubmitted={(verification) => dispatch({ type: 'submitted', verification })}
        />
      ) : null;
      break;
    case 'submitted':
      screen = flow.verification ? (
        <SubmittedScreen
          kiosk={kiosk}
          verification={flow.verification}
          status={status}
          onUpdate={onUpdate}
          onDone={reset}
          selfie={flow.captures.selfie?.preview ?? null}
          documentFront={flow.captures.front ?? null}
          imagesGood={Object.values(flow.captures).every((c) => captureGate(c).level === 'good')}
          onScanAgain={async () => {
            // Same customer, same document type: consent was given for this visit, so straight to scanning.
            const v = flow.verification;
            if (!v) return;
            const started = await kiosk.startVerification({ documentType: v.documentType, scanAgainOf: v.id, locale: customerLanguage ?? tellerLanguage });
            if (started.ok) dispatch({ type: 'verificationStarted', verification: started.value });
          }}
        />
      ) : null;
      break;
    case 'today':
      screen = <TodayScreen key={todayOpen ?? 'list'} kiosk={kiosk} onBack={reset} openId={todayOpen} />;
      break;
  }

  if (supervisor) {
    return (
      <Suspense fallback={<Spinner />}>
        <SupervisorArea kiosk={kiosk} onExit={() => setSupervisor(false)} />
      </Suspense>
    );
  }

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <div className="topbar-tools">
          <LanguagePicker label={t('language.teller')} value={tellerLanguage} onChange={chooseTellerLanguage} testId="language" />
          {WITH_CUSTOMER.has(flow.screen) ? (
            <LanguagePicker label={t('language.label')} value={customerLanguage ?? tellerLanguage} onChange={(l) => void chooseCustomerLanguage(l)} testId="customer-language" />
          ) : null}
          {flow.screen !== 'today' ? (
            <Button variant="quiet" onClick={() => guarded(showToday)} data-testid="open-today">
              {t('today.open')}
            </Button>
          ) : null}
        </div>
      </header>

      <div className="banners">
        {statusError ? (
          <Banner tone="error" testId="status-error" live="assertive">
            {kioskText(statusError)}
          </Banner>
        ) : null}
        {status?.mode === 'training' ? (
          <Banner tone="training" testId="training-banner" live="off">
            <strong>{t('banner.trainingTitle')}</strong> {t('banner.trainingBody')}
          </Banner>
        ) : null}
        {isOffline(status) ? (
          <Banner tone="warning" testId="offline-banner">
            <strong>{t('banner.offlineTitle')}</strong> {t('banner.offlineWaiting', { count: waitingToSend(queue) })}{' '}
            {queue?.lastSyncAt ? t('banner.lastSync', { time: formatTime(queue.lastSyncAt, i18n.language) }) : t('banner.neverSynced')}
          </Banner>
        ) : null}
        {notices.length === 1 && notices[0] ? (
          <Banner
            tone="info"
            testId="late-result"
            action={
              <>
                <Button variant="secondary" onClick={() => guarded(() => openResult(notices[0]!.id))} data-testid="late-result-open">
                  {t('notice.open')}
                </Button>
                <Button variant="quiet" onClick={() => setNotices([])}>
                  {t('common.dismiss')}
                </Button>
              </>
            }
          >
            {t('notice.lateResultFor', {
              who: notices[0].initials ?? t('notice.someone'),
              time: formatTime(notices[0].createdAt, i18n.language),
              state: t(`state.${notices[0].state}`),
            })}
          </Banner>
        ) : notices.length > 1 ? (
          // Several late results: one collapsed notice, the list says whose.
          <Banner
            tone="info"
            testId="late-result"
            action={
              <>
                <Button variant="secondary" onClick={() => guarded(showToday)} data-testid="late-result-open">
                  {t('notice.openList')}
                </Button>
                <Button variant="quiet" onClick={() => setNotices([])}>
                  {t('common.dismiss')}
                </Button>
              </>
            }
          >
            {t('notice.lateResults', { number: notices.length })}
          </Banner>
        ) : null}
        {flow.screen !== 'start' && idle.secondsLeft <= IDLE_WARNING_SECONDS ? (
          <Banner tone="warning" testId="idle-warning" action={<Button onClick={idle.stillHere}>{t('idle.stillHere')}</Button>}>
            {t('idle.warning', { count: idle.secondsLeft })}
          </Banner>
        ) : null}
      </div>

      {step !== undefined ? <Stepper steps={STEP_KEYS.map((k) => t(k))} current={step} /> : null}
      <main className="content">
        <CustomerLanguageProvider value={customerLanguage}>
          <Suspense fallback={<Spinner />}>{screen}</Suspense>
        </CustomerLanguageProvider>
      </main>
      {leaving ? (
        <ConfirmDialog
          title={t('leave.title')}
          confirmLabel={t('leave.confirm')}
          cancelLabel={t('leave.stay')}
          testId="leave-dialog"
          onCancel={() => setLeaving(null)}
          onConfirm={() => {
            const leave = leaving;
            setLeaving(null);
            leave();
          }}
        >
          <p>{t('leave.body')}</p>
        </ConfirmDialog>
      ) : null}
      {/* The Supervisor link stays when the status cannot be read (a kiosk stopped on its database needs a supervisor most). */}
      <footer className="statusbar">
        {status ? (
          <>
            <span>{t('footer.kiosk', { id: status.kioskId })}</span>
            <span>{t('footer.queue', { count: waitingToSend(status.queue) })}</span>
            <span>{t('footer.version', { version: status.version })}</span>
          </>
        ) : null}
        <Button variant="quiet" onClick={() => setSupervisor(true)} data-testid="open-supervisor">
          {t('supervisor.open')}
        </Button>
      </footer>
    </div>
  );
}
