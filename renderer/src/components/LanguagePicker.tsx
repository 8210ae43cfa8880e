import { LANGUAGES, isLanguage, type Language } from '../i18n/languages';
import { nativeLanguageName } from '../app/format';

/** One of the ten languages, each named in itself (a customer finds their own whatever the screen speaks). */
export function LanguagePicker({ label, value, onChange, testId }: { label: string; value: Language; onChange: (language: Language) => void; testId: string }) {
  return (
    <label className="language-picker">
      <span>{label}</span>
      <select
        value={value}
        onChange={(e) => {
          if (isLanguage(e.target.value)) onChange(e.target.value);
        }}
        data-testid={testId}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {nativeLanguageName(code)}
          </option>
        ))}
      </select>
    </label>
  );
}
