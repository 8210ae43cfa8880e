// `npm run bench`: runs every benchmark script in test/bench (each a standalone program that
// prints its figures, ratios against a baseline measured in the same run) one after another, so
// they do not compete for the two cores. Pass names to run a subset: `npm run bench -- store sync`.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname);
const filters = process.argv.slice(2);
const scripts = readdirSync(dir)
  // reliability.ts (hundreds of SIGKILLs) has its own script: npm run bench:reliability
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && f !== 'timing.ts' && !f.startsWith('_') && !f.endsWith('.d.ts') && !f.startsWith('reliability'))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();

let failed = 0;
for (const f of scripts) {
  process.stdout.write(`\n=== bench: ${f} ===\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, f)], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`bench ${f} exited with ${r.status ?? r.signal}\n`);
  }
}
process.stdout.write(`\n${scripts.length - failed} benchmarks ran, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
