// The chip step on the review screen, between the captured images and Submit: offered when the bank's
// policy allows it, a chip reader is connected (training: the virtual ePassport reader) and the document
// should carry a chip. It follows the reader live (listChipReaders, then chipReadersChanged): once the
// access key is known — the kiosk's exact MRZ reading, or the document number and dates the teller typed
// (main computes the check digits) — "Place the passport on the reader" waits for a document, and the read
// starts by itself when one is placed: "Hold still — reading 60 %" (chipReadProgress) → the outcome in
// the teller's language with its next step, and the chip's photo beside the document's portrait and the
// selfie. A document taken off mid-read is a plain sentence; placing it again reads again. "Read now" /
// "Read again" start a read by hand (keyboard users, a reader that reports no placement). Training: the
// teller places the virtual ePassport with a button. Skipping is allowed unless the policy requires a
// verified chip before Submit.
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import type { ChipPolicy, ChipReaderState, ChipReadSummary } from '../../../shared/contract-chip';
import type { CaptureSide, CaptureSummary, Verification } from '../../../shared/domain';
import { chipExpected, documentOnReader, exactMrz, nextStepAfter, typedAccessProblem, type TypedAccess } from '../app/chip';
import { useKioskCall } from '../app/hooks';
import { useKioskText } from '../app/kiosk-text';
import { Banner, ErrorBanner, type BannerTone } from './Banner';
import { Button } from './Button';
import { Card } from './Card';
import { ChipFaces } from './ChipFaces';
import './chip-step.css';

export type ChipState = { policy: ChipPolicy | null; offered: boolean; latest: ChipReadSummary | null };

type Props = {
  kiosk: KioskApi;
  verification: Verification;
  captures: Partial<Record<CaptureSide, CaptureSummary>>;
  /** The policy and the latest read, for the review screen's Submit. */
  onChange: (state: ChipState) => void;
  /**
   * The chip read is what the screen waits for (policy requires it before Submit): its buttons are then
   * the screen's primary action; otherwise Submit is, and reading the chip is a secondary one.
   */
  leading: boolean;
};

/** offer: the key must be typed first; place: waiting for a document on the reader; reading; result. */
type Phase = 'offer' | 'place' | 'reading' | 'result';

export const CHIP_TONE: Record<ReturnType<typeof nextStepAfter>, BannerTone> = {
  done: 'success',
  supervisor: 'error',
  'type-fields': 'warning',
  'read-again': 'warning',
  'continue-without': 'info',
};

