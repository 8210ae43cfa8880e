import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Banner } from '../components/Banner';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { ScreenHeading } from '../components/ScreenHeading';
import { useCustomerTranslation } from '../app/customer-language';

/**
 * The customer notice. Its text lives in the locale files (`consent.*`) so a bank can reword it per language.
 * A customer who does not agree is not scanned; the teller is told what to say and what the customer can do instead.
 * The notice and the words for the customer are in the customer's language; the teller's prompts and buttons in the teller's.
 */
export function ConsentScreen({ onAgree, onDecline }: { onAgree: () => void; onDecline: () => void }) {
  const { t } = useTranslation();
  const customer = useCustomerTranslation();
  const [declined, setDeclined] = useState(false);
  if (declined) {
    return (
      // Its own key: the guidance is a new step, so its heading mounts afresh and takes focus.
      <div className="screen" data-testid="consent-declined" key="declined">
        <ScreenHeading>{t('consent.declinedTitle')}</ScreenHeading>
        <Banner tone="info">{t('consent.declinedNothingStored')}</Banner>
        <Card title={t('consent.declinedTellTitle')}>
          <p className="lead" lang={customer.language} data-testid="consent-declined-tell">
            {customer.t('consent.declinedTell')}
          </p>
        </Card>
        <div className="actions actions-bar">
          <Button variant="secondary" onClick={() => setDeclined(false)} data-testid="consent-reconsider">
            {t('consent.declinedReconsider')}
          </Button>
          <Button variant="primary" size="large" onClick={onDecline} data-testid="consent-declined-done">
            {t('consent.declinedDone')}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div className="screen" key="notice">
      <ScreenHeading lang={customer.language}>{customer.t('consent.title')}</ScreenHeading>
      <Card lang={customer.language}>
        <div className="notice" data-testid="consent-notice">
          <p>{customer.t('consent.what')}</p>
          <p>{customer.t('consent.who')}</p>
          <p>{customer.t('consent.keep')}</p>
          <p>{customer.t('consent.rights')}</p>
        </div>
      </Card>
      <p className="lead">{t('consent.ask')}</p>
      <div className="actions actions-bar">
        <Button variant="quiet" onClick={() => setDeclined(true)} data-testid="consent-decline">
          {t('consent.decline')}
        </Button>
        <Button variant="primary" size="large" onClick={onAgree} data-testid="consent-agree">
          {t('consent.agree')}
        </Button>
      </div>
    </div>
  );
}
