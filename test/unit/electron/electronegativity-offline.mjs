// Runs @doyensec/electronegativity without touching the network and prints its findings as JSON.
// Two online steps exist in 1.10.3: the release check (AvailableSecurityFixesGlobalCheck, excluded
// by the caller) and a translations download in locales/i18n.js, replaced here by the same i18n
// set-up from the bundled locale files (that download can also crash the CLI when offline).
// Usage: node electronegativity-offline.mjs <inputDir> <electronVersion> <excludedChecksCsv>
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

const pkgDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const i18nPath = path.join(pkgDir, 'dist', 'locales', 'i18n.js');
const i18n = require(require.resolve('i18n', { paths: [pkgDir] }));

function offlineI18n() {
  i18n.configure({
    locales: ['en-US'],
    defaultLocale: 'en-US',
    directory: path.join(pkgDir, 'dist', 'locales'),
    updateFiles: false,
    objectNotation: true,
    retryInDefaultLocale: true,
    register: global,
  });
  i18n.setLocale('en-US');
  return Promise.resolve();
}
require.cache[i18nPath] = { id: i18nPath, filename: i18nPath, loaded: true, exports: { __esModule: true, default: offlineI18n } };

const run = require(path.join(pkgDir, 'dist', 'runner.js'));
const [input, electronVersion, exclude] = process.argv.slice(2);

run({
  input: path.resolve(input),
  customScan: [],
  excludeFromScan: (exclude || '').split(',').filter(Boolean),
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
})
  .then((result) => {
    const issues = result.issues.map((i) => ({
      id: i.id,
      file: i.file,
      line: i.location && i.location.line,
      severity: i.severity && i.severity.name,
      confidence: i.confidence && i.confidence.name,
      sample: String(i.sample || '').slice(0, 200),
      description: i.description,
    }));
    process.stdout.write(JSON.stringify({ atomicChecks: result.atomicChecks, globalChecks: result.globalChecks, errors: result.errors.length, issues }));
  })
  .catch((error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error));
    process.exit(1);
  });
