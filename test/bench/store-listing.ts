// Benchmark: one page of 50 verifications filtered by state, with 100,000 verifications in
// the encrypted store. Goal: p95 ≤ 20 ms. Also the queue summary (queueCounts) at that size.
//   npx tsx test/bench/store-listing.ts [rows]
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Store } from '../../main/store/store';

const STATES = ['accepted', 'accepted', 'accepted', 'accepted', 'declined', 'failed', 'needs_attention', 'queued', 'cancelled', 'accepted'] as const;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export interface ListingFigures {
  rows: number;
  fillMs: number;
  firstPage: { p50: number; p95: number };
  deepPages: { p50: number; p95: number };
  rareState: { p50: number; p95: number };
  queueCounts: { p50: number; p95: number };
}

export async function benchListing(rows = 100_000, samples = 300): Promise<ListingFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-list-'));
  try {
    const store = Store.open({ dataDir: dir, key: randomBytes(32) });
    const t0 = performance.now();
    // Bulk fill with plain SQL (the API would add 100,000 audited transactions; the query is what is measured).
    const insV = store.db.prepare(
      `INSERT INTO verifications (id, document_type, provider, locale, state, created_at, updated_at, queued_at, finished_at, progress, outcome)
       VALUES (?, 'passport', 'zignsec', 'en', ?, ?, ?, ?, ?, '{}', ?)`,
    );
    const insC = store.db.prepare(
      `INSERT INTO captures (id, verification_id, side, device_id, jpeg, preview, width, height, bytes, quality, created_at) VALUES (?, ?, 'front', 'bench', NULL, NULL, 1920, 1080, 400000, NULL, ?)`,
    );
    const outcome = JSON.stringify({ decision: 'accepted', provider: 'zignsec', reasons: [], identity: {}, fields: [], selfieSimilarity: null, portrait: null, decidedAt: new Date().toISOString() });
    const base = Date.now() - rows * 60_000;
    const fill = store.db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const id = randomUUID();
        const state = STATES[i % STATES.length]!;
        const t = base + i * 60_000;
        const final = ['accepted', 'declined', 'failed', 'cancelled'].includes(state);
        insV.run(id, state, t, t, t, final ? t + 5000 : null, final ? outcome : null);
        insC.run(randomUUID(), id, t);
      }
    });
    for (let i = 0; i < rows; i += 10_000) fill(i, Math.min(rows, i + 10_000));
    const fillMs = performance.now() - t0;

    const time = (fn: () => void) => {
      const t = performance.now();
      fn();
      return performance.now() - t;
    };
    const first: number[] = [];
    const deep: number[] = [];
    const rare: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < samples; i++) {
      first.push(time(() => store.listVerifications({ state: 'accepted', limit: 50 })));
      const cursor = String(Math.floor(Math.random() * rows) + 1);
      deep.push(time(() => store.listVerifications({ state: 'accepted', limit: 50, cursor })));
      rare.push(time(() => store.listVerifications({ state: 'needs_attention', limit: 50, cursor })));
      counts.push(time(() => store.queueCounts()));
    }
    store.close();
    const fig = (xs: number[]) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });
    return { rows, fillMs, firstPage: fig(first), deepPages: fig(deep), rareState: fig(rare), queueCounts: fig(counts) };
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
}

export function printListing(f: ListingFigures): void {
  const line = (name: string, x: { p50: number; p95: number }) =>
    console.log(`  ${name.padEnd(34)} p50 ${x.p50.toFixed(2)} ms   p95 ${x.p95.toFixed(2)} ms   (p95 vs 20 ms goal: ${(x.p95 / 20).toFixed(2)}×)`);
  console.log(`listing: page of 50 by state, ${f.rows.toLocaleString('en')} verifications (filled in ${(f.fillMs / 1000).toFixed(1)} s)`);
  line('first page, state=accepted', f.firstPage);
  line('random deep page, state=accepted', f.deepPages);
  line('random page, state=needs_attention', f.rareState);
  line('queueCounts()', f.queueCounts);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printListing(await benchListing(Number(process.argv[2] ?? 100_000)));
}
