// Benchmark: committing one verification with three 1080p JPEG captures into the encrypted
// store (synchronous=FULL) vs. a baseline measured in the same run on the same file system: writing
// the same bytes to a file and fsyncing it. Goal: ≤ 2× the baseline. Figures are printed, not asserted.
//   npx tsx test/bench/store-enqueue.ts [iterations]
//
// INVESTIGATION (2026-11-22, 2 cores, machine shared with other builds: load 3-9, so single figures
// swing ±50%; every variant was measured round-robin against the baseline in the same run by
// test/bench/_store-enqueue-variants.ts; "amortized" = all commits + the checkpoint they owe):
//
//   variant (sqlcipher v4 scheme, synchronous=FULL)  | base ms | commit ms median | ratio | amortized ratio
//   -------------------------------------------------+---------+------------------+-------+----------------
//   plain SQLite 4K WAL (no encryption, reference)   |   4.8   |      8.1         | 1.68× |  2.73×
//   plain SQLite 64K WAL (reference)                 |   4.8   |     12.1         | 2.52× |  3.77×
//   4K pages, WAL, inline auto-checkpoint (BEFORE)   |   4.9   |     31.1         | 6.40× | 11.44×
//   4K WAL, checkpoint after every commit            |   6.4   |     54.2         | 8.50× |  8.85×
//   4K WAL, memory_security ON                       |   7.5   |     24.1         | 3.23× |  6.76×  (default is OFF)
//   4K WAL, statements prepared per call             |   7.9   |     24.1         | 3.06× |  6.55×  (store reuses)
//   4K WAL, checkpoint deferred (off the commit)     |   3.0   |     19.7         | 6.66× |  + 25 ms/commit later
//   4K DELETE journal                                |   7.9   |     30.3         | 3.84× |  4.40×
//   4K PERSIST / TRUNCATE journal                    |   2.9   |  20.8 / 20.2     | 7.1×  |  4.7× / 8.6×
//   16K pages WAL / DELETE                           |   6.4   |  19.7 / 32.0     | 3.1× / 5.2× | 7.4× / 5.1×
//   64K pages WAL / DELETE / TRUNCATE                |   7.8   |  28.2 / 48.0 / 48.0 | 3.6× / 9.3× / 7.8× | 7.7× / 7.6× / 8.4×
//   chacha20-poly1305 (sqleet) 4K / 64K WAL          |   4.9   |  18.5 / 24.2     | 3.8× / 4.2× | 7.6× / 6.3×
//
// What the numbers say (CPU-only runs, synchronous=OFF, same 1.5 MB): the prebuilt SQLite3 Multiple
// Ciphers has NO hardware AES (the amalgamation forces SQLITE3MC_OMIT_AES_HARDWARE_SUPPORT) and a
// software SHA-512: one encryption pass costs ~12 ms per 1.5 MB (~7.5 ms HMAC-SHA512, ~2.5 ms AES,
// vs 2.4 ms for plain SQLite), the SAME at 4K, 16K and 64K pages (12.1 / 11.1 / 12.2 ms): page size
// is not the lever, and large pages make every small index/audit page written cost 64K of crypto.
// The lever is the number of passes: the library encrypts in its VFS, so a WAL checkpoint decrypts
// each frame and encrypts it again: 3 passes per byte with inline checkpoints, 1 in rollback-journal
// modes (which cost 2-3 fsyncs per commit instead: the drain's ~12 small commits per verification
// take 2.3 ms each vs 1.0 ms in WAL). KEPT: 4K pages (no file-format change, existing databases open
// as before), WAL, synchronous=FULL, HMAC-SHA512, and checkpoints moved to a worker thread
// (main/store/checkpointer.ts): commits pay one pass, the copy into the main file runs on the other
// core. The ≤ 2× goal is out of reach while the image bytes go through SQLCipher's per-page crypto:
// one pass alone is ~4× the baseline's write+fsync here. Even OpenSSL AES-256-GCM (AES-NI) outside
// SQLite measured 2.8 ms encrypt + 2.6 ms write+fsync = 2.0× for these bytes, before any metadata
// commit; reaching the goal needs images stored outside the SQLCipher pages (app-level AEAD) — a
// design change (atomicity of image + row) not made here.
//
// RESULT with the SQLCipher scheme (this file, 30 commits, same run): baseline 2.3 ms; kept
// configuration 14.7 ms median / 17.6 ms mean = 6.4× / 7.8×; before (inline checkpoints) 15.3 ms /
// 34.9 ms incl. checkpoints = 6.7× / 15.4×.
//
// SECOND INVESTIGATION (2026-11-22, evening): the library's other authenticated cipher. Same-run
// ratios, 3 × 500 KB per commit (_store-enqueue-variants.ts, checkpoints deferred as the store does):
//   sqlcipher 4K 5.5-8.8×, chacha20 4K 4.2×, aes256cbc 2.4-3.6×, aegis (AEGIS-256) 4K 1.94-3.1×,
//   plain unencrypted SQLite 4K 1.8-3.1× (the aegis and plain figures move together with the load).
// AEGIS-256 runs on the CPU's AES instructions in the prebuilt library and costs next to nothing
// over plain SQLite: the commit is now bound by SQLite itself (copying 1.5 MB into ~370 overflow
// pages and writing them as WAL frames) plus the fsync, not by the cipher. KEPT: cipher aegis
// (AEGIS-256), 4K pages (chosen with the drain's small commits, see main/store/db.ts), WAL,
// synchronous=FULL, background checkpoints. Split of one commit (_store-enqueue-split.ts): CPU
// alone (synchronous=OFF) 2.0 ms at load 1.7, 6-8 ms at load 7-8 (other work on the 2 cores).
//
// RESULT (aegis, 4K, this file, 40 commits, same run): quiet machine (load < 2) ~1.5×
// (_store-enqueue-split.ts: 3.6 ms vs 2.5 ms); busy machine (load 7-8, four builds and benchmarks
// beside it) 2.2× (14.7 vs 6.6 ms). See the README's measured figures for the run reported.
//
// THIRD LOOK (2026-11-22, late, idle machine): _store-enqueue-split.ts: baseline 2.3-2.5 ms; the
// store's commit 3.6-3.9 ms of CPU (synchronous=OFF) + ~2.5 ms fsync. A bare insert of the same
// three images into a one-table database, no encryption, synchronous=OFF, costs 2.4-2.6 ms of CPU
// at 4K pages (1.3 ms at 64K; the store at 64K is slower overall, 4.5 ms, as every small page of the
// rest of the transaction then costs 64K): SQLite's own per-page work for 1.5 MB is already the whole
// baseline before any fsync, so ≤ 2× is out of reach while the images live in 4K database pages.
//
// FOURTH LOOK (2026-11-23, idle machine). A perf profile of the commit's main thread (400 commits,
// synchronous=OFF): the WAL frame writes are ~35 % (two pwrite calls per page, the 24-byte frame
// header and the page, each frame misaligned to the kernel's 4K pages), the AEGIS pass ~11 %,
// SQLite's frame checksums ~3.5 %, the rest B-tree and pager work; SQLite has no batched frame
// write and the prebuilt library is not ours to patch. Changed: new files use 8K pages (db.ts
// PAGE_SIZE; paced split 4K 2.16-2.29× → 8K 1.91-1.95×: half the frames for the image bytes);
// the baseline now writes every byte the store is handed (each capture's preview too); commits are
// measured paced 100 ms apart, as at a counter (the background checkpointer has copied the last one),
// and back to back (a burst, the checkpointer busy meanwhile). In a tight loop the checkpointer
// running beside the commits cost 7.3 vs 4.7 ms per commit (disk and memory bandwidth).
// RESULT (this file, 40 commits, two runs): paced 2.38× / 1.97×, back to back 2.27× / 2.35×: at
// the goal's edge, not reliably under it. strace then showed two WAL fsyncs per paced commit: the
// checkpointer emptied the WAL after each, and SQLite fsyncs a restarted WAL's header on its own.
// Checkpoints now wait for 16 MB in the WAL (checkpointer.ts), one fsync per commit; two more
// runs: paced 2.10× / 2.06×, back to back 2.16× / 2.35× (that header fsync was cheap).
//
// FIFTH LOOK (2026-11-23). strace: the prebuilt SQLite syncs the WAL with fsync, never fdatasync
// (built without HAVE_FDATASYNC). Tried: teller commits at synchronous=NORMAL followed by an
// fdatasync of the WAL (the same durability; no journal commit for the modification time). A split
// harness first suggested ~0.7 ms less per commit, but that was its ordering (the variant followed
// an unsynced commit); in this bench, three alternating A/B runs: fdatasync 2.05 / 1.99 / 1.96×,
// fsync 2.00 / 2.04 / 1.87×: no difference; not kept. The audit rows' hash is cheaper now (audit.ts
// rowHash), five rows per enqueue. RESULT (this file, 40 commits, two runs): paced 1.98× / 1.90×
// (5.3 / 5.5 ms vs 2.7 / 2.9 ms), back to back 2.17× / 1.83×: at the goal, not under it in every run.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { Store } from '../../main/store/store';
import { median } from './timing';


