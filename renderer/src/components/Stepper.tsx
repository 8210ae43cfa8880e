import { useTranslation } from 'react-i18next';

/** Where the customer is in the flow. Done/current are said in words and marked with a symbol. */
export function Stepper({ steps, current }: { steps: readonly string[]; current: number }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('stepper.label')}>
      <ol className="stepper">
        {steps.map((label, index) => {
          const state = index < current ? 'done' : index === current ? 'current' : 'todo';
          return (
            <li key={label} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="step-mark" aria-hidden="true">
                {state === 'done' ? '✓' : index + 1}
              </span>
              <span className="step-label">{label}</span>
              <span className="visually-hidden">{t(`stepper.${state}`)}</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
