import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CaptureSummary, IdentityFields, Outcome, ProviderId } from '../../../shared/domain';
import { PortraitCrop } from '../components/PortraitCrop';
import { FieldList, type FieldRow } from '../components/FieldList';
import { Card } from '../components/Card';
import { formatIsoDate } from '../app/format';
import { countryOfCode } from '../app/country-names';
import { fraudSignals, outcomeAdvice } from '../app/outcome-advice';
import { Banner } from '../components/Banner';
import { StatusIcon, type StatusKind } from '../components/StatusIcon';
import { useCustomerTranslation } from '../app/customer-language';
import { isCatalogued, useKioskText } from '../app/kiosk-text';

/** A fraud-type signal makes any decision a case for review; otherwise the decision's own icon. */
const PROVIDER_NAMES: Record<ProviderId, string> = { zignsec: 'ZignSec', zoloz: 'ZOLOZ' };

const DECISION_KIND: Record<Outcome['decision'], StatusKind> = { accepted: 'verified', declined: 'declined', failed: 'retry' };

type TextField = Exclude<keyof IdentityFields, 'age' | 'expired' | 'dateOfBirth' | 'expiryDate'>;
const TEXT_FIELDS: readonly TextField[] = ['fullName', 'firstName', 'lastName', 'sex', 'nationality', 'issuingState', 'documentNumber', 'personalNumber'];

export function identityRows(identity: IdentityFields, t: TFunction, locale: string): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const key of TEXT_FIELDS) {
    // With a full name, first/last would only repeat it.
    if ((key === 'firstName' || key === 'lastName') && identity.fullName) continue;
    const value = identity[key];
    // Countries by name in the customer's language (codes from the MRZ or the provider).
    if (value) rows.push({ key, label: t(`identity.${key}`), value: key === 'nationality' || key === 'issuingState' ? countryOfCode(value, locale) : value });
  }
  if (identity.dateOfBirth) {
    const age = identity.age !== null ? ` ${t('identity.ageSuffix', { age: identity.age })}` : '';
    rows.push({ key: 'dateOfBirth', label: t('identity.dateOfBirth'), value: `${formatIsoDate(identity.dateOfBirth, locale)}${age}` });
  }
  return rows;
}

/**
 * `selfie` is the customer photo taken at the kiosk (its preview), shown beside the document portrait
 * so the teller can compare the two faces with their own eyes as well as by the provider's score.
 */
