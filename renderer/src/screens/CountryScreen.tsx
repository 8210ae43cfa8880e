import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import type { Verification } from '../../../shared/domain';
import { Banner, ErrorBanner } from '../components/Banner';
import { useKioskText } from '../app/kiosk-text';
import { Button } from '../components/Button';
import { CountryPicker } from '../components/CountryPicker';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';
import { useIssuingCountries } from '../app/use-countries';
import { useKioskCall } from '../app/hooks';

type Props = { kiosk: KioskApi; verification: Verification; onChosen: (v: Verification) => void; onBack: () => void };

/** The provider needs the issuing country before capture (ZOLOZ ID cards and licences). */
export function CountryScreen({ kiosk, verification, onChosen, onBack }: Props) {
  const { t } = useTranslation();
  const kioskText = useKioskText();
  const { info, countries, error: loadError, reload } = useIssuingCountries(kiosk, verification.id);
  const [value, setValue] = useState<string | null>(verification.issuingCountry?.chosen ?? null);
  const { busy, error, run } = useKioskCall();

  async function confirm() {
    if (value) await run(() => kiosk.setIssuingCountry({ verificationId: verification.id, country: value }), onChosen);
  }

  return (
    <div className="screen">
      <ScreenHeading>{t('country.title')}</ScreenHeading>
      <p className="lead">{t('country.lead')}</p>
      {loadError ? (
        <Banner tone="error" live="assertive" action={<Button onClick={() => void reload()}>{t('common.tryAgain')}</Button>}>
          {kioskText(loadError)}
        </Banner>
      ) : null}
      <ErrorBanner error={error} />
      {info ? (
        <CountryPicker countries={countries} supported={info.supported} value={value} onChange={setValue} />
      ) : loadError ? null : (
        <p>
          <Spinner /> {t('country.loading')}
        </p>
      )}
      <div className="actions">
        <Button variant="quiet" onClick={onBack} disabled={busy}>
          {t('scan.changeDocument')}
        </Button>
        <Button variant="primary" size="large" onClick={() => void confirm()} disabled={!value} busy={busy} busyLabel={t('country.saving')} data-testid="country-continue">
          {t('country.continue')}
        </Button>
      </div>
    </div>
  );
}