export function ChipStep({ kiosk, verification, captures, onChange, leading }: Props) {
  const main = leading ? 'primary' : 'secondary';
  const { t, i18n } = useTranslation();
  const text = useKioskText();
  const { busy, error, run } = useKioskCall();
  const placing = useKioskCall();
  const [policy, setPolicy] = useState<ChipPolicy | null>(null);
  const [available, setAvailable] = useState(false);
  const [training, setTraining] = useState(false);
  const [readers, setReaders] = useState<ChipReaderState | null>(null);
  const [phase, setPhase] = useState<Phase>('offer');
  const [latest, setLatest] = useState<ChipReadSummary | null>(null);
  const [percent, setPercent] = useState(0);
  const [face, setFace] = useState<string | null>(null);
  const [typing, setTyping] = useState(false);
  const [typed, setTyped] = useState<TypedAccess>({ documentNumber: '', dateOfBirth: '', dateOfExpiry: '' });
  const [typedProblem, setTypedProblem] = useState<string | null>(null);
  /** The key for the next read: typed fields, or null for the kiosk's exact MRZ reading. */
  const [pending, setPending] = useState<TypedAccess | null>(null);
  /** A document on the reader starts a read: set on entering "place" and when a document arrives, cleared when a read starts. */
  const [armed, setArmed] = useState(false);
  // Typed by what it is used for: the unit tests compile this file without the DOM library.
  const focusRef = useRef<{ focus(): void } | null>(null);
  const exact = exactMrz(captures);
  const expected = chipExpected(verification.documentType, captures);
  const readerNow = readers ? readers.readers.length > 0 : available;
  const offered = (available || readerNow) && policy !== null && policy !== 'off' && expected;
  const onReader = documentOnReader(readers);
  const step = latest ? nextStepAfter(latest.outcome) : null;
  const id = verification.id;

  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => {
    onChangeRef.current({ policy, offered, latest });
  }, [policy, offered, latest]);

  // The policy, the reader and any earlier read of this verification (the teller may have gone back to scan).
  useEffect(() => {
    let alive = true;
    void kiosk.chipStatus({ verificationId: id }).then((r) => {
      if (!alive || !r.ok) return;
      setPolicy(r.value.policy);
      setAvailable(r.value.readerPresent);
      setTraining(r.value.training);
      if (r.value.latest) {
        setLatest(r.value.latest);
        setPhase('result');
      } else if (exact) {
        setPhase('place');
        setArmed(true);
      }
    });
    return () => {
      alive = false;
    };
  }, [kiosk, id, exact]);

  // The readers live: plugged in or out, a document placed or taken off.
  useEffect(() => {
    let alive = true;
    const off = kiosk.on('chipReadersChanged', (state) => {
      if (alive) setReaders(state);
    });
    void kiosk.listChipReaders({}).then((r) => {
      if (alive && r.ok) setReaders((now) => now ?? r.value);
    });
    return () => {
      alive = false;
      off();
    };
  }, [kiosk]);

  // A document arriving on the reader arms a read (it starts below when the step is waiting for one).
  const wasOnReader = useRef(onReader);
  useEffect(() => {
    if (onReader && !wasOnReader.current) setArmed(true);
    wasOnReader.current = onReader;
  }, [onReader]);

  // Progress of this verification's read only.
  useEffect(
    () =>
      kiosk.on('chipReadProgress', (p) => {
        if (p.verificationId === id) setPercent(Math.round(p.percent));
      }),
    [kiosk, id],
  );

  // The chip's face, fetched only for display and only when the read kept one.
  useEffect(() => {
    setFace(null);
    if (!latest?.faceKept) return;
    let alive = true;
    void kiosk.chipFace({ verificationId: id }).then((r) => {
      if (alive && r.ok) setFace(r.value.face);
    });
    return () => {
      alive = false;
    };
  }, [kiosk, id, latest]);

  // Keyboard and screen-reader users land on what changed (not on the first showing: the screen's heading keeps focus).
  const shownPhase = useRef<Phase | null>(null);
  useEffect(() => {
    if (shownPhase.current !== null && shownPhase.current !== phase) focusRef.current?.focus();
    if (policy !== null) shownPhase.current = phase;
  }, [phase, policy]);

  const read = (access: TypedAccess | null) => {
    setArmed(false);
    setPercent(0);
    setPhase('reading');
    return run(
      () => kiosk.readChip({ verificationId: id, ...(access ? { access: { ...access, documentNumber: access.documentNumber.trim() } } : {}) }),
      (summary) => {
        setLatest(summary);
        setPhase('result');
        if (summary.outcome === 'verified') setTyping(false);
      },
    ).then(() => setPhase((p) => (p === 'reading' ? 'place' : p)));
  };

  // The read starts by itself when a document is on the reader and the step waits for one.
  const waiting = phase === 'place' || (phase === 'result' && step === 'read-again');
  useEffect(() => {
    // `read` is recreated each render: these values are what decide a read.
    if (offered && armed && onReader && waiting && !busy) void read(pending);
  }, [offered, armed, onReader, waiting, busy]);

  if (!offered) return null;

  /** Waiting for a document again (by hand: "Read again", or after typed fields were checked). */
  const placeAgain = () => {
    setPhase('place');
    setArmed(true);
  };
  /** The form's button: typed fields are checked here (main checks them again), then the teller places the document. */
  const submitForm = (e: FormEvent) => {
    e.preventDefault();
    const problem = typedAccessProblem(typed);
    setTypedProblem(problem === 'documentNumber' ? t('chip.invalidNumber') : problem === 'dates' ? t('chip.invalidDates') : null);
    if (problem) return;
    setPending(typed);
    setTyping(false);
    placeAgain();
  };
  const placeVirtual = () => void placing.run(() => kiosk.placeTrainingChip({ verificationId: id }), () => setArmed(true));
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
  const formShown = phase === 'offer' || (phase === 'result' && (step === 'type-fields' || (typing && step !== 'done')));
  const focusable = (el: HTMLElement | null) => {
    focusRef.current = el as unknown as { focus(): void } | null;
  };

  return (
    <Card title={t('chip.title')} className="chip-step" tone={step === 'done' ? 'ok' : step === 'supervisor' ? 'bad' : undefined}>
      <div data-testid="chip-step" data-phase={phase} data-outcome={latest?.outcome ?? ''} data-on-reader={onReader ? 'yes' : 'no'}>
        <p className="chip-policy" data-testid="chip-policy">
          {policy === 'required' ? t('chip.required') : t('chip.optional')}
        </p>
        <ErrorBanner error={error ?? placing.error} />

        {phase === 'place' ? (
          <div className="chip-place" role="status">
            <p className="chip-instruction" tabIndex={-1} ref={focusable} data-testid="chip-place">
              {!readerNow ? t('chip.noReader') : onReader ? t('chip.onReader') : t('chip.place')}
            </p>
            {readerNow && !onReader ? <p className="hint">{training ? t('chip.placeTraining') : t('chip.placeHint')}</p> : null}
            <div className="actions">
              {training && !onReader ? (
                <Button variant={main} onClick={placeVirtual} busy={placing.busy} data-testid="chip-place-virtual">
                  {t('chip.placeVirtual')}
                </Button>
              ) : (
                <Button variant={main} onClick={() => void read(pending)} busy={busy} data-testid="chip-read-now">
                  {t('chip.readNow')}
                </Button>
              )}
            </div>
          </div>
        ) : null}

        {phase === 'reading' ? (
          <div className="chip-reading" role="status">
            <p className="chip-instruction" tabIndex={-1} ref={focusable} data-testid="chip-reading">
              {t('chip.reading', { percent: pct })}
            </p>
            <progress max={100} value={percent} aria-label={t('chip.progressLabel')} />
          </div>
        ) : null}

        {phase === 'result' && latest && step ? (
          <div className="chip-result">
            <Banner tone={CHIP_TONE[step]} testId="chip-outcome" live={step === 'supervisor' ? 'assertive' : 'polite'}>
              <p className="chip-sentence" tabIndex={-1} ref={focusable}>
                {text({ message: latest.message, sentence: latest.sentence })}
              </p>
              <p className="chip-next" data-testid="chip-next" data-step={step}>
                <strong>{t(`chip.next.${step}`)}</strong>
              </p>
            </Banner>
            <div className="actions">
              {step === 'read-again' || step === 'continue-without' || step === 'supervisor' ? (
                <Button variant={step === 'read-again' && !formShown ? main : 'secondary'} onClick={placeAgain} busy={busy} data-testid="chip-again">
                  {t('chip.again')}
                </Button>
              ) : null}
              {exact && !typing && step !== 'done' && step !== 'type-fields' ? (
                <Button variant="quiet" onClick={() => setTyping(true)} data-testid="chip-type-instead">
                  {t('chip.typeInstead')}
                </Button>
              ) : null}
            </div>
          </div>
        ) : null}

        {formShown ? (
          <form className="chip-offer" onSubmit={submitForm} noValidate>
            {phase === 'offer' ? <p>{t('chip.intro')}</p> : null}
            <TypedFields value={typed} onChange={setTyped} exact={exact} problem={typedProblem} />
            <div className="actions">
              <Button type="submit" variant={main} data-testid="chip-read-typed">
                {t('chip.readTyped')}
              </Button>
            </div>
          </form>
        ) : null}

        {phase === 'result' && latest && (latest.faceKept || step === 'done') ? (
          <ChipFaces face={face} front={captures.front ?? null} selfie={captures.selfie?.preview ?? null} />
        ) : null}
      </div>
    </Card>
  );
}

