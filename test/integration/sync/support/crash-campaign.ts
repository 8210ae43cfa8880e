// The crash campaign shared by the CI crash test (≥30 kills) and `npm run bench:reliability` (≥300):
// the kiosk core runs as a child process (crash-child.ts) against the ZignSec sandbox in this
// process and is SIGKILLed at seeded random moments, restarted, and finally drained. Then the
// encrypted file is checked from outside: every capture present, every verification final,
// PRAGMA integrity_check ok, audit chain intact, and the sandbox's counts of repeated steps.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startZignSecSandbox } from '../../../../main/sandbox/zignsec/server';
import { Store } from '../../../../main/store/store';
import { syntheticJpeg } from './jpeg';
import { tempDir } from '../../store/support';
import { seededRandom } from '../../../../shared/seeded-random';

export interface CampaignResult {
  kills: number;
  /** Kills of a run during which the sandbox saw provider calls. */
  killedMidSync: number;
  verifications: number;
  byState: Record<string, number>;
  capturesOk: boolean;
  missingCaptures: number;
  integrity: string;
  audit: { ok: boolean; count?: number; brokenAt?: number };
  sandbox: Record<string, number>;
  repeats: Record<string, number>;
  adapterPossibleDuplicates: number;
  workerCounters: Record<string, number>;
}


const totalCalls = (stats: Record<string, number>): number => Object.values(stats).reduce((a, b) => a + b, 0);

const CHILD = join(import.meta.dirname, 'crash-child.ts');

export async function runCrashCampaign(opts: { kills: number; seed: number; total: number; log?: (line: string) => void }): Promise<CampaignResult> {
  const log = opts.log ?? (() => {});
  const t = tempDir('kiosk-crash-');
  const dataDir = join(t.dir, 'data');
  mkdirSync(dataDir);
  const fixture = await syntheticJpeg(900, 640, opts.seed);
  writeFileSync(join(t.dir, 'fixture.jpg'), fixture);
  const key = randomBytes(32);
  const apiKey = randomUUID();
  const sandbox = await startZignSecSandbox({ apiKey, analysisDelayMs: 60 });
  const rng = seededRandom(opts.seed);
  const env = {
    ...process.env,
    CRASH_DATA_DIR: dataDir,
    CRASH_TOTAL: String(opts.total),
    CRASH_KEY: key.toString('hex'),
    CRASH_SANDBOX_URL: sandbox.url,
    CRASH_API_KEY: apiKey,
  };

  const runChild = (drain: boolean, killAfterMs: number | null): Promise<{ code: number | null; stderr: string; killed: boolean }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...env, CRASH_DRAIN: drain ? '1' : '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let killed = false;
      let guard: NodeJS.Timeout | null = null;
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        if (killAfterMs !== null && d.toString().includes('ready') && !guard) {
          guard = setTimeout(() => {
            killed = child.kill('SIGKILL');
          }, killAfterMs);
        }
      });
      const limit = setTimeout(() => child.kill('SIGKILL'), drain ? 120_000 : 30_000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(limit);
        if (guard) clearTimeout(guard);
        resolve({ code, stderr, killed });
      });
    });

  let killedMidSync = 0;
  try {
    for (let i = 0; i < opts.kills; i++) {
      const after = Math.floor(20 + rng() * 900);
      const callsBefore = totalCalls(sandbox.stats());
      const r = await runChild(false, after);
      if (!r.killed) throw new Error(`crash child exited on its own (code ${r.code}): ${r.stderr.slice(0, 2000)}`);
      // A kill "mid-sync" = the provider was being talked to during that run.
      if (totalCalls(sandbox.stats()) > callsBefore) killedMidSync++;
      if ((i + 1) % 10 === 0) log(`  ${i + 1}/${opts.kills} kills`);
    }
    const drained = await runChild(true, null);
    if (drained.code !== 0) throw new Error(`drain run failed (code ${drained.code}): ${drained.stderr.slice(0, 2000)}`);

    const store = Store.open({ dataDir, key });
    try {
      const rows = store.db.prepare('SELECT id, state, progress FROM verifications').all() as Array<{ id: string; state: string; progress: string }>;
      const byState: Record<string, number> = {};
      let adapterPossibleDuplicates = 0;
      for (const r of rows) {
        byState[r.state] = (byState[r.state] ?? 0) + 1;
        adapterPossibleDuplicates += Number((JSON.parse(r.progress) as { possibleDuplicates?: number }).possibleDuplicates ?? 0);
      }
      const caps = store.db.prepare('SELECT verification_id, side, jpeg FROM captures').all() as Array<{ verification_id: string; side: string; jpeg: Buffer | null }>;
      const perVerification = new Map<string, Set<string>>();
      let badBytes = 0;
      for (const c of caps) {
        if (!c.jpeg || !c.jpeg.equals(fixture)) badBytes++;
        const s = perVerification.get(c.verification_id) ?? new Set();
        s.add(c.side);
        perVerification.set(c.verification_id, s);
      }
      const missingCaptures = rows.reduce((n, r) => n + (2 - (perVerification.get(r.id)?.size ?? 0)), 0) + badBytes;
      const stats = sandbox.stats();
      return {
        kills: opts.kills,
        killedMidSync,
        verifications: rows.length,
        byState,
        capturesOk: missingCaptures === 0,
        missingCaptures,
        integrity: String(store.db.pragma('integrity_check', { simple: true })),
        audit: store.audit.verifyAudit(),
        sandbox: stats,
        repeats: Object.fromEntries(Object.entries(stats).filter(([k]) => k.startsWith('repeat.'))),
        adapterPossibleDuplicates,
        workerCounters: store.counters(),
      };
    } finally {
      store.close();
    }
  } finally {
    await sandbox.close();
    t.cleanup();
  }
}
