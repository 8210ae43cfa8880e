// Outcome and status kinds are told apart by shape, not colour alone, and each has an accessible name
// in every language.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindOfState, STATUS_SHAPES, type StatusKind } from '../../../renderer/src/components/StatusIcon';
import { VerificationState } from '../../../shared/domain';

const localeDir = resolve(import.meta.dirname, '../../../renderer/src/i18n/locales');

describe('status icons', () => {
  it('verified, declined, needs review, scan again and queued map to five different kinds', () => {
    const kinds = (['accepted', 'declined', 'needs_attention', 'failed', 'queued'] as const).map(kindOfState);
    expect(kinds).toEqual(['verified', 'declined', 'review', 'retry', 'queued']);
    for (const state of VerificationState.options) expect(Object.keys(STATUS_SHAPES)).toContain(kindOfState(state));
  });

  it('no two kinds share a shape', () => {
    const drawings = Object.values(STATUS_SHAPES).map((paths) => paths.join(' '));
    expect(new Set(drawings).size).toBe(drawings.length);
  });

  it('every kind has a distinct accessible name in every language', () => {
    for (const file of readdirSync(localeDir).filter((f) => f.endsWith('.json'))) {
      const icon = (JSON.parse(readFileSync(join(localeDir, file), 'utf8')) as { icon?: Record<string, string> }).icon ?? {};
      const names = (Object.keys(STATUS_SHAPES) as StatusKind[]).map((k) => icon[k]);
      expect(names.every((n) => typeof n === 'string' && n.trim() !== ''), file).toBe(true);
      expect(new Set(names).size, file).toBe(names.length);
    }
  });
});
