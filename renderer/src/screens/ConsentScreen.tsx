import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { ScreenHeading } from '../components/ScreenHeading';

/** The customer notice. Its text lives in the locale files (`consent.*`) so a bank can reword it per language. */
export function ConsentScreen({ onAgree, onDecline }: { onAgree: () => void; onDecline: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="screen">
      <ScreenHeading>{t('consent.title')}</ScreenHeading>
      <Card>
        <div className="notice">
          <p>{t('consent.what')}</p>
          <p>{t('consent.who')}</p>
          <p>{t('consent.keep')}</p>
          <p>{t('consent.rights')}</p>
        </div>
      </Card>
      <p className="lead">{t('consent.ask')}</p>
      <div className="actions">
        <Button variant="quiet" onClick={onDecline} data-testid="consent-decline">
          {t('consent.decline')}
        </Button>
        <Button variant="primary" size="large" onClick={onAgree} data-testid="consent-agree">
          {t('consent.agree')}
        </Button>
      </div>
    </div>
  );
}
