// MRZ reading benchmark: `npm run bench -- mrz` (or `npx tsx test/bench/precheck-mrz.ts`).
//
// Three sets, each reported per category with: n, valid n, accepted-correct (share of the images whose
// printed MRZ is valid that were accepted with exactly the printed text), false accepts (accepted with any
// other text, or accepted although the printed MRZ is invalid — the goal is 0), rejected (share of all
// images not accepted: 'invalid' or 'unreadable'), invalid rejected (altered MRZs that were not accepted),
// and the median and p95 CPU time per document (process CPU, all threads: the OCR worker and sharp).
//  1. the independent set (test/mrz-eval: Pillow and ImageMagick renderings, OCR-B and other monospace
//     faces, scans and camera-like frames, ~16 % altered MRZs), its tuning part and its held-out part
//     separately — the held-out part is only ever measured;
//  2. the kiosk's own specimen generator (main/capture/specimen: clean scans and webcam-like frames), the
//     set the reader was first built on — not the headline figure;
//  3. a tesseract baseline on the independent set: tesseract.js with default settings (LSTM, automatic
//     page segmentation, whole image), MRZ-like lines picked from its text, validated without repair.
//
// Environment:
//   BENCH_MRZ_SETS      comma list of tuning, tuning2, heldout, fresh, specimen, baseline (default: tuning,
//                       heldout, specimen, baseline)
//   BENCH_MRZ_EVAL_N    read only the first N images of each independent part (default: all)
//   BENCH_MRZ_N         specimen images (default 200: half scans, half webcam-like)
//   BENCH_MRZ_BASELINE_N independent images the (slow) baseline reads from each part (default 60)
//   BENCH_MRZ_READER    path of another mrz-ocr module to measure (e.g. an older version's copy)
//   BENCH_MRZ_COMPARE   path of a second mrz-ocr module (e.g. `git archive` of the commit before a change,
//                       unpacked under the repository so it finds node_modules): every independent image is
//                       read by both readers in turn (alternating which goes first), both are reported and the
//                       tuning images whose verdict differs are listed — an A/B on the same images under the
//                       same machine load
//   BENCH_MRZ_FAILURES  print each failure of the tuning parts (never the held-out parts')
//   BENCH_MRZ_STAGES    print where the CPU goes: mean CPU ms per stage for accepted frames, refused frames
//                       and the slowest 10 %, per independent part and the specimen set (stage-trace.ts)
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateSpecimen, randomSpecimenSpec, seededRandom } from '../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../main/capture/specimen/webcam';
import type { MrzReader, MrzReaderOptions } from '../../main/precheck/mrz-ocr';
import { parseMrz } from '../../main/precheck/mrz-parse';
import { createOcrEngine } from '../../main/precheck/mrz-worker';
import { EVAL_PARTS, loadEvalSet, TUNING_PARTS, type EvalPart } from '../mrz-eval/eval-set';

const SETS = new Set((process.env.BENCH_MRZ_SETS ?? 'tuning,heldout,specimen,baseline').split(',').map((s) => s.trim()));
const EVAL_N = Number(process.env.BENCH_MRZ_EVAL_N ?? Infinity);
const SPECIMEN_N = Number(process.env.BENCH_MRZ_N ?? 200);
const BASELINE_N = Number(process.env.BENCH_MRZ_BASELINE_N ?? 60);
const SHOW_FAILURES = process.env.BENCH_MRZ_FAILURES === '1';
const SHOW_STAGES = process.env.BENCH_MRZ_STAGES === '1';
/** The ICAO 9303 specimen state "Utopia" is in the independent set's texts. */
const EXTRA_STATES = ['UTO'];

/** One image to read and what is printed on it. */
interface Item {
  id: string;
  groups: string[];
  image: Buffer;
  printed: string[];
  /** The printed MRZ is valid: the only right outcome for it is acceptance with exactly this text. */
  valid: boolean;
}

