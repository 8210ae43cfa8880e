import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../shared/contract';
import type { IssuingCountryInfo, Verification } from '../../../shared/domain';
import { countryBlocksSubmit, nameOfCode, type CountryOption } from '../app/countries';
import { Banner, ErrorBanner } from './Banner';
import { Button } from './Button';
import { Card } from './Card';
import { CountryPicker } from './CountryPicker';
import { useKioskCall } from '../app/hooks';

type Props = {
  kiosk: KioskApi;
  verificationId: string;
  info: IssuingCountryInfo;
  countries: readonly CountryOption[];
  /** Main stored a new choice: the verification as it is now. */
  onChanged: (v: Verification) => void;
  disabled?: boolean;
};

/**
 * Review screen: the issuing country used for this verification and where it came from; the
 * teller picks it here when routing needs it and the MRZ did not give it, and confirms it when the
 * MRZ reading disagrees with the choice.
 */
export function IssuingCountryCard({ kiosk, verificationId, info, countries, onChanged, disabled = false }: Props) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<string | null>(info.chosen);
  const { busy, error, run } = useKioskCall();
  const name = (code: string) => `${nameOfCode(code, countries, locale)} (${code})`;
  const picking = editing || (info.ask !== null && !info.effective);
  const readIsKnown = info.read !== null && countries.some((c) => c.code === info.read);

  const choose = (country: string, confirmMismatch: boolean) =>
    run(
      () => kiosk.setIssuingCountry({ verificationId, country, ...(confirmMismatch ? { confirmMismatch } : {}) }),
      (value) => {
        setEditing(false);
        onChanged(value);
      },
    );

  return (
    <Card title={t('country.reviewTitle')} tone={countryBlocksSubmit(info) ? 'warn' : 'ok'}>
      {info.effective ? (
        <p className="country-current" data-testid="review-country" data-country={info.effective}>
          <strong>{name(info.effective)}</strong> · {info.chosen ? t('country.sourceChosen') : t('country.sourceRead')}
        </p>
      ) : (
        <p data-testid="review-country-missing">{t('country.needed')}</p>
      )}
      {info.effective && info.supported.length > 0 && !info.supported.includes(info.effective) ? <p className="hint">{t('country.notListed')}</p> : null}
      {info.mismatch && info.chosen && info.read ? (
        info.confirmed ? (
          <p className="country-confirmed" data-testid="country-confirmed">
            <span aria-hidden="true">✓</span> {t('country.confirmed', { country: name(info.chosen), read: name(info.read) })}
          </p>
        ) : (
          <Banner tone="warning" testId="country-mismatch">
            <p>{t('country.mismatch', { chosen: name(info.chosen), read: name(info.read) })}</p>
            <div className="actions-inline">
              <Button variant="primary" onClick={() => void choose(info.chosen!, true)} busy={busy} disabled={disabled} data-testid="country-keep">
                {t('country.keepChosen', { country: name(info.chosen) })}
              </Button>
              {readIsKnown ? (
                <Button onClick={() => void choose(info.read!, false)} disabled={disabled || busy} data-testid="country-use-read">
                  {t('country.useRead', { country: name(info.read) })}
                </Button>
              ) : null}
            </div>
          </Banner>
        )
      ) : null}
      <ErrorBanner error={error} />
      {picking ? (
        <>
          <CountryPicker countries={countries} supported={info.supported} value={value} onChange={setValue} />
          <div className="actions-inline">
            {editing ? (
              <Button variant="quiet" onClick={() => setEditing(false)} disabled={busy}>
                {t('country.cancelChange')}
              </Button>
            ) : null}
            <Button variant="primary" onClick={() => value && void choose(value, false)} disabled={!value || disabled} busy={busy} busyLabel={t('country.saving')} data-testid="country-use">
              {t('country.use')}
            </Button>
          </div>
        </>
      ) : (
        <div className="actions-inline">
          <Button variant="secondary" onClick={() => setEditing(true)} disabled={disabled || busy} data-testid="country-change">
            {t('country.change')}
          </Button>
        </div>
      )}
    </Card>
  );
}
