import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import type { CaptureSide, CaptureSummary, Verification } from '../../../shared/domain';
import type { PrecheckGate } from '../../../shared/precheck';
import { Banner, ErrorBanner } from '../components/Banner';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { MrzResultView } from '../components/MrzResultView';
import { QualityView } from '../components/QualityView';
import { ScreenHeading } from '../components/ScreenHeading';
import { IssuingCountryCard } from '../components/IssuingCountryCard';
import { countryBlocksSubmit } from '../app/countries';
import { requiredSides } from '../app/flow';
import { useIssuingCountries } from '../app/use-countries';
import { useKioskCall } from '../app/hooks';

type Props = {
  kiosk: KioskApi;
  verification: Verification;
  captures: Partial<Record<CaptureSide, CaptureSummary>>;
  onRetake: () => void;
  /** The teller chose or confirmed the issuing country here. */
  onCountryChosen: (v: Verification) => void;
  onSubmitted: (v: Verification) => void;
};

export function ReviewScreen({ kiosk, verification, captures, onRetake, onCountryChosen, onSubmitted }: Props) {
  const { t } = useTranslation();
  const { busy, error, run } = useKioskCall();
  const sides = requiredSides(verification);
  const anyPoor = sides.some((s) => captures[s]?.quality?.ok === false);
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

  const submit = () => run(() => kiosk.submit({ verificationId: verification.id, ...(needsReason ? { overrideReason: reason.trim() } : {}) }), onSubmitted);

  return (
    <div className="screen">
      <ScreenHeading>{t('review.title')}</ScreenHeading>
      <p className="lead">{t('review.intro', { document: t(`document.${verification.documentType}.name`) })}</p>
      {anyPoor ? <Banner tone="warning">{t('review.poorQuality')}</Banner> : null}
      <ErrorBanner error={error} />
      <div className="side-grid">
        {sides.map((side) => {
          const capture = captures[side];
          const sideName = t(`side.${side}`);
          return (
            <Card key={side} title={sideName} tone={capture?.quality?.ok === false ? 'warn' : 'ok'}>
              {capture?.preview ? (
                <img className="preview" src={capture.preview} alt={t('scan.previewAlt', { side: sideName })} data-testid={`review-image-${side}`} />
              ) : (
                <p className="preview-missing">{t('scan.previewMissing')}</p>
              )}
              <QualityView quality={capture?.quality ?? null} />
              <MrzResultView precheck={capture?.precheck ?? null} testId={`mrz-${side}`} />
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
      <div className="actions">
        <Button variant="secondary" onClick={onRetake} disabled={busy} data-testid="review-retake">
          {t('review.retake')}
        </Button>
        <Button variant="primary" size="large" onClick={() => void submit()} busy={busy} busyLabel={t('review.submitting')} disabled={blocked || (needsReason && !reasonOk) || countryBlocksSubmit(countryInfo)} data-testid="submit">
          {t('review.submit')}
        </Button>
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