interface Tally {
  n: number;
  valid: number;
  correct: number;
  falseAccepts: number;
  rejected: number;
  invalid: number;
  invalidRejected: number;
  cpuMs: number[];
}
const tally = (): Tally => ({ n: 0, valid: 0, correct: 0, falseAccepts: 0, rejected: 0, invalid: 0, invalidRejected: 0, cpuMs: [] });

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const pct = (x: number, n: number): string => (n ? `${((100 * x) / n).toFixed(1)}%` : '—');
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};

type Outcome = { accepted: boolean; lines: string[] };

function record(groups: Record<string, Tally>, item: Item, outcome: Outcome, cpuMs: number): 'correct' | 'false accept' | 'rejected' | 'rejected invalid' {
  const same = outcome.lines.join('\n') === item.printed.join('\n');
  const verdict = outcome.accepted ? (item.valid && same ? 'correct' : 'false accept') : item.valid ? 'rejected' : 'rejected invalid';
  for (const g of ['all', ...item.groups]) {
    const t = (groups[g] ??= tally());
    t.n++;
    t.cpuMs.push(cpuMs);
    if (item.valid) t.valid++;
    else t.invalid++;
    if (verdict === 'correct') t.correct++;
    if (verdict === 'false accept') t.falseAccepts++;
    if (!outcome.accepted) t.rejected++;
    if (verdict === 'rejected invalid') t.invalidRejected++;
  }
  return verdict;
}

function report(title: string, groups: Record<string, Tally>): void {
  console.log(`\n${title}`);
  console.log(`${'category'.padEnd(22)} ${'n'.padStart(4)} ${'valid'.padStart(5)}  accepted-correct  false acc.  rejected  invalid rejected  median cpu ms  p95 cpu ms`);
  const order = (k: string): string => (k === 'all' ? '0' : k.startsWith('scans') || k.startsWith('camera') ? `1${k}` : k.includes(':') ? `3${k}` : `2${k}`);
  for (const [name, t] of Object.entries(groups).sort((a, b) => order(a[0]).localeCompare(order(b[0])))) {
    console.log(
      `${name.padEnd(22)} ${String(t.n).padStart(4)} ${String(t.valid).padStart(5)}  ${`${pct(t.correct, t.valid)} (${t.correct})`.padEnd(16)}  ${String(t.falseAccepts).padEnd(10)}  ${pct(t.rejected, t.n).padEnd(8)}  ${`${t.invalidRejected}/${t.invalid}`.padEnd(16)}  ${String(Math.round(quantile(t.cpuMs, 0.5))).padEnd(13)}  ${Math.round(quantile(t.cpuMs, 0.95))}`,
    );
  }
}

function evalItems(part: EvalPart): Item[] {
  const set = loadEvalSet(part, EVAL_N);
  return set.jobs.map((j) => ({
    id: j.id,
    groups: [j.category, j.camera ? 'camera-like' : 'scans', `font:${j.font.startsWith('OCRB') ? 'OCR-B' : 'other mono'}`, `renderer:${j.renderer}`, `kind:${j.kind}`],
    image: readFileSync(set.imagePath(j)),
    printed: j.printed,
    valid: j.checks_valid,
  }));
}

async function specimenItems(n: number): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < n; i++) {
    const format = (['TD1', 'TD2', 'TD3'] as const)[i % 3]!;
    const spec = randomSpecimenSpec(10_000 + i, { format, side: format === 'TD1' ? 'back' : 'front', expired: i % 7 === 0 });
    const specimen = await generateSpecimen(spec);
    if (i % 2 === 0) {
      out.push({ id: `specimen-${i}`, groups: ['scan'], image: specimen.jpeg, printed: specimen.mrz, valid: true });
      continue;
    }
    const r = seededRandom(20_000 + i);
    const frame = await renderWebcamFrame(specimen.jpeg, {
      seed: i,
      rotationDeg: (r() - 0.5) * 8,
      blurSigma: 0.3 + r() * 0.8,
      noise: 2 + r() * 4,
      light: 0.65 + r() * 0.35,
      scale: 0.5 + r() * 0.15,
      quality: 80,
    });
    out.push({ id: `specimen-${i}`, groups: ['webcam'], image: frame.jpeg, printed: specimen.mrz, valid: true });
  }
  return out;
}

/** One read's CPU and, when the reader traces, its CPU per stage. */
interface Traced {
  accepted: boolean;
  cpuMs: number;
  stages: Record<string, number>;
}