/** A camera-like 1080p JPEG: smooth gradients plus sensor-ish noise (~300–600 KB). */
export async function photo1080p(seed: number): Promise<Buffer> {
  const w = 1920;
  const h = 1080;
  const raw = Buffer.alloc(w * h * 3);
  let a = seed >>> 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
      const n = (a >>> 28) - 8;
      const i = (y * w + x) * 3;
      raw[i] = (x * 255) / w + n;
      raw[i + 1] = (y * 255) / h + n;
      raw[i + 2] = ((x + y) * 127) / (w + h) + 64 + n;
    }
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 88 }).toBuffer();
}

/** Pause before each measured commit: a counter enqueues one customer at a time, minutes apart. */
const PACE_MS = 100;

export interface EnqueueFigures {
  iterations: number;
  bytesPerVerification: number;
  paceMs: number;
  baselineMs: number;
  baselineMeanMs: number;
  /** Kept configuration (WAL checkpoints in the background worker), commits paced as at a counter. */
  oneTransactionMs: number;
  oneTransactionMeanMs: number;
  tellerFlowMs: number;
  ratioOneTransaction: number;
  ratioOneTransactionMean: number;
  ratioTellerFlow: number;
  /** Same store, commits back to back (a burst: the checkpointer copies the previous ones meanwhile). */
  burstMs: number;
  burstBaselineMs: number;
  ratioBurst: number;
  /** Before: SQLite's inline auto-checkpoint, back to back (mean includes the checkpoints and a final one). */
  inlineMs: number;
  inlineMeanMs: number;
  ratioInline: number;
  ratioInlineMean: number;
  /** The same paced commit on a store without the anchor file (what the commit cost before the anchor). */
  noAnchorMs: number;
  ratioNoAnchor: number;
  /** From the end of a commit to its anchor on disk (the WAL sync + temp, fsync, rename, directory fsync; off the commit path). */
  anchorLagMs: number;
}

