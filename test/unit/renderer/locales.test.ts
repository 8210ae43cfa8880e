// Every locale has exactly the English keys with the same {{placeholders}}, and every key the
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

const en = load('en.json');
const files = readdirSync(localeDir).filter((f) => f.endsWith('.json'));

describe('locale files', () => {
  it('has the ten languages of the provider flow', () => {
    expect(files.map((f) => f.replace('.json', '')).sort()).toEqual(['cs', 'de', 'el', 'en', 'es', 'fr', 'it', 'ru', 'sv', 'tr']);
  });

  for (const file of files.filter((f) => f !== 'en.json')) {
    it(`${file} has every English key, no others, with the same placeholders and no empty text`, () => {
      const locale = load(file);
      expect([...en.keys()].filter((k) => !locale.has(k))).toEqual([]);
      expect([...locale.keys()].filter((k) => !en.has(k))).toEqual([]);
      for (const [key, text] of en) {
        expect(placeholders(locale.get(key) ?? ''), `${file} ${key}`).toEqual(placeholders(text));
        expect((locale.get(key) ?? '').trim(), `${file} ${key}`).not.toBe('');
      }
    });
  }

  it('has every literal key the renderer code asks for', () => {
    const used = new Set<string>();
    for (const { text } of sourceFiles()) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/'((?:stepper)\.[a-zA-Z]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !en.has(k))).toEqual([]);
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
