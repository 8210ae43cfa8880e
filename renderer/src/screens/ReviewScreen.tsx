import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi, KioskErrorShape } from '../../../shared/contract';
import type { CaptureSide, CaptureSummary, Verification } from '../../../shared/domain';
import { Banner } from '../components/Banner';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { MrzResultView, type MrzResultSlot } from '../components/MrzResultView';
import { QualityView } from '../components/QualityView';
import { ScreenHeading } from '../components/ScreenHeading';
import { requiredSides } from '../app/flow';

type Props = {
  kiosk: KioskApi;
  verification: Verification;
  captures: Partial<Record<CaptureSide, CaptureSummary>>;
  onRetake: () => void;
  onSubmitted: (v: Verification) => void;
  /** On-device MRZ results per side (issue 7 fills this in; absent = nothing shown). */
  mrz?: Partial<Record<CaptureSide, MrzResultSlot | null>>;
};

export function ReviewScreen({ kiosk, verification, captures, onRetake, onSubmitted, mrz }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KioskErrorShape | null>(null);
  const sides = requiredSides(verification);
  const anyPoor = sides.some((s) => captures[s]?.quality?.ok === false);

  async function submit() {
    setBusy(true);
    setError(null);
    const result = await kiosk.submit({ verificationId: verification.id });
    setBusy(false);
    if (result.ok) onSubmitted(result.value);
    else setError(result.error);
  }

  return (
    <div className="screen">
      <ScreenHeading>{t('review.title')}</ScreenHeading>
      <p className="lead">{t('review.intro', { document: t(`document.${verification.documentType}.name`) })}</p>
      {anyPoor ? <Banner tone="warning">{t('review.poorQuality')}</Banner> : null}
      {error ? (
        <Banner tone="error" live="assertive">
          {error.message}
        </Banner>
      ) : null}
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
              <MrzResultView result={mrz?.[side] ?? null} testId={`mrz-${side}`} />
            </Card>
          );
        })}
      </div>
      <div className="actions">
        <Button variant="secondary" onClick={onRetake} disabled={busy} data-testid="review-retake">
          {t('review.retake')}
        </Button>
        <Button variant="primary" size="large" onClick={() => void submit()} busy={busy} busyLabel={t('review.submitting')} data-testid="submit">
          {t('review.submit')}
        </Button>
      </div>
    </div>
  );
}
