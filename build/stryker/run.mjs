// `npm run test:mutation [-- <slug> ... | --changed=<git ref>] [--list]`: one Stryker run per module of
// build/stryker/modules.mjs (all of them, the slugs given, or those whose code or tests changed since
// the ref), each against its own tests, then the per-module score table
// (build/stryker/scores.mjs) and how long each module took. Runs offline; incremental per module.
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileOf, MODULES } from './modules.mjs';

const root = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const changedSince = args.find((a) => a.startsWith('--changed='))?.slice('--changed='.length);
let wanted = args.filter((a) => !a.startsWith('-'));
if (changedSince) {
  // CI: only the modules whose code or tests changed since the last landing (e.g. origin/main).
  const diff = spawnSync('git', ['diff', '--name-only', `${changedSince}...HEAD`], { cwd: root, encoding: 'utf8' });
  if (diff.status !== 0) {
    console.error(`git diff against ${changedSince} failed: ${diff.stderr.trim()}`);
    process.exit(2);
  }
  const changed = new Set(diff.stdout.split('\n').filter(Boolean));
  wanted = Object.entries(MODULES)
    .filter(([, m]) => [...m.mutate.map(fileOf), ...m.tests].some((f) => changed.has(f)))
    .map(([slug]) => slug);
  console.log(`Modules changed since ${changedSince}: ${wanted.join(', ') || 'none'}`);
  if (wanted.length === 0) process.exit(0);
}
const unknown = wanted.filter((s) => !(s in MODULES));
if (unknown.length) {
  console.error(`Unknown module(s): ${unknown.join(', ')}. Known: ${Object.keys(MODULES).join(', ')}`);
  process.exit(2);
}
const slugs = wanted.length ? wanted : Object.keys(MODULES);
if (args.includes('--list')) {
  // What would run, without running it.
  for (const slug of slugs) console.log(`${slug}\t${MODULES[slug].name}\t${MODULES[slug].mutate.join(' ')}`);
  process.exit(0);
}
const stryker = resolve(root, 'node_modules/.bin/stryker');
const timings = [];
let failed = false;
for (const slug of slugs) {
  console.log(`\n=== ${MODULES[slug].name} (${slug}) ===`);
  const started = Date.now();
  const run = spawnSync(stryker, ['run', 'stryker.config.mjs'], { cwd: root, stdio: 'inherit', env: { ...process.env, STRYKER_MODULE: slug } });
  const seconds = Math.round((Date.now() - started) / 1000);
  timings.push({ slug, seconds, ok: run.status === 0 });
  if (run.status !== 0) failed = true;
}
const reports = timings.filter((t) => t.ok).map((t) => `test-artifacts/mutation/${t.slug}/mutation.json`);
if (reports.length === 0) {
  // No module finished (e.g. its tests failed before any mutant ran): no report to score.
  console.error(`\nNo module finished: ${timings.map((t) => t.slug).join(', ')}.`);
  process.exit(1);
}
const table = spawnSync(process.execPath, [resolve(root, 'build/stryker/scores.mjs'), '--survivors', ...reports], { cwd: root, encoding: 'utf8' });
process.stdout.write(table.stdout);
process.stderr.write(table.stderr);
const timingLines = timings.map((t) => `  ${t.slug}: ${t.seconds} s${t.ok ? '' : ' (Stryker failed)'}`);
console.log(`\nTime per module:\n${timingLines.join('\n')}`);
mkdirSync(resolve(root, 'test-artifacts/mutation'), { recursive: true });
writeFileSync(resolve(root, 'test-artifacts/mutation/scores.md'), `${table.stdout}\nTime per module:\n${timingLines.join('\n')}\n`);
process.exit(failed || table.status !== 0 ? 1 : 0);
