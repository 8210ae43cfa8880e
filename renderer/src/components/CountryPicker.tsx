import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchCountries, orderCountries, type CountryOption, type NamedCountry } from '../app/countries';

type Props = {
  countries: readonly CountryOption[];
  /** Codes the provider lists for this document: shown first, under their own heading. */
  supported: readonly string[];
  value: string | null;
  onChange: (code: string) => void;
};

/**
 * Searchable list of issuing countries: type part of a name (any accents) or the code, Enter picks the
 * first match; the list is a native radio group, so Tab reaches it and the arrow keys move through it,
 * and every row is a large touch target. Names are in the customer's language (Intl.DisplayNames).
 */
export function CountryPicker({ countries, supported, value, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [query, setQuery] = useState('');
  const ordered = useMemo(() => orderCountries(countries, supported, locale), [countries, supported, locale]);
  const first = matchCountries(ordered.first, query, locale);
  const rest = matchCountries(ordered.rest, query, locale);
  const count = first.length + rest.length;
  const id = useId();
  const chosen = value ? [...ordered.first, ...ordered.rest].find((c) => c.code === value) : undefined;

  return (
    <div className="country-picker">
      <label className="country-search-label" htmlFor={`${id}-search`}>
        {t('country.search')}
      </label>
      <input
        id={`${id}-search`}
        type="search"
        className="country-search"
        value={query}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          const top = first[0] ?? rest[0];
          if (top) onChange(top.code);
        }}
        aria-describedby={`${id}-hint ${id}-count`}
        data-testid="country-search"
      />
      <p id={`${id}-hint`} className="hint">
        {t('country.searchHint')}
      </p>
      <p id={`${id}-count`} className="hint" role="status" data-testid="country-count">
        {count > 0 ? t('country.matches', { count }) : t('country.noMatch')}
      </p>
      {chosen ? (
        <p className="country-chosen" data-testid="country-chosen">
          <span aria-hidden="true">✓</span> {t('country.chosen', { country: `${chosen.name} (${chosen.code})` })}
        </p>
      ) : null}
      <div className="country-list">
        {first.length > 0 ? <CountryGroup name={id} title={t('country.supportedTitle')} countries={first} value={value} onChange={onChange} /> : null}
        {rest.length > 0 ? (
          <CountryGroup name={id} title={ordered.first.length > 0 ? t('country.otherTitle') : t('country.allTitle')} countries={rest} value={value} onChange={onChange} />
        ) : null}
      </div>
    </div>
  );
}

function CountryGroup({ name, title, countries, value, onChange }: { name: string; title: string; countries: readonly NamedCountry[]; value: string | null; onChange: (code: string) => void }) {
  return (
    <fieldset className="country-group">
      <legend className="country-group-title">{title}</legend>
      {countries.map((c) => (
        <label key={c.code} className={`country-option ${c.code === value ? 'country-option-selected' : ''}`}>
          <input type="radio" name={name} value={c.code} checked={c.code === value} onChange={() => onChange(c.code)} data-testid={`country-${c.code}`} />
          <span className="country-name">{c.name}</span>
          <span className="country-code">{c.code}</span>
        </label>
      ))}
    </fieldset>
  );
}
