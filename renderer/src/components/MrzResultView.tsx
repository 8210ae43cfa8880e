// The kiosk's own check of a capture (on-device precheck), shown on the review screen beside the image: what the
// machine-readable lines say (document, names, dates, number, expiry) and whether each field is valid,
// whether the selfie shows one well-placed face, and what a licence's barcode says. Every state is
// carried by a symbol and words, never by colour alone. Nothing is rendered without a precheck.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CapturePrecheck, FacePrecheck, MrzPrecheck, PrecheckField } from '../../../shared/precheck';
import { FieldList, type FieldRow } from './FieldList';
import './mrz-result.css';

type T = ReturnType<typeof useTranslation>['t'];

function fieldState(t: T, fields: readonly PrecheckField[], keys: readonly string[]) {
  const relevant = fields.filter((f) => keys.includes(f.key));
  const bad = relevant.find((f) => !f.valid);
  if (relevant.length === 0) return null;
  const why = !bad ? null : /check digit/.test(bad.problem ?? '') ? t('precheck.checkDigitWrong') : /expired/.test(bad.problem ?? '') ? t('precheck.expiredShort') : t('precheck.invalid');
  return (
    <span className={`precheck-state ${bad ? 'precheck-bad' : 'precheck-good'}`} data-valid={bad ? 'false' : 'true'}>
      <span aria-hidden="true">{bad ? '✕' : '✓'}</span> {bad ? why : t('precheck.valid')}
    </span>
  );
}

function MrzSection({ mrz }: { mrz: MrzPrecheck }) {
  const { t } = useTranslation();
  const icon = mrz.status === 'accepted' ? '✓' : mrz.status === 'invalid' ? '⚠' : '✕';
  const value = (text: string | null, keys: readonly string[], extra?: ReactNode) => (
    <>
      <span className="precheck-value">{text ?? '—'}</span>
      {extra}
      {fieldState(t, mrz.fields, keys)}
    </>
  );
  const kind = mrz.documentKind ? t(`precheck.kind.${mrz.documentKind}`) : null;
  const name = [mrz.lastName, mrz.firstName].filter(Boolean).join(', ') || null;
  const rows: FieldRow[] =
    mrz.status === 'unreadable'
      ? []
      : [
          { key: 'document', label: t('precheck.field.document'), value: value([kind, mrz.issuingState].filter(Boolean).join(' · ') || null, ['documentCode', 'issuingState']) },
          { key: 'name', label: t('precheck.field.name'), value: value(name, ['lastName', 'firstName']) },
          {
            key: 'dateOfBirth',
            label: t('precheck.field.dateOfBirth'),
            value: value(mrz.dateOfBirth, ['dateOfBirth'], mrz.age !== null ? <span className="precheck-age"> ({t('precheck.age', { age: mrz.age })})</span> : null),
          },
          { key: 'nationality', label: t('precheck.field.nationality'), value: value(mrz.nationality, ['nationality']) },
          { key: 'documentNumber', label: t('precheck.field.documentNumber'), value: value(mrz.documentNumber, ['documentNumber']) },
          {
            key: 'dateOfExpiry',
            label: t('precheck.field.dateOfExpiry'),
            value: value(
              mrz.dateOfExpiry,
              ['dateOfExpiry'],
              mrz.expired ? (
                <strong className="precheck-expired" data-testid="precheck-expired">
                  {' '}
                  <span aria-hidden="true">⚠</span> {t('precheck.expiredFlag')}
                </strong>
              ) : null,
            ),
          },
          ...(mrz.fields.some((f) => f.key === 'finalCheckDigit')
            ? [{ key: 'final', label: t('precheck.field.finalCheckDigit'), value: fieldState(t, mrz.fields, ['finalCheckDigit']) }]
            : []),
        ];
  return (
    <div className={`precheck-mrz precheck-mrz-${mrz.status}`} data-testid="precheck-mrz" data-status={mrz.status}>
      <p className="precheck-verdict">
        <span aria-hidden="true">{icon}</span> {t(`precheck.mrz.${mrz.status}`)}
      </p>
      {mrz.repaired ? <p className="precheck-note">{t('precheck.repaired')}</p> : null}
      {rows.length ? <FieldList rows={rows} testId="precheck-fields" /> : null}
    </div>
  );
}

function FaceSection({ face }: { face: FacePrecheck }) {
  const { t } = useTranslation();
  const key = face.ok ? `precheck.face.ok.${face.target}` : face.target === 'document_portrait' ? 'precheck.face.noPortrait' : `precheck.face.${face.problem ?? 'no_face'}`;
  return (
    <p className={`precheck-face ${face.ok ? 'precheck-good' : 'precheck-bad'}`} data-testid="precheck-face" data-ok={face.ok ? 'true' : 'false'}>
      <span aria-hidden="true">{face.ok ? '✓' : '⚠'}</span> {t(key)}
    </p>
  );
}

export function MrzResultView({ precheck, testId }: { precheck?: CapturePrecheck | null; testId?: string }) {
  const { t } = useTranslation();
  if (!precheck) return null;
  const barcode = precheck.barcode;
  return (
    <section className="precheck" data-testid={testId ?? 'mrz-result'} aria-label={t('precheck.title')}>
      <h3 className="precheck-title">{t('precheck.title')}</h3>
      {precheck.mrz ? <MrzSection mrz={precheck.mrz} /> : null}
      {precheck.mrz === null ? (
        <p className="precheck-bad">
          <span aria-hidden="true">⚠</span> {t('precheck.mrz.error')}
        </p>
      ) : null}
      {precheck.face ? <FaceSection face={precheck.face} /> : null}
      {barcode ? (
        <p className={`precheck-barcode ${barcode.found ? 'precheck-good' : 'precheck-bad'}`} data-testid="precheck-barcode">
          <span aria-hidden="true">{barcode.found ? '✓' : '⚠'}</span>{' '}
          {!barcode.found
            ? t('precheck.barcode.notFound')
            : barcode.comparisons.some((c) => c.agree === false)
              ? t('precheck.barcode.disagree', { fields: barcode.comparisons.filter((c) => c.agree === false).map((c) => c.key).join(', ') })
              : t('precheck.barcode.found')}
        </p>
      ) : null}
    </section>
  );
}
