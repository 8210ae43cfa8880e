import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import type { CaptureSide, CaptureSummary, Verification } from '../../../shared/domain';
import type { PrecheckGate } from '../../../shared/precheck';
import { captureGate, type CaptureGate } from '../../../shared/capture-gate';
import { Banner, ErrorBanner } from '../components/Banner';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { MrzResultView } from '../components/MrzResultView';
import { QualityView } from '../components/QualityView';
import { ScreenHeading } from '../components/ScreenHeading';
import { IssuingCountryCard } from '../components/IssuingCountryCard';
import { ChipStep, type ChipState } from '../components/ChipStep';
import { chipExpected, chipHoldsSubmit } from '../app/chip';
import { countryBlocksSubmit } from '../app/countries';
import { requiredSides } from '../app/flow';
import { useIssuingCountries } from '../app/use-countries';
import { useKioskCall } from '../app/hooks';

type Props = {
  kiosk: KioskApi;
  verification: Verification;
  captures: Partial<Record<CaptureSide, CaptureSummary>>;
  onRetake: () => void;
  /** Cancel the verification (asks first: it holds captures). */
  onCancel: () => void;
  /** The teller chose or confirmed the issuing country here. */
  onCountryChosen: (v: Verification) => void;
  onSubmitted: (v: Verification) => void;
};

