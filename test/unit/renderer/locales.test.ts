// Every locale has exactly the English keys with the same {{placeholders}}, every plural form its
// language needs (Intl.PluralRules says which; i18next picks `key_<category>`), and every key the
// renderer asks for exists in English (literal t('…') keys and the key families built from enums).
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureSide, DeviceKind, Decision, DocumentType, VerificationState } from '../../../shared/domain';
import { sourceFiles } from './source-files';

const localeDir = resolve(import.meta.dirname, '../../../renderer/src/i18n/locales');
type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}
const load = (file: string) => flatten(JSON.parse(readFileSync(join(localeDir, file), 'utf8')) as Tree);
const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

/** i18next plural suffixes (CLDR categories). `key_one` / `key_few` … are forms of the one key `key`. */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const baseKey = (key: string) => key.replace(PLURAL, '');
/** Base key → the plural categories a locale gives it (empty for a key without plural forms). */
function pluralForms(locale: Map<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of locale.keys()) {
    const m = PLURAL.exec(key);
    const set = out.get(baseKey(key)) ?? new Set<string>();
    if (m) set.add(m[1]!);
    out.set(baseKey(key), set);
  }
  return out;
}
/** Base keys, English texts (any form: placeholders must be the same in every form). */
const baseTexts = (locale: Map<string, string>) => {
  const out = new Map<string, string[]>();
  for (const [key, text] of locale) out.set(baseKey(key), [...(out.get(baseKey(key)) ?? []), text]);
  return out;
};

const en = load('en.json');
const files = readdirSync(localeDir).filter((f) => f.endsWith('.json'));

describe('locale files', () => {
  it('has the ten languages of the provider flow', () => {
    expect(files.map((f) => f.replace('.json', '')).sort()).toEqual(['cs', 'de', 'el', 'en', 'es', 'fr', 'it', 'ru', 'sv', 'tr']);
  });

  for (const file of files.filter((f) => f !== 'en.json')) {
    it(`${file} has every English key, no others, with the same placeholders and no empty text`, () => {
      const locale = baseTexts(load(file));
      const english = baseTexts(en);
      expect([...english.keys()].filter((k) => !locale.has(k))).toEqual([]);
      expect([...locale.keys()].filter((k) => !english.has(k))).toEqual([]);
      for (const [key, texts] of english) {
        const want = placeholders(texts[0]!);
        for (const text of locale.get(key) ?? []) {
          expect(placeholders(text), `${file} ${key}`).toEqual(want);
          expect(text.trim(), `${file} ${key}`).not.toBe('');
        }
      }
    });
  }

  for (const file of files) {
    const language = file.replace('.json', '');
    it(`${file}: every plural key has exactly the forms ${language} needs, and each form uses {{count}}`, () => {
      const needed = new Set(new Intl.PluralRules(language).resolvedOptions().pluralCategories);
      const locale = load(file);
      const forms = pluralForms(locale);
      const englishPlurals = [...pluralForms(en)].filter(([, set]) => set.size > 0).map(([key]) => key);
      // The check has something to check: English has plural keys, and this locale pluralizes the same ones.
      expect(englishPlurals.length).toBeGreaterThan(0);
      for (const key of englishPlurals) {
        expect([...(forms.get(key) ?? [])].sort(), `${file} ${key}`).toEqual([...needed].sort());
        for (const category of needed) expect(placeholders(locale.get(`${key}_${category}`) ?? ''), `${file} ${key}_${category}`).toContain('count');
      }
      // No stray forms on keys English does not pluralize, and no bare key beside its plural forms.
      for (const [key, set] of forms) if (set.size > 0) expect(englishPlurals, `${file} ${key}`).toContain(key);
      for (const key of englishPlurals) expect(locale.has(key), `${file} ${key} (bare)`).toBe(false);
    });
  }

  it('the plural check can fail: a Russian text with only English forms is caught', () => {
    const needed = new Intl.PluralRules('ru').resolvedOptions().pluralCategories;
    const forms = pluralForms(new Map([['x.count_one', '{{count}}'], ['x.count_other', '{{count}}']]));
    expect([...forms.get('x.count')!].sort()).not.toEqual([...needed].sort());
    expect([...needed].sort()).toEqual(['few', 'many', 'one', 'other']);
  });

  it('has every literal key the renderer code asks for', () => {
    const used = new Set<string>();
    for (const { text } of sourceFiles()) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/'((?:stepper)\.[a-zA-Z]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    const englishBase = new Set([...en.keys()].map(baseKey));
    expect([...used].filter((k) => !englishBase.has(k))).toEqual([]);
  });

  it('has every key built from a domain enum', () => {
    const keys: string[] = [];
    for (const type of DocumentType.options) {
      keys.push(`document.${type}.name`, `document.${type}.sides`);
      for (const side of CaptureSide.options) keys.push(`scan.hint.${type}.${side}`);
    }
    for (const side of CaptureSide.options) keys.push(`side.${side}`, `scan.capture.${side}`, `scan.retake.${side}`);
    for (const state of VerificationState.options) keys.push(`state.${state}`);
    for (const d of Decision.options) keys.push(`outcome.decision.${d}`, `outcome.explain.${d}`);
    for (const kind of DeviceKind.options) keys.push(`scan.kind.${kind}`);
    for (const s of ['done', 'current', 'todo']) keys.push(`stepper.${s}`);
    for (const s of ['create_session', 'upload', 'start_analysis', 'poll', 'fetch_result', 'unknown']) keys.push(`sync.step.${s}`);
    expect(keys.filter((k) => !en.has(k))).toEqual([]);
  });
});