export async function benchEnqueue(iterations = 15): Promise<EnqueueFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-enqueue-'));
  try {
    const jpegs = await Promise.all([photo1080p(1), photo1080p(2), photo1080p(3)]);
    const preview = await sharp(jpegs[0]).resize(320).jpeg({ quality: 70 }).toBuffer();
    // The bytes the store is handed: each capture's JPEG and its preview.
    const bytes = jpegs.flatMap((j) => [j, preview]);
    const total = bytes.reduce((n, j) => n + j.length, 0);
    const sides = ['front', 'back', 'selfie'] as const;
    const setup = (name: string, backgroundCheckpoint: boolean, anchor = true) => {
      const store = Store.open({ dataDir: join(dir, name), key: randomBytes(32), backgroundCheckpoint, anchor });
      const enqueue = () => {
        const v = store.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
        sides.forEach((side, i) => store.putCapture({ verificationId: v.id, side, deviceId: 'bench', jpeg: jpegs[i]!, preview, width: 1920, height: 1080, quality: null }));
        store.submitVerification(v.id, [...sides]);
      };
      return { store, enqueue, oneTx: store.db.transaction(enqueue) };
    };
    const bg = setup('background', true);
    const inline = setup('inline', false);
    const noAnchor = setup('no-anchor', true, false);
    const baseline = (i: number) => {
      const fd = openSync(join(dir, `baseline-${i % 4}.bin`), 'w');
      for (const j of bytes) writeSync(fd, j);
      fsyncSync(fd);
      closeSync(fd);
    };
    const time = (f: () => void): number => {
      const t = performance.now();
      f();
      return performance.now() - t;
    };
    const pause = () => new Promise((r) => setTimeout(r, PACE_MS));
    // warm-up; and let the checkpoint worker come up (it does within a few ms; polled, not assumed)
    baseline(-1);
    bg.oneTx();
    inline.oneTx();
    noAnchor.oneTx();
    for (let i = 0; i < 200 && !bg.store.checkpointsInBackground; i++) await new Promise((r) => setTimeout(r, 10));
    if (!bg.store.checkpointsInBackground) console.log('  (background checkpointer did not start: figures are for inline checkpoints)');
    const b: number[] = [];
    const one: number[] = [];
    const teller: number[] = [];
    const burstB: number[] = [];
    const burst: number[] = [];
    const inl: number[] = [];
    const na: number[] = [];
    const lag: number[] = [];
    for (let i = 0; i < iterations; i++) {
      // Interleaved, so disk and CPU weather (other work on the machine) affects all alike. Paced:
      // each commit starts with the previous one's checkpoint done, as at a counter.
      await pause();
      b.push(time(() => baseline(i)));
      await pause();
      one.push(time(() => bg.oneTx()));
      const committed = performance.now();
      await bg.store.anchorIdle();
      lag.push(performance.now() - committed);
      await pause();
      na.push(time(() => noAnchor.oneTx()));
      await pause();
      teller.push(time(() => bg.enqueue()));
    }
    for (let i = 0; i < iterations; i++) {
      // Back to back: a burst (e.g. a script re-queueing work), the checkpointer busy with the last commits.
      burstB.push(time(() => baseline(i)));
      burst.push(time(() => bg.oneTx()));
      inl.push(time(() => inline.oneTx()));
    }
    // The inline store owes the checkpoint of what is still in its WAL: count it, as its next commits would.
    const owed = time(() => inline.store.db.pragma('wal_checkpoint(PASSIVE)'));
    bg.store.close();
    inline.store.close();
    noAnchor.store.close();
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const inlineMean = (inl.reduce((a, x) => a + x, 0) + owed) / inl.length;
    return {
      iterations,
      bytesPerVerification: total,
      paceMs: PACE_MS,
      baselineMs: median(b),
      baselineMeanMs: mean(b),
      oneTransactionMs: median(one),
      oneTransactionMeanMs: mean(one),
      tellerFlowMs: median(teller),
      ratioOneTransaction: median(one) / median(b),
      ratioOneTransactionMean: mean(one) / mean(b),
      ratioTellerFlow: median(teller) / median(b),
      burstMs: median(burst),
      burstBaselineMs: median(burstB),
      ratioBurst: median(burst) / median(burstB),
      inlineMs: median(inl),
      inlineMeanMs: inlineMean,
      ratioInline: median(inl) / median(burstB),
      ratioInlineMean: inlineMean / mean(burstB),
      noAnchorMs: median(na),
      ratioNoAnchor: median(na) / median(b),
      anchorLagMs: median(lag),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
}

export function printEnqueue(f: EnqueueFigures): void {
  console.log(`enqueue: 1 verification + 3 × 1080p JPEG and their previews (${(f.bytesPerVerification / 1e6).toFixed(2)} MB), ${f.iterations} commits each, median (mean)`);
  console.log(`  paced (${f.paceMs} ms apart, as at a counter):`);
  console.log(`    baseline write+fsync                  ${f.baselineMs.toFixed(1)} ms (${f.baselineMeanMs.toFixed(1)})`);
  console.log(`    store, one transaction                ${f.oneTransactionMs.toFixed(1)} ms (${f.oneTransactionMeanMs.toFixed(1)})   ratio ${f.ratioOneTransaction.toFixed(2)}× (${f.ratioOneTransactionMean.toFixed(2)}×) (goal ≤ 2×)`);
  console.log(`    store without the anchor file         ${f.noAnchorMs.toFixed(1)} ms   ratio ${f.ratioNoAnchor.toFixed(2)}×  (anchor on the commit path: ${(f.oneTransactionMs - f.noAnchorMs).toFixed(2)} ms)`);
  console.log(`    commit → its anchor on disk (async)   ${f.anchorLagMs.toFixed(1)} ms`);
  console.log(`    store, teller flow (5 commits)        ${f.tellerFlowMs.toFixed(1)} ms   ratio ${f.ratioTellerFlow.toFixed(2)}×`);
  console.log('  back to back (a burst):');
  console.log(`    baseline write+fsync                  ${f.burstBaselineMs.toFixed(1)} ms`);
  console.log(`    store, one transaction                ${f.burstMs.toFixed(1)} ms   ratio ${f.ratioBurst.toFixed(2)}×`);
  console.log(`    before: inline checkpoints, one tx    ${f.inlineMs.toFixed(1)} ms (${f.inlineMeanMs.toFixed(1)} incl. checkpoints)   ratio ${f.ratioInline.toFixed(2)}× (${f.ratioInlineMean.toFixed(2)}×)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printEnqueue(await benchEnqueue(Number(process.argv[2] ?? 15)));
}
