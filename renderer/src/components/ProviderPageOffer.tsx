// The assisted ZignSec flow (the customer on ZignSec's own page), offered on the scan screen before anything is scanned when
// this kiosk is set up for it (main decides: configuration and whether the host can open the window).
// The page itself opens in a locked window owned by main; this card only asks for it and waits.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import type { Verification } from '../../../shared/domain';
import { ErrorBanner } from './Banner';
import { Button } from './Button';
import { Card } from './Card';
import { useKioskCall } from '../app/hooks';

type Props = {
  kiosk: KioskApi;
  verification: Verification;
  /** The verification once the customer closed the page (awaiting ZignSec's result). */
  onSubmitted: (verification: Verification) => void;
};

export function ProviderPageOffer({ kiosk, verification, onSubmitted }: Props) {
  const { t } = useTranslation();
  const [offered, setOffered] = useState(false);
  const { busy, error, run } = useKioskCall();

  useEffect(() => {
    let active = true;
    void kiosk.getProviderPageOffer({}).then((r) => active && setOffered(r.ok && r.value.offered));
    return () => {
      active = false;
    };
  }, [kiosk]);

  if (!offered || verification.provider !== 'zignsec') return null;

  const open = () => run(() => kiosk.openProviderPage({ verificationId: verification.id }), onSubmitted);

  return (
    <Card title={t('assisted.title')}>
      <p className="hint">{t('assisted.explain')}</p>
      <ErrorBanner error={error} />
      <Button variant="secondary" onClick={() => void open()} busy={busy} busyLabel={t('assisted.busy')} disabled={busy} data-testid="open-provider-page">
        {busy ? t('assisted.busy') : t('assisted.open')}
      </Button>
    </Card>
  );
}
