import { useTranslation } from 'react-i18next';
import type { QualityVerdict } from '../../../shared/domain';

/**
 * The capture's quality verdict. `instruction` is a message key from main (see locales `quality.*`);
 * an instruction this renderer has no key for is shown as main sent it (its plain English fallback).
 */
export function QualityView({ quality }: { quality: QualityVerdict | null }) {
  const { t, i18n } = useTranslation();
  if (!quality) {
    return (
      <p className="quality quality-unknown">
        <span aria-hidden="true">•</span> {t('quality.notChecked')}
      </p>
    );
  }
  const instruction = quality.instruction
    ? i18n.exists(`quality.${quality.instruction}`)
      ? t(`quality.${quality.instruction}`)
      : quality.instruction
    : null;
  return (
    <p className={`quality ${quality.ok ? 'quality-ok' : 'quality-warn'}`} data-testid="quality">
      <span aria-hidden="true">{quality.ok ? '✓' : '⚠'}</span>{' '}
      <strong>{quality.ok ? t('quality.good') : t('quality.poor')}</strong>
      {instruction ? <span className="quality-instruction"> {instruction}</span> : null}
    </p>
  );
}
