// The modules under mutation testing: the code whose bugs would hurt a bank most, each with the
// test files that cover it. A module's mutants run only against its own tests (by per-test
// coverage within them), so a module takes minutes, not the hour the whole suite would.
// Slugs name the report folder (test-artifacts/mutation/<slug>/) and select modules on the command
// line: `npm run test:mutation -- retry audit`.

/** @type {Record<string, { name: string; mutate: string[]; tests: string[]; ignoreStatic?: boolean }>} */
export const MODULES = {
  'mrz': {
    name: 'MRZ repair and acceptance',
    // The repair rules and the accept/reject decision of mrz-parse.ts (from lookalikes() to the end
    // of parseMrz), and the submit gate. The rest of mrz-parse.ts is the 'mrz-fields' module.
    mutate: ['main/precheck/mrz-parse.ts:361-473', 'main/precheck/policy.ts'],
    ignoreStatic: true,
    tests: ['test/unit/precheck/mrz-parse.test.ts', 'test/unit/precheck/mrz-acceptance-edges.test.ts', 'test/unit/precheck/policy.test.ts', 'test/unit/precheck/summary.test.ts'],
  },
  'mrz-fields': {
    name: 'MRZ layout, check digits and fields',
    // Layouts, check-digit shape, field evaluation. The layout and look-alike tables are built when
    // mrz-parse.ts loads: each of their mutants ("static") needs every test re-run with the module
    // reloaded, about 30 s each on the shared machine, 216 of them; left out (ignoreStatic).
    mutate: ['main/precheck/mrz-parse.ts:1-360'],
    ignoreStatic: true,
    tests: ['test/unit/precheck/mrz-parse.test.ts', 'test/unit/precheck/mrz-fields-edges.test.ts', 'test/unit/precheck/summary.test.ts', 'test/unit/precheck/mrz-confirm.test.ts'],
  },
  'mrz-confirm': {
    name: 'MRZ confirmation across readers',
    // The check-digit aliases and the placing of tesseract's symbols into the template cells
    // (alignToCells). The look-alike table and the alphabet are built when mrz-confirm.ts loads: their
    // mutants ("static") each need every test re-run with the module reloaded; left out, as in 'mrz'.
    // The tests that read images (assembly, result view, reader lanes) cover these lines too but cost
    // seconds a mutant: the whole file against them was on course for over an hour.
    mutate: ['main/precheck/mrz-confirm.ts:107-165'],
    ignoreStatic: true,
    tests: ['test/unit/precheck/mrz-confirm.test.ts', 'test/unit/precheck/mrz-confirm-edges.test.ts'],
  },
  'mrz-confirm-rules': {
    name: 'MRZ confirmation across readers (acceptance rules)',
    // confirmTemplateRead: which characters need both readers, when the template may overrule
    // tesseract, the check digits deciding, the one repair, the covered-by-checks mode, look-alikes
    // from outside a position's characters and the doubtful positions. Driven with constructed template
    // reads and tesseract reads (a pure function), no images: 316 mutants (45 do not compile) took 40
    // minutes at load 21-33, as two runs side by side (:166-277 and :278-314).
    mutate: ['main/precheck/mrz-confirm.ts:166-314'],
    ignoreStatic: true,
    tests: ['test/unit/precheck/mrz-confirm.test.ts', 'test/unit/precheck/mrz-confirm-rules.test.ts'],
  },
  'mrz-input': {
    name: 'MRZ reader input check',
    // What the reader refuses from an image's header: empty, not an image, too many pixels.
    mutate: ['main/precheck/mrz-image-check.ts'],
    tests: ['test/unit/precheck/mrz-image-check.test.ts'],
  },
  'mrz-imaging': {
    name: 'MRZ imaging: Otsu and halftone removal',
    // Otsu's threshold and the halftone screen's search and box filter, against tests on arrays drawn in
    // the test (milliseconds): descreen-edges.test.ts (dot grids: the search's edges, the filter's mean
    // tone) and imaging-filters-equivalence.test.ts (the fast autocorrelation and box filter against
    // their plain definitions). descreen.test.ts (a scan drawn and dithered, then located and cut into
    // cells: seconds a case) is left out for time: with it and grey-normalise.ts the run was on course
    // for four hours.
    mutate: ['main/imaging/otsu.ts', 'main/imaging/descreen.ts'],
    tests: ['test/unit/imaging/otsu.test.ts', 'test/unit/imaging/descreen-edges.test.ts', 'test/unit/precheck/imaging-filters-equivalence.test.ts'],
  },
  'mrz-grey-stretch': {
    name: 'MRZ imaging: the grey stretch table',
    // The 256-level table that stands in for sharp's normalise(), against grey-normalise.test.ts (the
    // rendered band byte for byte against sharp's own pipeline). The table cache (a Map made when the
    // module loads) is static and left out.
    mutate: ['main/imaging/grey-normalise.ts'],
    ignoreStatic: true,
    // grey-normalise-table.test.ts: the table itself against sharp on 240 histograms in a row (a table
    // missing is hidden by the reader's fallback to sharp; here each must be found and exact).
    tests: ['test/unit/precheck/grey-normalise.test.ts', 'test/unit/imaging/grey-normalise-table.test.ts'],
  },
  'mrz-engine': {
    name: 'MRZ OCR engine (tesseract worker)',
    // The engine's call queue (each call's whitelist and read together), the error handler that keeps a
    // failed job from taking the process down, and close. Its tests run the real tesseract.js worker.
    mutate: ['main/precheck/mrz-worker.ts'],
    ignoreStatic: true,
    // mrz-worker-edges.test.ts: the lines and boxes returned, the MRZ profile's whitelist and page
    // segmentation on ordinary text, no language data read from or written to the working folder, the
    // 'default' profile.
    tests: ['test/unit/precheck/mrz-worker.test.ts', 'test/unit/precheck/mrz-worker-edges.test.ts'],
  },
  'retry': {
    name: 'Retry, backoff and circuit',
    mutate: ['main/sync/retry.ts', 'main/sync/circuit.ts'],
    tests: ['test/unit/sync/retry.test.ts', 'test/unit/sync/circuit.test.ts', 'test/unit/providers/unverified-reply-policy.test.ts'],
  },
  'worker': {
    name: 'Sync worker: failures and retries',
    // What the worker does when a step fails (worker.ts is 640 lines; each mutant runs against
    // integration tests with emulators and real stores, 1–5 s a test, so the whole file would take
    // hours on the shared machine): a shutdown mid-step records nothing, any other failure is handled
    // (retry, needs attention, pause, session restart) or held when the store cannot record it; a
    // Retry-After holds the whole provider; a store failure backs off per verification. The step
    // loop, the permits, failover (kiosk/failover.test.ts, a minute a case here) and the events are
    // not in this module yet. worker-failures.test.ts shares one store and one provider across its
    // cases; worker.test.ts and faults.test.ts (a store and a provider per case, 1–5 s each) are left
    // out for time. The shutdown mid-step (367-382), the Retry-After hold, the store holds and the
    // due-read skip they feed (480-521), and handleFailure (523-564).
    mutate: ['main/sync/worker.ts:367-382', 'main/sync/worker.ts:480-521', 'main/sync/worker.ts:523-564'],
    tests: ['test/integration/sync/worker-failures.test.ts'],
  },
  'store-steps': {
    name: 'Outbox state machine and step recording',
    // The guarded state change and what the sync worker writes through the Store façade.
    // outbox-writes.test.ts opens one store for all its cases; sync-steps.test.ts (one store per case,
    // the same writes seen through the queue and retention) is left out for time.
    // sync-steps-syscalls.test.ts (one store): which steps' commits sync the WAL, seen as system calls (strace).
    mutate: ['main/store/state-transition.ts', 'main/store/sync-steps.ts'],
    tests: ['test/integration/store/outbox-writes.test.ts', 'test/integration/store/sync-steps-syscalls.test.ts'],
  },
  'retention': {
    name: 'Retention and purge',
    mutate: ['main/store/retention.ts'],
    tests: ['test/integration/store/retention-boundary.test.ts', 'test/integration/store/store.test.ts'],
  },
  'audit': {
    name: 'Audit chain',
    mutate: ['main/store/audit.ts'],
    tests: ['test/unit/store/audit.test.ts', 'test/integration/store/audit-chain.test.ts', 'test/integration/store/damage.test.ts'],
  },
  'anchor': {
    name: 'Audit anchor',
    // The anchor file: its MAC, its shape, reading the current or previous one, and the writers.
    // anchor-keeper.ts (when the writes happen) is the 'anchor-keeper' module.
    mutate: ['main/store/anchor.ts'],
    // anchor-syscalls.test.ts: the temp file's and the folder's fsyncs, seen as system calls (strace).
    tests: ['test/unit/store/anchor.test.ts', 'test/unit/store/anchor-edges.test.ts', 'test/unit/store/anchor-syscalls.test.ts'],
  },
  'anchor-keeper': {
    name: 'Audit anchor: when it is written',
    // Its own module, not part of 'anchor': its tests are integration tests on a real database, and
    // anchor.ts's row and incremental file stay as they were. anchor-keeper.test.ts drives the keeper
    // directly on one real encrypted database per case (under a second each). The store's damage tests
    // (damage.test.ts: processes killed, WALs lost, backups) and anchor-close.test.ts (60 store opens)
    // cover it too but cost a minute or more per mutant: left out.
    mutate: ['main/store/anchor-keeper.ts'],
    // anchor-keeper-syscalls.test.ts: writeNow's WAL sync before the anchor's rename, seen as system calls (strace).
    tests: ['test/integration/store/anchor-keeper.test.ts', 'test/integration/store/anchor-keeper-syscalls.test.ts'],
  },
  'supervisor-auth': {
    name: 'Supervisor auth',
    // hash-pin.ts is a command run as its own process: Stryker switches mutants inside the test
    // process, so none could be seen from there. It is tested as a process instead
    // (test/integration/review/hash-pin-cli.test.ts).
    // The PIN lockout only (the whole file is 339 mutants, over an hour on the shared machine):
    // the lockout duration, the login screen's status, login, the PIN match, counting failures
    // into a lockout, and reading it. The rest of auth.ts is 'supervisor-sessions' and
    // 'supervisor-setup'.
    mutate: ['main/review/auth.ts:22-24', 'main/review/auth.ts:80-90', 'main/review/auth.ts:138-157', 'main/review/auth.ts:235-291'],
    tests: ['test/unit/review/auth.test.ts', 'test/unit/review/auth-edges.test.ts'],
  },
  'supervisor-sessions': {
    name: 'Supervisor auth (decisions and sessions)',
    // The rest of auth.ts that guards a supervisor's decisions: re-entering the PIN at a decision,
    // the four-eyes confirmation by another supervisor, a session's token, its idle end and logout,
    // and adding a supervisor. First-run setup, the configured roster and names: 'supervisor-setup'.
    mutate: ['main/review/auth.ts:127-136', 'main/review/auth.ts:159-233'],
    tests: ['test/unit/review/auth.test.ts', 'test/unit/review/auth-edges.test.ts'],
  },
  'supervisor-setup': {
    name: 'Supervisor auth (setup, roster and names)',
    // The rest of auth.ts: the actor and session-ended helpers and the constructor, first-run setup
    // with the one-time code, the roster taken from configuration, the lock-state and roster reads,
    // and the names a supervisor may have. Lines 15-19 are constants set when the module loads
    // (static mutants); the longest lockout is checked by value in auth-edges.test.ts.
    mutate: ['main/review/auth.ts:58-77', 'main/review/auth.ts:92-121', 'main/review/auth.ts:292-333'],
    tests: ['test/unit/review/auth.test.ts', 'test/unit/review/auth-edges.test.ts'],
  },
  'supervisor-pin': {
    name: 'Supervisor PIN hashing',
    mutate: ['main/review/pin.ts'],
    tests: ['test/unit/review/pin.test.ts', 'test/unit/review/pin-hash-edges.test.ts', 'test/unit/review/auth.test.ts'],
  },
  'zoloz-crypto': {
    name: 'ZOLOZ signing and encryption',
    mutate: ['main/providers/zoloz/signing.ts', 'main/providers/zoloz/encryption.ts'],
    tests: ['test/unit/zoloz/signing.test.ts', 'test/unit/zoloz/crypto-keys.test.ts', 'test/unit/zoloz/crypto-edges.test.ts', 'test/integration/zoloz/openssl-interop.test.ts'],
  },
  'zoloz': {
    name: 'ZOLOZ gateway',
    mutate: ['main/providers/zoloz/gateway.ts'],
    // The gateway against the emulator over loopback. bad-signature.test.ts (the same replies driven
    // through the sync worker and a store) is left out for time: each of its cases opens a store.
    tests: [
      'test/integration/zoloz/gateway-security.test.ts',
      'test/integration/zoloz/aksk-reply-signature.test.ts',
      'test/integration/zoloz/retry-after.test.ts',
      'test/integration/zoloz/gateway-edges.test.ts',
      'test/integration/zoloz/gateway-decrypt-failure.test.ts',
    ],
  },
  'zignsec': {
    name: 'ZignSec adapter reconciliation',
    // The reconciliation of adapter.ts only (466 mutants in the whole file, each run against
    // emulator tests: hours on the shared machine): which capture a listed document carries, which
    // failures prove a call never arrived, the listing before a repeated upload, and the check for
    // an analysis already started before starting one again, each counted as a possible duplicate.
    // The request building, polling, result and assisted-flow code is not in this module.
    // flow.test.ts is left out: its polling-backoff case counts polls inside a 400 ms emulator
    // delay and fails in the instrumented run on a loaded machine (6 polls instead of 8).
    mutate: [
      'main/providers/zignsec/adapter.ts:97-110',
      'main/providers/zignsec/adapter.ts:184-203',
      'main/providers/zignsec/adapter.ts:236-249',
      'main/providers/zignsec/adapter.ts:280-305',
    ],
    tests: ['test/integration/zignsec/faults.test.ts', 'test/integration/zignsec/reconcile-edges.test.ts', 'test/integration/sync/zignsec.test.ts', 'test/unit/zignsec/document-match.test.ts'],
  },
  'web-auth': {
    name: 'Web-host auth',
    mutate: ['main/web/auth.ts'],
    tests: ['test/unit/web/auth.test.ts', 'test/integration/web/web-host-security.test.ts'],
  },
  'renderer-flow': {
    name: 'Renderer flow reset',
    mutate: ['renderer/src/app/flow.ts', 'renderer/src/app/hooks.ts'],
    tests: [
      'test/unit/renderer/flow.test.ts',
      'test/unit/renderer/teller-extras.test.ts',
      'test/unit/renderer/issuing-country.test.ts',
      'test/unit/renderer/idle-timeout.test.ts',
      'test/unit/renderer/kiosk-hooks.test.ts',
      'test/unit/renderer/flow-edges.test.ts',
    ],
  },
};

/** A mutate entry without its line range ("file.ts:10-20" → "file.ts"). */
export const fileOf = (entry) => entry.replace(/:\d+(:\d+)?-\d+(:\d+)?$/, '');

/** The modules a run covers: STRYKER_MODULE (one slug), or all of them. */
export function selectedModules(env = process.env) {
  const slug = env.STRYKER_MODULE;
  if (!slug) return Object.entries(MODULES);
  const module = MODULES[slug];
  if (!module) throw new Error(`Unknown mutation module "${slug}"; known: ${Object.keys(MODULES).join(', ')}`);
  return [[slug, module]];
}
