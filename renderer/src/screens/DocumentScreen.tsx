import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import type { DocumentType, Verification } from '../../../shared/domain';
import { ErrorBanner } from '../components/Banner';
import { Button } from '../components/Button';
import { DocIcon } from '../components/DocIcon';
import { ScreenHeading } from '../components/ScreenHeading';
import { OFFERED_DOCUMENT_TYPES } from '../app/flow';
import { useCustomerLocale } from '../app/customer-language';
import { useKioskCall } from '../app/hooks';

export function DocumentScreen({ kiosk, onStarted, onBack }: { kiosk: KioskApi; onStarted: (v: Verification) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const locale = useCustomerLocale();
  const { busy, busyKey, error, run } = useKioskCall();

  async function choose(documentType: DocumentType) {
    // The customer's language chosen for this verification goes to the provider as `locale`.
    await run(() => kiosk.startVerification(locale ? { documentType, locale } : { documentType }), onStarted, documentType);
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
            disabled={busy}
            aria-busy={busyKey === type || undefined}
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
