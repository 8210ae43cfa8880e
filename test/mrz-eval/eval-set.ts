// The independent MRZ evaluation set (generate.py): made on demand into a cache folder under
// test-artifacts/, deterministically from each part's seed, and read back with its manifest.
//
// Parts with different seeds: "tuning" and "tuning2" may be looked at while improving the reader (the
// second was drawn when the first had so few losses left that it could no longer tell a general fix from
// one fitted to its images); "heldout" is
// only ever measured (the bench prints its figures; nobody opens its images or its per-image results).
// "heldout" has been measured after several rounds of reader changes, so its figure has guided which
// work came next; "fresh" is a second held-out part, drawn by the same generator, measured once per
// release of the reader and never before a change is chosen.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type EvalPart = 'tuning' | 'tuning2' | 'heldout' | 'fresh';

/** The parts that may be looked at image by image while the reader is improved. */
export const TUNING_PARTS: readonly EvalPart[] = ['tuning', 'tuning2'];

/** Seeds and sizes of the parts (committed: the set is the same on every machine). */
export const EVAL_PARTS: Record<EvalPart, { seed: number; count: number }> = {
  tuning: { seed: 1901, count: 500 },
  tuning2: { seed: 5303, count: 500 },
  heldout: { seed: 2903, count: 500 },
  fresh: { seed: 4127, count: 500 },
};

export interface EvalJob {
  id: string;
  part: EvalPart;
  category: string;
  camera: boolean;
  /** valid, or how the printed MRZ was altered (wrong_check, changed_char, lookalike, paired_swap). */
  kind: string;
  format: 'TD1' | 'TD2' | 'TD3';
  /** The MRZ exactly as printed on the image. */
  printed: string[];
  /** The printed MRZ passes every check digit and has digits where only digits may stand. */
  checks_valid: boolean;
  font: string;
  renderer: 'pil' | 'magick';
  effects: Record<string, unknown>;
}

export interface EvalSet {
  dir: string;
  jobs: EvalJob[];
  imagePath(job: EvalJob): string;
}

const here = resolve(import.meta.dirname);
const GENERATOR_VERSION = 3;

/** Python with Pillow and numpy: Debian's (python3-pil, python3-numpy) before whatever is first on PATH. */
export function python(): string {
  for (const p of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(p, ['-c', 'import PIL, numpy'], { stdio: 'ignore' });
      return p;
    } catch {
      // try the next one
    }
  }
  throw new Error('the MRZ evaluation set needs Python 3 with Pillow and numpy (Debian: apt-get install python3-pil python3-numpy) and ImageMagick (imagemagick)');
}

/**
 * One image drawn by the set's Pillow renderer (render_one.py) from a job given as JSON on its stdin
 * (format, printed lines, font, camera, effects): the image file's bytes. Tests draw their documents
 * with it, so they share no drawing code with the reader.
 */
export function renderOne(job: object, options: { cwd?: string } = {}): Buffer {
  return execFileSync(python(), [resolve(here, 'render_one.py')], { cwd: options.cwd, input: JSON.stringify(job), maxBuffer: 64 << 20 });
}

/** The OCR-B font the set is drawn with: the repository's copy when present, else the system's. */
function ocrbPath(): string {
  const candidates = [resolve(here, '../../assets/fonts/ocr-b/OCRB.otf'), '/usr/share/fonts/opentype/ocr-b/OCRB.otf'];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`OCR-B font not found (looked in ${candidates.join(', ')})`);
  return found;
}

type PlanSummary = Record<'category' | 'kind' | 'printed_valid' | 'format' | 'font' | 'renderer', Record<string, number>>;

/**
 * How a drawn part's manifest differs from the committed summary of its plan (manifest-summary.json), or
 * null when it matches. A cache drawn by an older generate.py, or when its plan still depended on the
 * fonts installed, holds other images under the same folder name: measuring it would report figures of
 * another set.
 */
export function planMismatch(part: EvalPart, jobs: readonly EvalJob[], summaries: ReadonlyArray<{ part: string } & PlanSummary> = JSON.parse(readFileSync(join(here, 'manifest-summary.json'), 'utf8'))): string | null {
  const committed = summaries.find((s) => s.part === part);
  if (!committed) return null;
  const count = (key: (j: EvalJob) => string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const j of jobs) out[key(j)] = (out[key(j)] ?? 0) + 1;
    return out;
  };
  const drawn: PlanSummary = {
    category: count((j) => j.category),
    kind: count((j) => j.kind),
    printed_valid: count((j) => String(j.checks_valid)),
    format: count((j) => j.format),
    font: count((j) => j.font.split('/').at(-1)!),
    renderer: count((j) => j.renderer),
  };
  const same = (a: Record<string, number>, b: Record<string, number>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
  const differ = (Object.keys(drawn) as Array<keyof PlanSummary>).filter((k) => !same(drawn[k], committed[k]));
  return differ.length ? differ.map((k) => `${k} ${JSON.stringify(drawn[k])} where the plan has ${JSON.stringify(committed[k])}`).join('; ') : null;
}

/**
 * Returns the part's first `limit` jobs (default: all), drawing whichever of their images are not in the
 * cache yet. The plan does not depend on the limit: the first 100 images are the same in every run.
 */
export function loadEvalSet(part: EvalPart, limit = Infinity, cacheRoot = resolve(here, '../../test-artifacts/mrz-eval')): EvalSet {
  const { seed, count } = EVAL_PARTS[part];
  const n = Math.min(count, limit);
  const dir = join(cacheRoot, `${part}-${seed}-${count}-v${GENERATOR_VERSION}`);
  const manifestPath = join(dir, 'manifest.json');
  const imagePath = (job: { id: string }): string => join(dir, `${job.id}.jpg`);
  const cached = (): EvalJob[] | null => {
    if (!existsSync(manifestPath)) return null;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: number; jobs: EvalJob[] };
    if (manifest.version !== GENERATOR_VERSION) throw new Error(`${manifestPath} was made by generator v${manifest.version}, expected v${GENERATOR_VERSION}`);
    const mismatch = planMismatch(part, manifest.jobs);
    if (mismatch) throw new Error(`${dir} holds another drawing of the ${part} part than its committed plan (${mismatch}); it was drawn by an older generate.py or when the plan still depended on the fonts installed. Move the folder aside and run again to draw the part anew.`);
    const jobs = manifest.jobs.slice(0, n);
    return jobs.every((j) => existsSync(imagePath(j))) ? jobs : null;
  };
  let jobs = cached();
  if (!jobs) {
    const args = [join(here, 'generate.py'), '--part', part, '--seed', String(seed), '--count', String(count), '--out', dir, '--ocrb', ocrbPath(), '--limit', String(n)];
    execFileSync(python(), args, { stdio: 'inherit' });
    jobs = cached();
    if (!jobs) throw new Error(`generate.py did not draw the ${part} part into ${dir}`);
  }
  return { dir, jobs, imagePath };
}
