// The evaluation set's cache is checked against the committed plan: a folder drawn by an older generate.py,
// or when the plan still depended on the fonts installed, has the same name and other images.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type EvalJob, EVAL_PARTS, planMismatch, python } from '../../mrz-eval/eval-set';

const dir = mkdtempSync(join(tmpdir(), 'eval-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

/** The part's plan as generate.py writes it (manifest only, no images). */
function planned(part: 'tuning' | 'heldout'): EvalJob[] {
  const out = join(dir, part);
  const { seed, count } = EVAL_PARTS[part];
  execFileSync(python(), [resolve(import.meta.dirname, '../../mrz-eval/generate.py'), '--part', part, '--seed', String(seed), '--count', String(count), '--out', out, '--limit', '0']);
  return (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { jobs: EvalJob[] }).jobs;
}

describe('planMismatch', () => {
  it("matches generate.py's plan of each part to its committed summary", () => {
    expect(planMismatch('tuning', planned('tuning'))).toBeNull();
    expect(planMismatch('heldout', planned('heldout'))).toBeNull();
  });

  it('names what differs in a drawing made with one face in place of another', () => {
    const jobs = planned('tuning').map((j) => (j.font === 'LiberationMono-Regular.ttf' ? { ...j, font: 'DejaVuSansMono.ttf' } : j));
    expect(planMismatch('tuning', jobs)).toBe('font {"OCRB.otf":339,"DejaVuSansMono.ttf":161} where the plan has {"DejaVuSansMono.ttf":51,"LiberationMono-Regular.ttf":110,"OCRB.otf":339}');
  });

  it("tells a part's plan from another part's", () => {
    expect(planMismatch('heldout', planned('tuning'))).toMatch(/^category .* where the plan has/);
  });
});
