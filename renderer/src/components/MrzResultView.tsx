// SLOT for issue 7 (on-device precheck): the MRZ read done on this kiosk, shown on the review screen
// beside each image. Until the precheck delivers results this renders nothing; the shape below is a
// placeholder the issue 7 work may replace (keep `result == null` → nothing rendered).
import { useTranslation } from 'react-i18next';
import { FieldList } from './FieldList';

/** Placeholder shape of an on-device MRZ result (to be aligned with issue 7's contract). */
export type MrzResultSlot = {
  /** true when the lines were read and every check digit is correct. */
  valid: boolean;
  /** Fields read from the lines, already labelled for display (e.g. document number, date of birth). */
  fields: ReadonlyArray<{ name: string; label: string; value: string }>;
};

export function MrzResultView({ result, testId }: { result?: MrzResultSlot | null; testId?: string }) {
  const { t } = useTranslation();
  if (!result) return null;
  return (
    <div className={`mrz-result ${result.valid ? 'mrz-valid' : 'mrz-invalid'}`} data-testid={testId ?? 'mrz-result'}>
      <p className="mrz-title">
        <span aria-hidden="true">{result.valid ? '✓' : '⚠'}</span> <strong>{t('review.mrzTitle')}</strong>{' '}
        {result.valid ? t('review.mrzValid') : t('review.mrzInvalid')}
      </p>
      {result.fields.length > 0 ? <FieldList rows={result.fields.map((f) => ({ key: f.name, label: f.label, value: f.value }))} /> : null}
    </div>
  );
}
