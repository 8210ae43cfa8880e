// The name and new-PIN fields shared by first-run setup and "Add a supervisor": one place for their
// limits (the contract's: name ≤ 64, PIN 4–12 digits), numeric keypad and password-manager hints.
import { useTranslation } from 'react-i18next';

/** PIN rule as the contract's `Pin` schema has it; checked here so the teller-facing sentence comes first. */
export const isValidPin = (pin: string): boolean => /^[0-9]{4,12}$/.test(pin);

export function SupervisorNameField({ value, onChange, testId }: { value: string; onChange: (v: string) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <label>
      <span>{t('supervisor.setup.name')}</span>
      <input value={value} onChange={(e) => onChange(e.target.value)} required maxLength={64} autoComplete="off" data-testid={testId} />
    </label>
  );
}

export function NewPinField({ label, value, onChange, testId }: { label: string; value: string; onChange: (v: string) => void; testId: string }) {
  return (
    <label>
      <span>{label}</span>
      <input type="password" inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)} required maxLength={12} autoComplete="new-password" data-testid={testId} />
    </label>
  );
}