/** Mean CPU ms per stage over `reads`, the stages in the order of their share, and what no stage covers. */
function stageTable(title: string, reads: Traced[]): void {
  if (reads.length === 0) return;
  const sums = new Map<string, { ms: number; n: number }>();
  for (const r of reads)
    for (const [k, v] of Object.entries(r.stages)) {
      const s = sums.get(k) ?? { ms: 0, n: 0 };
      s.ms += v;
      s.n++;
      sums.set(k, s);
    }
  const total = reads.reduce((a, r) => a + r.cpuMs, 0) / reads.length;
  const staged = [...sums.values()].reduce((a, s) => a + s.ms, 0) / reads.length;
  console.log(`  ${title}: ${reads.length} reads, mean ${total.toFixed(0)} ms CPU (median ${quantile(reads.map((r) => r.cpuMs), 0.5).toFixed(0)})`);
  for (const [k, s] of [...sums.entries()].sort((a, b) => b[1].ms - a[1].ms))
    console.log(`    ${k.padEnd(28)} ${(s.ms / reads.length).toFixed(1).padStart(7)} ms/read  (${s.n} reads ran it, ${(s.ms / s.n).toFixed(1)} ms each)`);
  console.log(`    ${'(outside the stages)'.padEnd(28)} ${(total - staged).toFixed(1).padStart(7)} ms/read`);
}

function stageReport(title: string, reads: Traced[]): void {
  if (!SHOW_STAGES || reads.length === 0) return;
  console.log(`
where the CPU goes, ${title}`);
  stageTable('accepted', reads.filter((r) => r.accepted));
  stageTable('refused', reads.filter((r) => !r.accepted));
  const p90 = quantile(reads.map((r) => r.cpuMs), 0.9);
  stageTable(`slowest 10 % (≥ ${p90.toFixed(0)} ms)`, reads.filter((r) => r.cpuMs >= p90));
}

/** Per-image lines are printed for the tuning part and the specimen set only: the held-out part is only counted. */
async function readAll(reader: MrzReader, items: Item[], showFailures: boolean, showFalseAccepts = true, traced: Traced[] = []): Promise<Record<string, Tally>> {
  const groups: Record<string, Tally> = {};
  for (const item of items) {
    const cpu0 = cpuNow();
    const r = await reader.read(item.image);
    const cpu = cpuNow() - cpu0;
    traced.push({ accepted: r.status === 'accepted', cpuMs: cpu, stages: r.stages ?? {} });
    const verdict = record(groups, item, { accepted: r.status === 'accepted', lines: r.lines }, cpu);
    if (verdict === 'false accept' && showFalseAccepts) console.log(`  FALSE ACCEPT ${item.id}: printed ${item.printed.join(' ')} accepted as ${r.lines.join(' ')}`);
    else if (showFailures && verdict === 'rejected') console.log(`  rejected ${item.id} [${item.groups.slice(0, 2).join(', ')}]: ${r.problems[0] ?? ''} | ${r.rawLines.join(' ')}`);
  }
  return groups;
}

/** Baseline: MRZ-looking lines out of free text (default tesseract settings know nothing of MRZs). */
function mrzLinesFromText(text: string): string[] {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, '').toUpperCase())
    .filter((l) => l.length >= 25 && /<{2,}|^[A-Z0-9<]{28,}$/.test(l));
  return lines.slice(-3).length === 3 && lines.slice(-3).every((l) => Math.abs(l.length - 30) <= 2) ? lines.slice(-3) : lines.slice(-2);
}

/** Both readers on every item, in alternating order; per reader the tallies, plus the items whose verdict differs. */
async function readBoth(readers: [MrzReader, MrzReader], items: Item[], showDifferences: boolean): Promise<[Record<string, Tally>, Record<string, Tally>]> {
  const groups: [Record<string, Tally>, Record<string, Tally>] = [{}, {}];
  for (const [k, item] of items.entries()) {
    const verdicts: string[] = [];
    for (const i of k % 2 ? [1, 0] : [0, 1]) {
      const cpu0 = cpuNow();
      const r = await readers[i]!.read(item.image);
      verdicts[i] = record(groups[i]!, item, { accepted: r.status === 'accepted', lines: r.lines }, cpuNow() - cpu0);
    }
    if (showDifferences && verdicts[0] !== verdicts[1]) console.log(`  differs ${item.id} [${item.groups.slice(0, 2).join(', ')}]: A ${verdicts[0]}, B ${verdicts[1]}`);
  }
  return groups;
}

