// Prints the per-module mutation scores from Stryker's JSON report (test-artifacts/mutation/mutation.json)
// as a Markdown table: one row per file, grouped by the modules of build/stryker/modules.mjs.
// score = (killed + timeout) / (killed + timeout + survived + no coverage); mutants that do not
// compile (the TypeScript checker) or were ignored do not count, as in Stryker's own score.
// Usage: node build/stryker/scores.mjs [report.json ...] [--survivors]
// Several reports (e.g. one per module run) are merged; a later report wins for a file in both.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileOf, MODULES } from './modules.mjs';

const args = process.argv.slice(2);
const reportPaths = args.filter((a) => !a.startsWith('--'));
if (reportPaths.length === 0) reportPaths.push('test-artifacts/mutation/mutation.json');
const showSurvivors = args.includes('--survivors');
const root = resolve(import.meta.dirname, '../..');
const date = new Date().toISOString().slice(0, 10);

const files = new Map();
for (const reportPath of reportPaths) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  for (const [path, file] of Object.entries(report.files)) {
    const rel = relative(root, resolve(root, path)).replaceAll('\\', '/');
    files.set(rel.replace(/^.*?(main|renderer)\//, '$1/'), file);
  }
}

const count = (mutants) => {
  const c = { mutants: 0, killed: 0, survived: 0, timeout: 0, noCoverage: 0, ignored: 0 };
  for (const m of mutants) {
    if (m.status === 'Killed') c.killed++;
    else if (m.status === 'Survived') c.survived++;
    else if (m.status === 'Timeout') c.timeout++;
    else if (m.status === 'NoCoverage') c.noCoverage++;
    else {
      c.ignored++; // CompileError, RuntimeError, Ignored, Pending
      continue;
    }
    c.mutants++;
  }
  return c;
};
const score = (c) => (c.mutants === 0 ? '–' : `${(((c.killed + c.timeout) / c.mutants) * 100).toFixed(1)} %`);

const rows = [];
const survivors = [];
for (const { name: group, mutate } of Object.values(MODULES)) {
  for (const entry of mutate) {
    // A module may mutate part of a file (file.ts:from-to); the report holds that part's mutants.
    const path = fileOf(entry);
    const file = files.get(path);
    if (!file) continue;
    const range = /:(\d+)(?::\d+)?-(\d+)(?::\d+)?$/.exec(entry);
    const mutants = range ? file.mutants.filter((m) => m.location.start.line >= Number(range[1]) && m.location.start.line <= Number(range[2])) : file.mutants;
    if (mutants.length === 0) continue;
    const c = count(mutants);
    rows.push(`| ${group} | \`${entry}\` | ${c.mutants} | ${c.killed} | ${c.survived} | ${c.timeout} | ${c.noCoverage} | ${score(c)} | ${date} |`);
    for (const m of mutants)
      if (m.status === 'Survived' || m.status === 'NoCoverage')
        survivors.push(`${path}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName}${m.replacement !== undefined ? ` → ${JSON.stringify(m.replacement).slice(0, 80)}` : ''}`);
  }
}
console.log('| Module | File | Mutants | Killed | Survived | Timeout | No coverage | Score | Date |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const r of rows) console.log(r);
if (rows.length === 0) console.log('(no module of build/stryker/modules.mjs in these reports)');
if (showSurvivors) {
  console.log(`\nSurvivors and uncovered mutants (${survivors.length}):`);
  for (const s of survivors) console.log(`  ${s}`);
}
