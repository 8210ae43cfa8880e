// Tuning aid: where the reader loses each image of the tuning part, stage by stage, per category.
// Never run on a held-out part: STAGES_PART takes only the tuning parts.
//   [STAGES_PART=tuning2] npm exec -- tsx test/mrz-eval/stages.ts [N] [first]
//
// Stages, in reading order (the first that fails is counted):
//   band not found   locateMrzBand found no group of 2–3 MRZ lines
//   line count       it found a group, but not the format's number of lines
//   no grid          the cell reader could not cut the lines into cells
//   wrong format     TD2 taken for TD3 or back
//   grid off a cell  a line's read matches the printed line shifted by one cell better than unshifted
//   cells misread    the template read differs from the printed text in k cells (k = 1, 2–3, 4+)
//   confirm refused  the template read is exactly the printed text, yet the reader did not accept
// Valid images only; altered ones are counted as correctly rejected or false accepts.
import { readFileSync } from 'node:fs';
import { loadEvalSet, TUNING_PARTS, type EvalPart } from './eval-set';
import { locateMrzBand } from '../../main/precheck/mrz-locate';
import { rectifyMrzBand } from '../../main/precheck/mrz-rectify';
import { normaliseBand } from '../../main/precheck/mrz-normalise';
import { readCells } from '../../main/precheck/mrz-cells';
import { createMrzReader } from '../../main/precheck/mrz-ocr';
import { MRZ_LINE_COUNT } from '../../main/precheck/mrz-parse';

const n = Number(process.argv[2] ?? 100);
const first = Number(process.argv[3] ?? 0);
const verbose = process.env.STAGES_VERBOSE === '1';
const only = process.env.STAGES_CATEGORY;

const part = (process.env.STAGES_PART ?? 'tuning') as EvalPart;
if (!TUNING_PARTS.includes(part)) throw new Error(`STAGES_PART must be one of ${TUNING_PARTS.join(', ')}: the held-out parts are only measured`);
const set = loadEvalSet(part, first + n);
const reader = await createMrzReader({ extraStates: ['UTO'] });
const table: Record<string, Record<string, number>> = {};
const add = (cat: string, stage: string): void => {
  for (const c of ['all', cat]) {
    const row = (table[c] ??= {});
    row[stage] = (row[stage] ?? 0) + 1;
  }
};
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const cpus: number[] = [];

function shiftScore(read: string, printed: string, by: number): number {
  let ok = 0;
  for (let i = 0; i < printed.length; i++) if (read[i + by] === printed[i]) ok++;
  return ok;
}

for (const j of set.jobs.slice(first)) {
  if (only && j.category !== only) continue;
  const image = readFileSync(set.imagePath(j));
  const c0 = cpu();
  const r = await reader.read(image);
  cpus.push(cpu() - c0);
  const accepted = r.status === 'accepted';
  const same = r.lines.join('\n') === j.printed.join('\n');
  if (!j.checks_valid) {
    add(j.category, accepted ? 'FALSE ACCEPT (altered)' : 'altered, rejected');
    continue;
  }
  if (accepted) {
    add(j.category, same ? 'ok' : 'FALSE ACCEPT (misread)');
    continue;
  }
  let stage: string;
  let detail = '';
  const located = await locateMrzBand(image);
  if (!located) stage = 'band not found';
  else if (located.lineCount !== MRZ_LINE_COUNT[j.format]) stage = 'line count';
  else {
    const band = rectifyMrzBand(normaliseBand(located));
    const t = readCells(band);
    if (!t) stage = 'no grid';
    else if (t.format !== j.format) stage = 'wrong format';
    else {
      const shifted = t.lines.some((l, i) => {
        const p = j.printed[i]!;
        const base = shiftScore(l, p, 0);
        return shiftScore(l, p, 1) > base + 3 || shiftScore(l, p, -1) > base + 3;
      });
      let wrong = 0;
      t.lines.forEach((l, i) => [...j.printed[i]!].forEach((c, k) => (wrong += l[k] === c ? 0 : 1)));
      if (shifted) stage = 'grid off a cell';
      else if (wrong === 0) stage = 'confirm refused';
      else stage = wrong === 1 ? 'cells misread: 1' : wrong <= 3 ? 'cells misread: 2-3' : 'cells misread: 4+';
      detail = `\n    printed  ${j.printed.join(' ')}\n    template ${t.lines.join(' ')}\n    problem  ${r.problems[0] ?? ''}`;
    }
  }
  add(j.category, stage);
  if (verbose) console.log(`${j.id} ${j.category} ${j.font} ${j.renderer} ${JSON.stringify(j.effects).slice(0, 160)}: ${stage}${detail}`);
}
await reader.close();

const stages = [...new Set(Object.values(table).flatMap((r) => Object.keys(r)))].sort();
console.log(`\ntuning part, images ${first}..${first + n - 1}: outcome per category`);
console.log(['category'.padEnd(14), ...stages.map((s) => s.padStart(Math.max(6, s.length)))].join(' '));
for (const [cat, row] of Object.entries(table).sort((a, b) => (a[0] === 'all' ? -1 : b[0] === 'all' ? 1 : a[0].localeCompare(b[0]))))
  console.log([cat.padEnd(14), ...stages.map((s) => String(row[s] ?? 0).padStart(Math.max(6, s.length)))].join(' '));
cpus.sort((a, b) => a - b);
console.log(`cpu ms per document: median ${Math.round(cpus[Math.floor(cpus.length / 2)] ?? 0)}, p95 ${Math.round(cpus[Math.floor(cpus.length * 0.95)] ?? 0)}`);
