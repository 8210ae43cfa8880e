// Mutation testing (StrykerJS) for the modules whose bugs would hurt a bank most
// (build/stryker/modules.mjs). Run it with `npm run test:mutation` (build/stryker/run.mjs: one
// Stryker run per module, then the score table); STRYKER_MODULE=<slug> limits this config to one
// module, against that module's own tests (build/stryker/vitest.config.ts reads the same variable).
// Results are kept per module in test-artifacts/mutation/<slug>/incremental.json, so a re-run only
// tests mutants whose code or covering tests changed. Reports (HTML + JSON) sit next to it.
import { MODULES, selectedModules } from './build/stryker/modules.mjs';

const slug = process.env.STRYKER_MODULE;
const out = slug ? `test-artifacts/mutation/${slug}` : 'test-artifacts/mutation/all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  // related: within the module's tests, only the files that import the mutated code run.
  vitest: { configFile: 'build/stryker/vitest.config.ts', related: true, pool: 'forks' },
  checkers: ['typescript'],
  tsconfigFile: 'build/stryker/tsconfig.json',
  plugins: ['@stryker-mutator/vitest-runner', '@stryker-mutator/typescript-checker'],
  mutate: selectedModules().flatMap(([, m]) => m.mutate),
  // A module may leave out mutants in code run when a module loads (see modules.mjs).
  ignoreStatic: selectedModules().every(([, m]) => m.ignoreStatic === true),
  coverageAnalysis: 'perTest',
  // The machine is shared (2 cores, several builds): one test runner, one checker.
  concurrency: 1,
  timeoutMS: 30_000,
  timeoutFactor: 2,
  incremental: true,
  incrementalFile: `${out}/incremental.json`,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `${out}/index.html` },
  jsonReporter: { fileName: `${out}/mutation.json` },
  tempDirName: 'test-artifacts/stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['test-artifacts', 'out', 'dist', '.kiosk-data', 'test/e2e'],
  thresholds: { high: 90, low: 85, break: null },
};

export { MODULES };