/** Document number and the two dates as printed on the document; the kiosk computes the check digits. */
function TypedFields({ value, onChange, exact, problem }: { value: TypedAccess; onChange: (v: TypedAccess) => void; exact: boolean; problem: string | null }) {
  const { t } = useTranslation();
  const set = (k: keyof TypedAccess) => (e: ChangeEvent<HTMLInputElement>) => onChange({ ...value, [k]: (e.target as unknown as { value: string }).value });
  return (
    <fieldset className="chip-typed" data-testid="chip-typed">
      <legend>{exact ? t('chip.typeLegend') : t('chip.typeIntro')}</legend>
      {problem ? (
        <Banner tone="warning" live="assertive" testId="chip-typed-problem">
          {problem}
        </Banner>
      ) : null}
      <label>
        <span>{t('chip.documentNumber')}</span>
        <input
          type="text"
          value={value.documentNumber}
          onChange={set('documentNumber')}
          maxLength={22}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          data-testid="chip-document-number"
        />
      </label>
      <label>
        <span>{t('chip.dateOfBirth')}</span>
        <input type="date" value={value.dateOfBirth} onChange={set('dateOfBirth')} data-testid="chip-date-of-birth" />
      </label>
      <label>
        <span>{t('chip.dateOfExpiry')}</span>
        <input type="date" value={value.dateOfExpiry} onChange={set('dateOfExpiry')} data-testid="chip-date-of-expiry" />
      </label>
    </fieldset>
  );
}
