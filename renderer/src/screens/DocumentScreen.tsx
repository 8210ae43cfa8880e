import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi, KioskErrorShape } from '../../../shared/contract';
import type { DocumentType, Verification } from '../../../shared/domain';
import { ErrorBanner } from '../components/Banner';
import { Button } from '../components/Button';
import { DocIcon } from '../components/DocIcon';
import { ScreenHeading } from '../components/ScreenHeading';
import { OFFERED_DOCUMENT_TYPES } from '../app/flow';
import { isLanguage } from '../i18n';

export function DocumentScreen({ kiosk, onStarted, onBack }: { kiosk: KioskApi; onStarted: (v: Verification) => void; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState<DocumentType | null>(null);
  const [error, setError] = useState<KioskErrorShape | null>(null);

  async function choose(documentType: DocumentType) {
    setBusy(documentType);
    setError(null);
    // The customer-facing language chosen for this verification goes to the provider as `locale`.
    const language = i18n.language;
    const result = await kiosk.startVerification(isLanguage(language) ? { documentType, locale: language } : { documentType });
    setBusy(null);
    if (result.ok) onStarted(result.value);
    else setError(result.error);
  }

  return (
    <div className="screen">
      <ScreenHeading>{t('document.title')}</ScreenHeading>
      <ErrorBanner error={error} />
      <div className="choice-grid" role="group" aria-label={t('document.title')}>
        {OFFERED_DOCUMENT_TYPES.map((type) => (
          <button
            key={type}
            type="button"
            className="choice"
            onClick={() => void choose(type)}
            disabled={busy !== null}
            aria-busy={busy === type || undefined}
            data-testid={`doc-${type}`}
          >
            <DocIcon type={type} />
            <span className="choice-name">
              {t(`document.${type}.name`)}
            </span>
            <span className="choice-detail">
              {t(`document.${type}.sides`)}
            </span>
          </button>
        ))}
      </div>
      <div className="actions">
        <Button variant="quiet" onClick={onBack}>
          {t('common.back')}
        </Button>
      </div>
    </div>
  );
}