export function OutcomeView({
  outcome,
  selfie = null,
  imagesGood = null,
  documentFront = null,
}: {
  outcome: Outcome;
  selfie?: string | null;
  imagesGood?: boolean | null;
  /** The kiosk's scan of the photo page: its portrait is shown when the provider returned none. */
  documentFront?: CaptureSummary | null;
}) {
  const { t } = useTranslation();
  // The decision and the identity read from the document are shown to the customer: in their language.
  const customer = useCustomerTranslation();
  const kioskText = useKioskText();
  const { identity } = outcome;
  const rows = identityRows(identity, customer.t, customer.language);
  const advice = outcomeAdvice(outcome, imagesGood);
  const ownPortrait = !outcome.portrait && documentFront ? <PortraitCrop capture={documentFront} alt={t('outcome.portraitAlt')} testId="portrait" /> : null;
  const hasPortrait = !!outcome.portrait || ownPortrait !== null;
  const signals = fraudSignals(outcome, imagesGood);
  // Only the provider's rows and zones that hold something.
  const fieldRows = outcome.fields.filter((f) => f.mrz !== null || f.visual !== null || f.barcode !== null);
  const zones = (['mrz', 'visual', 'barcode'] as const).filter((z) => fieldRows.some((f) => f[z] !== null));
  const zoneLabel = { mrz: t('outcome.zoneMrz'), visual: t('outcome.zoneVisual'), barcode: t('outcome.zoneBarcode') };
  return (
    <div className="outcome">
      <div
        className={`decision decision-${advice === 'supervisor' ? 'declined' : outcome.decision}`}
        data-testid="decision"
        data-decision={outcome.decision}
        lang={customer.language}
      >
        <StatusIcon kind={advice === 'supervisor' ? 'review' : DECISION_KIND[outcome.decision]} className="decision-icon" size={72} />
        <span className="decision-text">
          <strong className="decision-word">{customer.t(`outcome.decision.${outcome.decision}`)}</strong>
          <span className="decision-explain">{customer.t(`outcome.explain.${outcome.decision}`)}</span>
        </span>
      </div>
      {advice === 'supervisor' ? (
        <Banner tone="error" testId="call-supervisor" live="assertive">
          <strong>{t('outcome.supervisor')}</strong> {signals.map((s) => t(`outcome.signal.${s}`)).join(' ')}
        </Banner>
      ) : (
        <p className={`next-step next-step-${advice}`} data-testid="next-step" data-advice={advice}>
          <strong>{t('outcome.nextLabel')}</strong> {t(`outcome.next.${advice}`)}
        </p>
      )}
      {identity.expiryDate ? (
        <p className={`expiry expiry-top ${identity.expired ? 'expiry-expired' : 'expiry-valid'}`} data-testid="expiry">
          <span aria-hidden="true">{identity.expired ? '✕' : '✓'}</span> {t('identity.expiryDate')}: {formatIsoDate(identity.expiryDate, customer.language)}{' '}
          <strong>{identity.expired ? t('identity.expired') : identity.expired === false ? t('identity.valid') : ''}</strong>
        </p>
      ) : null}

      {outcome.reasons.length > 0 ? (
        <Card title={t('outcome.reasons')}>
          <ul className="reasons" data-testid="reasons">
            {outcome.reasons.map((reason, i) =>
              // The kiosk's own sentence in the teller's language; a reason the provider gave in its own
              // words is labelled as the provider's and marked English, never passed off as the kiosk's.
              isCatalogued(reason) ? (
                <li key={`${reason.code}-${i}`}>{kioskText(reason)}</li>
              ) : (
                <li key={`${reason.code}-${i}`} className="reason-provider" data-testid="provider-words">
                  <span className="reason-provider-label">{t('outcome.providerWords', { provider: PROVIDER_NAMES[outcome.provider] })}</span>{' '}
                  <q lang="en">{reason.message}</q>
                </li>
              ),
            )}
          </ul>
        </Card>
      ) : null}

      <div className="outcome-grid">
        <Card title={customer.t('outcome.identity')} lang={customer.language}>
          {rows.length > 0 ? <FieldList rows={rows} testId="identity" /> : <p>{customer.t('outcome.noIdentity')}</p>}
        </Card>
        {hasPortrait || selfie ? (
          <Card title={hasPortrait && selfie ? t('outcome.faces') : hasPortrait ? t('outcome.portrait') : t('outcome.selfie')}>
            {/* Captions only when both images are shown: alone, the card title already names it. */}
            <div className="faces" data-testid="faces">
              {outcome.portrait ? (
                <figure className="face">
                  <img className="portrait" src={outcome.portrait} alt={t('outcome.portraitAlt')} data-testid="portrait" />
                  {selfie ? <figcaption>{t('outcome.portrait')}</figcaption> : null}
                </figure>
              ) : ownPortrait ? (
                <figure className="face">
                  {ownPortrait}
                  {selfie ? <figcaption>{t('outcome.portrait')}</figcaption> : null}
                </figure>
              ) : null}
              {selfie ? (
                <figure className="face">
                  <img className="portrait" src={selfie} alt={t('outcome.selfieAlt')} data-testid="selfie" />
                  {hasPortrait ? <figcaption>{t('outcome.selfie')}</figcaption> : null}
                </figure>
              ) : null}
            </div>
            {outcome.selfieSimilarity !== null ? (
              <p data-testid="similarity">{t('outcome.similarity', { value: Math.round(outcome.selfieSimilarity) })}</p>
            ) : null}
          </Card>
        ) : null}
      </div>

      {fieldRows.length > 0 ? (
        <details className="provider-details" data-testid="provider-details">
          <summary>{t('outcome.details')}</summary>
          <table className="fields-table">
            <caption className="visually-hidden">{t('outcome.fieldsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('outcome.fieldName')}</th>
                {zones.map((z) => (
                  <th scope="col" key={z}>
                    {zoneLabel[z]}
                  </th>
                ))}
                <th scope="col">{t('outcome.agree')}</th>
              </tr>
            </thead>
            <tbody>
              {fieldRows.map((field) => (
                <tr key={field.name}>
                  <th scope="row">{field.name}</th>
                  {zones.map((z) => (
                    <td key={z}>{field[z] ?? ''}</td>
                  ))}
                  <td>{field.agree === null ? '' : field.agree ? `✓ ${t('common.yes')}` : `✕ ${t('common.no')}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}