export function ReviewScreen({ kiosk, verification, captures, onRetake, onCancel, onCountryChosen, onSubmitted }: Props) {
  const { t } = useTranslation();
  const { busy, error, run } = useKioskCall();
  const sides = requiredSides(verification);
  // The capture gate per side: unusable blocks Submit until retaken, poor needs an explicit "send anyway".
  const gates = Object.fromEntries(sides.map((s) => [s, captureGate(captures[s])])) as Record<CaptureSide, CaptureGate>;
  const unusable = sides.filter((s) => gates[s].level === 'unusable');
  const poor = sides.filter((s) => gates[s].level === 'poor');
  const [sendAnyway, setSendAnyway] = useState(false);
  // The precheck policy's verdict (the latest capture's view of the whole verification).
  const [reason, setReason] = useState('');
  const gate = latestGate(sides.map((s) => captures[s]));
  const needsReason = gate?.decision === 'needs_reason';
  const blocked = gate?.decision === 'blocked';
  const reasonOk = reason.trim().length >= 3;
  // The issuing country as main knows it now (the MRZ of the captures may have changed it).
  const asked = verification.issuingCountry;
  const country = useIssuingCountries(kiosk, verification.id, !!asked && (asked.ask !== null || asked.chosen !== null));
  const countryInfo = country.info;
  const showCountry = countryInfo !== null && (countryInfo.ask !== null || countryInfo.chosen !== null);
  // The chip step's policy and latest read: a policy that requires the chip holds Submit until it verified.
  const [chip, setChip] = useState<ChipState>({ policy: null, offered: false, latest: null });
  const chipHolds = chip.offered && chipHoldsSubmit(chip.policy, chipExpected(verification.documentType, captures), chip.latest);

  const submit = () =>
    run(() => kiosk.submit({ verificationId: verification.id, ...(needsReason ? { overrideReason: reason.trim() } : {}), ...(sendAnyway && poor.length > 0 ? { sendAnyway: poor } : {}) }), onSubmitted);

  const sideList = (list: readonly CaptureSide[]) => list.map((s) => t(`side.${s}`)).join(', ');
  const submitBlocked = unusable.length > 0 || (poor.length > 0 && !sendAnyway);

  return (
    <div className="screen">
      <ScreenHeading>{t('review.title')}</ScreenHeading>
      <p className="lead lead-compact">{t('review.intro', { document: t(`document.${verification.documentType}.name`) })}</p>
      {unusable.length > 0 ? (
        <Banner tone="error" testId="capture-gate" live="assertive">
          {t('review.unusable', { sides: sideList(unusable) })}
        </Banner>
      ) : poor.length > 0 ? (
        <Banner tone="warning" testId="capture-gate">
          {t('review.poorQuality')}
        </Banner>
      ) : null}
      <ErrorBanner error={error} />
      <div className="side-grid side-grid-review">
        {sides.map((side) => {
          const capture = captures[side];
          const sideName = t(`side.${side}`);
          const gate = gates[side];
          return (
            <Card key={side} title={sideName} tone={gate.level === 'good' ? 'ok' : gate.level === 'poor' ? 'warn' : 'bad'}>
              <div className="review-side">
                {capture?.preview ? (
                  <img className="preview" src={capture.preview} alt={t('scan.previewAlt', { side: sideName })} data-testid={`review-image-${side}`} />
                ) : (
                  <p className="preview-missing">{t('scan.previewMissing')}</p>
                )}
                <div className="review-reading">
                  <p className={`gate gate-${gate.level}`} data-testid={`gate-${side}`} data-level={gate.level}>
                    <span aria-hidden="true">{gate.level === 'good' ? '✓' : gate.level === 'poor' ? '⚠' : '✕'}</span> <strong>{t(`gate.${gate.level}`)}</strong>
                  </p>
                  <QualityView quality={capture?.quality ?? null} />
                  <MrzResultView precheck={capture?.precheck ?? null} testId={`mrz-${side}`} />
                </div>
              </div>
            </Card>
          );
        })}
      </div>
      {/* Blocked, or a reason required, by the precheck policy. */}
      {gate && gate.decision !== 'pass' && gate.problem ? (
        <Banner tone={blocked ? 'error' : 'warning'} testId="precheck-gate">
          {t(`precheck.gate.${gate.problem}.${gate.decision}`)}
        </Banner>
      ) : null}
      {needsReason ? (
        <label className="precheck-reason">
          <span>{t('precheck.reasonLabel')}</span>
          <textarea value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="override-reason" aria-describedby="override-reason-hint" />
          <span id="override-reason-hint" className="hint">
            {t('precheck.reasonHint')}
          </span>
        </label>
      ) : null}
      <ChipStep key={verification.id} kiosk={kiosk} verification={verification} captures={captures} onChange={setChip} leading={chipHolds} />
      {chipHolds ? (
        <Banner tone="warning" testId="chip-required">
          {t('chip.requiredBeforeSubmit')}
        </Banner>
      ) : null}
      {showCountry && countryInfo ? (
        <IssuingCountryCard
          kiosk={kiosk}
          verificationId={verification.id}
          info={countryInfo}
          countries={country.countries}
          disabled={busy}
          onChanged={(v) => {
            if (v.issuingCountry) country.setInfo(v.issuingCountry);
            onCountryChosen(v);
          }}
        />
      ) : null}
      <div className="actions actions-bar">
        <Button variant="quiet" onClick={onCancel} disabled={busy} data-testid="review-cancel">
          {t('common.cancelVerification')}
        </Button>
        <div className="actions-group">
          {/* In the action bar, beside Submit: the choice is always on screen with the button it unlocks. */}
          {unusable.length === 0 && poor.length > 0 ? (
            <label className="send-anyway">
              <input type="checkbox" checked={sendAnyway} onChange={(e) => setSendAnyway(e.target.checked)} data-testid="send-anyway" />
              <span>{t('review.sendAnyway', { sides: sideList(poor) })}</span>
            </label>
          ) : null}
          <Button variant={unusable.length > 0 ? 'primary' : 'secondary'} size={unusable.length > 0 ? 'large' : 'normal'} onClick={onRetake} disabled={busy} data-testid="review-retake">
            {t('review.retake')}
          </Button>
          <Button
            variant={unusable.length > 0 || chipHolds ? 'secondary' : 'primary'}
            size="large"
            onClick={() => void submit()}
            busy={busy}
            busyLabel={t('review.submitting')}
            disabled={submitBlocked || blocked || (needsReason && !reasonOk) || countryBlocksSubmit(countryInfo) || chipHolds}
            data-testid="submit"
          >
            {t('review.submit')}
          </Button>
        </div>
      </div>
    </div>
  );
}

/** The gate of the most recently checked capture: each precheck carries the whole verification's verdict at that time. */
function latestGate(captures: ReadonlyArray<CaptureSummary | undefined>): PrecheckGate | null {
  let latest: { at: string; gate: PrecheckGate } | null = null;
  for (const c of captures) {
    const p = c?.precheck;
    if (p?.gate && (!latest || p.checkedAt > latest.at)) latest = { at: p.checkedAt, gate: p.gate };
  }
  return latest?.gate ?? null;
}
