import { useTranslation } from 'react-i18next';

/** Indeterminate activity. The label is read by screen readers; sighted users see the motion. */
export function Spinner({ label }: { label?: string | undefined }) {
  const { t } = useTranslation();
  return <span className="spinner" role="status" aria-label={label ?? t('common.working')} />;
}

/** Determinate progress, always with the numbers in text so it does not rely on the bar alone. */
export function Progress({ value, max, label, text }: { value: number; max: number; label: string; text: string }) {
  return (
    <div className="progress">
      <progress value={value} max={max} aria-label={label} />
      <span className="progress-text">{text}</span>
    </div>
  );
}
