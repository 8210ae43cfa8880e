// The assisted flow (the customer on the provider's own page: ZignSec's hosted page, ZOLOZ's H5 page), offered on the scan
// screen before anything is scanned when this kiosk is set up for the verification's provider (main decides: configuration,
// the verification's state and whether the host can open the window).
// The page itself opens in a locked window owned by main; this card only asks for it and waits.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import type { ProviderId, Verification } from '../../../shared/domain';
import { ErrorBanner } from './Banner';
import { Button } from './Button';
import { Card } from './Card';
import { useKioskCall } from '../app/hooks';

type Props = {
  kiosk: KioskApi;
  verification: Verification;
  /** The verification once the customer finished or closed the page (awaiting the provider's result). */
  onSubmitted: (verification: Verification) => void;
};

/** Providers' names as the customer sees them on their pages (brand names: never translated). */
const PROVIDER_NAMES: Record<ProviderId, string> = { zignsec: 'ZignSec', zoloz: 'ZOLOZ' };

export function ProviderPageOffer({ kiosk, verification, onSubmitted }: Props) {
  const { t } = useTranslation();
  const [offered, setOffered] = useState(false);
  const { busy, error, run } = useKioskCall();

  useEffect(() => {
    let active = true;
    void kiosk.getProviderPageOffer({ verificationId: verification.id }).then((r) => active && setOffered(r.ok && r.value.offered));
    return () => {
      active = false;
    };
  }, [kiosk, verification.id, verification.provider]);

  if (!offered) return null;
  const provider = PROVIDER_NAMES[verification.provider];

  const open = () => run(() => kiosk.openProviderPage({ verificationId: verification.id }), onSubmitted);

  return (
    <Card title={t('assisted.title', { provider })}>
      <p className="hint">{t('assisted.explain', { provider })}</p>
      <ErrorBanner error={error} />
      <Button variant="secondary" onClick={() => void open()} busy={busy} busyLabel={t('assisted.busy', { provider })} disabled={busy} data-testid="open-provider-page">
        {busy ? t('assisted.busy', { provider }) : t('assisted.open', { provider })}
      </Button>
    </Card>
  );
}
