import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { ScreenHeading } from '../components/ScreenHeading';

export function StartScreen({ onStart, onToday }: { onStart: () => void; onToday: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="screen screen-start">
      <ScreenHeading>{t('start.title')}</ScreenHeading>
      <p className="lead">{t('start.intro')}</p>
      <div className="actions actions-center">
        <Button variant="primary" size="large" onClick={onStart} data-testid="start">
          {t('start.begin')}
        </Button>
        <Button variant="secondary" onClick={onToday}>
          {t('today.open')}
        </Button>
      </div>
    </div>
  );
}
