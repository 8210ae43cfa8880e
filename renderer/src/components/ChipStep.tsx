// The chip step on the review screen, between the captured images and Submit: offered when the bank's
// policy allows it, a chip reader is connected (training: the virtual ePassport reader) and the document
// should carry a chip. With an exact MRZ reading the key comes from it; without one the teller types the
// document number and the two dates (main computes the check digits). "Place the passport on the reader"
// → "Hold still — reading 60 %" (chipReadProgress) → the outcome in the teller's language with the next
// step, and the chip's photo beside the document's portrait and the selfie. Skipping is allowed unless
// the policy requires a verified chip before Submit.
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import type { ChipPolicy, ChipReadSummary } from '../../../shared/contract-chip';
import type { CaptureSide, CaptureSummary, Verification } from '../../../shared/domain';
import { chipExpected, exactMrz, nextStepAfter, typedAccessProblem, type TypedAccess } from '../app/chip';
import { useKioskCall } from '../app/hooks';
import { useKioskText } from '../app/kiosk-text';
import { Banner, ErrorBanner, type BannerTone } from './Banner';
import { Button } from './Button';
import { Card } from './Card';
import { PortraitCrop } from './PortraitCrop';
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

type Phase = 'offer' | 'place' | 'reading' | 'result';

const TONE: Record<ReturnType<typeof nextStepAfter>, BannerTone> = {
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
  const [policy, setPolicy] = useState<ChipPolicy | null>(null);
  const [available, setAvailable] = useState(false);
  const [training, setTraining] = useState(false);
  const [phase, setPhase] = useState<Phase>('offer');
  const [latest, setLatest] = useState<ChipReadSummary | null>(null);
  const [percent, setPercent] = useState(0);
  const [face, setFace] = useState<string | null>(null);
  const [typing, setTyping] = useState(false);
  const [typed, setTyped] = useState<TypedAccess>({ documentNumber: '', dateOfBirth: '', dateOfExpiry: '' });
  const [typedProblem, setTypedProblem] = useState<string | null>(null);
  /** The key for the next read: typed fields, or null for the kiosk's exact MRZ reading. */
  const [pending, setPending] = useState<TypedAccess | null>(null);
  // Typed by what it is used for: the unit tests compile this file without the DOM library.
  const focusRef = useRef<{ focus(): void } | null>(null);
  const exact = exactMrz(captures);
  const expected = chipExpected(verification.documentType, captures);
  const offered = available && policy !== null && policy !== 'off' && expected;
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
      }
    });
    return () => {
      alive = false;
    };
  }, [kiosk, id]);

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

  // Keyboard and screen-reader users land on what changed.
  useEffect(() => {
    focusRef.current?.focus();
  }, [phase]);

  if (!offered) return null;

  const showForm = typing || !exact;
  const read = (access: TypedAccess | null) => {
    setPercent(0);
    setPhase('reading');
    return run(
      () => kiosk.readChip({ verificationId: id, ...(access ? { access: { ...access, documentNumber: access.documentNumber.trim() } } : {}) }),
      (summary) => {
        setLatest(summary);
        setPhase('result');
        if (summary.outcome === 'verified') setTyping(false);
      },
    ).then(() => setPhase((p) => (p === 'reading' ? (latest ? 'result' : 'offer') : p)));
  };
  /** The form's button: typed fields are checked here (main checks them again), then the teller places the document. */
  const submitForm = (withTyped: boolean) => (e: FormEvent) => {
    e.preventDefault();
    if (withTyped) {
      const problem = typedAccessProblem(typed);
      setTypedProblem(problem === 'documentNumber' ? t('chip.invalidNumber') : problem === 'dates' ? t('chip.invalidDates') : null);
      if (problem) return;
    }
    setPending(withTyped ? typed : null);
    setPhase('place');
  };
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
  const step = latest ? nextStepAfter(latest.outcome) : null;
  const front = captures.front;
  const selfie = captures.selfie;
  const focusable = (el: HTMLElement | null) => {
    focusRef.current = el as unknown as { focus(): void } | null;
  };

  return (
    <Card title={t('chip.title')} className="chip-step" tone={step === 'done' ? 'ok' : step === 'supervisor' ? 'bad' : undefined}>
      <div data-testid="chip-step" data-phase={phase} data-outcome={latest?.outcome ?? ''}>
        <p className="chip-policy" data-testid="chip-policy">
          {policy === 'required' ? t('chip.required') : t('chip.optional')}
        </p>
        <ErrorBanner error={error} />

        {phase === 'offer' ? (
          <form className="chip-offer" onSubmit={submitForm(showForm)} noValidate>
            <p>{t('chip.intro')}</p>
            {showForm ? <TypedFields value={typed} onChange={setTyped} exact={exact} problem={typedProblem} /> : null}
            <div className="actions">
              <Button type="submit" variant={main} data-testid="chip-read">
                {t('chip.read')}
              </Button>
            </div>
          </form>
        ) : null}

        {phase === 'place' ? (
          <div className="chip-place">
            <p className="chip-instruction" tabIndex={-1} ref={focusable} data-testid="chip-place">
              {t('chip.place')}
            </p>
            <p className="hint">{t('chip.placeHint')}</p>
            {training ? <p className="hint chip-training">{t('chip.placeTraining')}</p> : null}
            <div className="actions">
              <Button variant="quiet" onClick={() => setPhase(latest ? 'result' : 'offer')} data-testid="chip-back">
                {t('chip.back')}
              </Button>
              <Button variant={main} onClick={() => void read(pending)} data-testid="chip-start">
                {t('chip.start')}
              </Button>
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
            <Banner tone={TONE[step]} testId="chip-outcome" live={step === 'supervisor' ? 'assertive' : 'polite'}>
              <p className="chip-sentence" tabIndex={-1} ref={focusable}>
                {text({ message: latest.message, sentence: latest.sentence })}
              </p>
              <p className="chip-next" data-testid="chip-next" data-step={step}>
                <strong>{t(`chip.next.${step}`)}</strong>
              </p>
            </Banner>
            {step === 'type-fields' || (typing && step !== 'done') ? (
              <form className="chip-offer" onSubmit={submitForm(true)} noValidate>
                <TypedFields value={typed} onChange={setTyped} exact={exact} problem={typedProblem} />
                <div className="actions">
                  <Button type="submit" variant={main} data-testid="chip-read-typed">
                    {t('chip.readTyped')}
                  </Button>
                </div>
              </form>
            ) : null}
            <div className="actions">
              {step === 'read-again' || step === 'continue-without' || step === 'supervisor' ? (
                <Button variant={step === 'read-again' ? main : 'secondary'} onClick={() => setPhase('place')} busy={busy} data-testid="chip-again">
                  {t('chip.again')}
                </Button>
              ) : null}
              {exact && !typing && step !== 'done' && step !== 'type-fields' ? (
                <Button variant="quiet" onClick={() => setTyping(true)} data-testid="chip-type-instead">
                  {t('chip.typeInstead')}
                </Button>
              ) : null}
            </div>
            {latest.faceKept || step === 'done' ? (
              <figure className="chip-faces" data-testid="chip-faces">
                <figcaption>{t('chip.compareTitle')}</figcaption>
                <div className="chip-face-row">
                  <div className="chip-face">
                    {face ? <img src={face} alt={t('chip.faceChip')} data-testid="chip-face" /> : <p className="preview-missing">{t('chip.noChipFace')}</p>}
                    <span>{t('chip.faceChip')}</span>
                  </div>
                  {front ? (
                    <div className="chip-face">
                      {hasPortrait(front) ? (
                        <PortraitCrop capture={front} alt={t('chip.faceDocument')} testId="chip-face-document" />
                      ) : front.preview ? (
                        <img src={front.preview} alt={t('chip.faceDocument')} data-testid="chip-face-document" />
                      ) : null}
                      <span>{t('chip.faceDocument')}</span>
                    </div>
                  ) : null}
                  {selfie?.preview ? (
                    <div className="chip-face">
                      <img src={selfie.preview} alt={t('chip.faceSelfie')} data-testid="chip-face-selfie" />
                      <span>{t('chip.faceSelfie')}</span>
                    </div>
                  ) : null}
                </div>
              </figure>
            ) : null}
          </div>
        ) : null}
      </div>
    </Card>
  );
}

/** The precheck found the printed portrait on the photo page (PortraitCrop can cut it out). */
const hasPortrait = (c: CaptureSummary): boolean => !!c.preview && !!c.precheck?.face?.ok && c.precheck.face.target === 'document_portrait' && !!c.precheck.face.largest;

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
          maxLength={9}
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
