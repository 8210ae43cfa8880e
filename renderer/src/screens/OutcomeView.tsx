import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { IdentityFields, Outcome } from '../../../shared/domain';
import { FieldList, type FieldRow } from '../components/FieldList';
import { Card } from '../components/Card';
import { formatIsoDate } from '../app/format';

const DECISION_ICON = { accepted: '✓', declined: '✕', failed: '!' } as const;

type TextField = Exclude<keyof IdentityFields, 'age' | 'expired' | 'dateOfBirth' | 'expiryDate'>;
const TEXT_FIELDS: readonly TextField[] = ['fullName', 'firstName', 'lastName', 'sex', 'nationality', 'issuingState', 'documentNumber', 'personalNumber'];

export function identityRows(identity: IdentityFields, t: TFunction, locale: string): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const key of TEXT_FIELDS) {
    // With a full name, first/last would only repeat it.
    if ((key === 'firstName' || key === 'lastName') && identity.fullName) continue;
    const value = identity[key];
    if (value) rows.push({ key, label: t(`identity.${key}`), value });
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
export function OutcomeView({ outcome, selfie = null }: { outcome: Outcome; selfie?: string | null }) {
  const { t, i18n } = useTranslation();
  const { identity } = outcome;
  const rows = identityRows(identity, t, i18n.language);
  return (
    <div className="outcome">
      <div className={`decision decision-${outcome.decision}`} data-testid="decision" data-decision={outcome.decision}>
        <span className="decision-icon" aria-hidden="true">
          {DECISION_ICON[outcome.decision]}
        </span>
        <span className="decision-text">
          <strong className="decision-word">{t(`outcome.decision.${outcome.decision}`)}</strong>
          <span className="decision-explain">{t(`outcome.explain.${outcome.decision}`)}</span>
        </span>
      </div>

      {outcome.reasons.length > 0 ? (
        <Card title={t('outcome.reasons')}>
          <ul className="reasons" data-testid="reasons">
            {outcome.reasons.map((reason, i) => (
              <li key={`${reason.code}-${i}`}>{reason.message}</li>
            ))}
          </ul>
        </Card>
      ) : null}

      <div className="outcome-grid">
        <Card title={t('outcome.identity')}>
          {rows.length > 0 ? <FieldList rows={rows} testId="identity" /> : <p>{t('outcome.noIdentity')}</p>}
          {identity.expiryDate ? (
            <p className={`expiry ${identity.expired ? 'expiry-expired' : 'expiry-valid'}`} data-testid="expiry">
              <span aria-hidden="true">{identity.expired ? '✕' : '✓'}</span>{' '}
              {t('identity.expiryDate')}: {formatIsoDate(identity.expiryDate, i18n.language)}{' '}
              <strong>{identity.expired ? t('identity.expired') : identity.expired === false ? t('identity.valid') : ''}</strong>
            </p>
          ) : null}
        </Card>
        {outcome.portrait || selfie ? (
          <Card title={outcome.portrait && selfie ? t('outcome.faces') : outcome.portrait ? t('outcome.portrait') : t('outcome.selfie')}>
            {/* Captions only when both images are shown: alone, the card title already names it. */}
            <div className="faces" data-testid="faces">
              {outcome.portrait ? (
                <figure className="face">
                  <img className="portrait" src={outcome.portrait} alt={t('outcome.portraitAlt')} data-testid="portrait" />
                  {selfie ? <figcaption>{t('outcome.portrait')}</figcaption> : null}
                </figure>
              ) : null}
              {selfie ? (
                <figure className="face">
                  <img className="portrait" src={selfie} alt={t('outcome.selfieAlt')} data-testid="selfie" />
                  {outcome.portrait ? <figcaption>{t('outcome.selfie')}</figcaption> : null}
                </figure>
              ) : null}
            </div>
            {outcome.selfieSimilarity !== null ? (
              <p data-testid="similarity">{t('outcome.similarity', { value: Math.round(outcome.selfieSimilarity) })}</p>
            ) : null}
          </Card>
        ) : null}
      </div>

      {outcome.fields.length > 0 ? (
        <Card title={t('outcome.fieldsTitle')}>
          <table className="fields-table">
            <thead>
              <tr>
                <th scope="col">{t('outcome.fieldName')}</th>
                <th scope="col">{t('outcome.zoneMrz')}</th>
                <th scope="col">{t('outcome.zoneVisual')}</th>
                <th scope="col">{t('outcome.zoneBarcode')}</th>
                <th scope="col">{t('outcome.agree')}</th>
              </tr>
            </thead>
            <tbody>
              {outcome.fields.map((field) => (
                <tr key={field.name}>
                  <th scope="row">{field.name}</th>
                  <td>{field.mrz ?? '—'}</td>
                  <td>{field.visual ?? '—'}</td>
                  <td>{field.barcode ?? '—'}</td>
                  <td>
                    {field.agree === null ? '—' : field.agree ? `✓ ${t('common.yes')}` : `✕ ${t('common.no')}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
    </div>
  );
}