async function loadReader(path: string): Promise<MrzReader> {
  const { createMrzReader } = (await import(pathToFileURL(path).href)) as { createMrzReader(o?: MrzReaderOptions): Promise<MrzReader> };
  return createMrzReader({ extraStates: EXTRA_STATES, traceStages: SHOW_STAGES });
}

async function main(): Promise<void> {
  const modulePath = process.env.BENCH_MRZ_READER ? resolve(process.env.BENCH_MRZ_READER) : resolve(import.meta.dirname, '../../main/precheck/mrz-ocr.ts');
  console.log(`MRZ benchmark, reader ${modulePath}; sets: ${[...SETS].join(', ')}`);
  const reader = await loadReader(modulePath);
  if (process.env.BENCH_MRZ_COMPARE) {
    const other = resolve(process.env.BENCH_MRZ_COMPARE);
    console.log(`A/B: A = ${other}, B = ${modulePath}, each image read by both in turn`);
    const a = await loadReader(other);
    for (const part of (['tuning', 'tuning2', 'heldout', 'fresh'] as const).filter((p) => SETS.has(p))) {
      const items = evalItems(part);
      const [ga, gb] = await readBoth([a, reader], items, TUNING_PARTS.includes(part));
      report(`A (${other}) on the independent set, ${part} part (${items.length} images)`, ga);
      report(`B (${modulePath}) on the same images, read in turn with A`, gb);
      console.log(`machine load average while measuring: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores)`);
    }
    await a.close();
    await reader.close();
    return;
  }

  const parts = (['tuning', 'tuning2', 'heldout', 'fresh'] as const).filter((p) => SETS.has(p));
  const evalSets: Partial<Record<EvalPart, Item[]>> = {};
  for (const part of parts) {
    const t0 = performance.now();
    const items = evalItems(part);
    evalSets[part] = items;
    console.log(`\nindependent set, ${part} part (seed ${EVAL_PARTS[part].seed}): ${items.length} images ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const traced: Traced[] = [];
    const groups = await readAll(reader, items, SHOW_FAILURES && TUNING_PARTS.includes(part), TUNING_PARTS.includes(part), traced);
    report(`kiosk MRZ reader on the independent set, ${part} part (${items.length} images)`, groups);
    stageReport(`independent set, ${part} part`, traced);
    console.log(`machine load average while measuring: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores)`);
  }
  if (SETS.has('specimen')) {
    const items = await specimenItems(SPECIMEN_N);
    const traced: Traced[] = [];
    report(`kiosk MRZ reader on the kiosk's own specimen generator (${items.length} images)`, await readAll(reader, items, false, true, traced));
    stageReport("the kiosk's own specimen generator", traced);
  }
  await reader.close();

  if (SETS.has('baseline')) {
    const engine = await createOcrEngine({ profile: 'default' });
    for (const part of (['tuning', 'tuning2', 'heldout', 'fresh'] as const).filter((p) => SETS.has(p))) {
      const groups: Record<string, Tally> = {};
      const items = evalSets[part]!.slice(0, BASELINE_N);
      for (const item of items) {
        const cpu0 = cpuNow();
        const lines = await engine.recognize(item.image);
        const mrz = mrzLinesFromText(lines.map((l) => l.text).join('\n'));
        const parsed = parseMrz(mrz, { maxSubstitutions: 0, extraStates: EXTRA_STATES });
        record(groups, item, { accepted: parsed.accepted, lines: parsed.lines }, cpuNow() - cpu0);
      }
      report(`baseline: tesseract.js default settings (LSTM, auto page segmentation, whole image, no repair), independent set ${part} part (first ${items.length})`, groups);
    }
    await engine.close();
  }
}

await main();
