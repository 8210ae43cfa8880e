// Benchmark (issue 3): committing one verification with three 1080p JPEG captures into the encrypted
// store (synchronous=FULL) vs. a baseline measured in the same run on the same file system: writing
// the same bytes to a file and fsyncing it. Goal: ≤ 2× the baseline. Figures are printed, not asserted.
//   npx tsx test/bench/store-enqueue.ts [iterations]
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { Store } from '../../main/store/store';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A camera-like 1080p JPEG: smooth gradients plus sensor-ish noise (~300–600 KB). */
async function photo1080p(seed: number): Promise<Buffer> {
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

export interface EnqueueFigures {
  iterations: number;
  bytesPerVerification: number;
  baselineMs: number;
  baselineMeanMs: number;
  /** Kept configuration: WAL checkpoints in the background worker (main/store/checkpointer.ts). */
  oneTransactionMs: number;
  oneTransactionMeanMs: number;
  tellerFlowMs: number;
  ratioOneTransaction: number;
  ratioOneTransactionMean: number;
  ratioTellerFlow: number;
  /** Before: SQLite's inline auto-checkpoint (mean includes the checkpoints and a final one). */
  inlineMs: number;
  inlineMeanMs: number;
  ratioInline: number;
  ratioInlineMean: number;
}

export async function benchEnqueue(iterations = 15): Promise<EnqueueFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-enqueue-'));
  try {
    const jpegs = await Promise.all([photo1080p(1), photo1080p(2), photo1080p(3)]);
    const preview = await sharp(jpegs[0]).resize(320).jpeg({ quality: 70 }).toBuffer();
    const total = jpegs.reduce((n, j) => n + j.length, 0);
    const sides = ['front', 'back', 'selfie'] as const;
    const setup = (name: string, backgroundCheckpoint: boolean) => {
      const store = Store.open({ dataDir: join(dir, name), key: randomBytes(32), backgroundCheckpoint });
      const enqueue = () => {
        const v = store.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
        sides.forEach((side, i) => store.putCapture({ verificationId: v.id, side, deviceId: 'bench', jpeg: jpegs[i]!, preview, width: 1920, height: 1080, quality: null }));
        store.submitVerification(v.id, [...sides]);
      };
      return { store, enqueue, oneTx: store.db.transaction(enqueue) };
    };
    const bg = setup('background', true);
    const inline = setup('inline', false);
    const baseline = (i: number) => {
      const fd = openSync(join(dir, `baseline-${i % 4}.bin`), 'w');
      for (const j of jpegs) writeSync(fd, j);
      writeSync(fd, preview);
      fsyncSync(fd);
      closeSync(fd);
    };
    // warm-up; and let the checkpoint worker come up (it does within a few ms; polled, not assumed)
    baseline(-1);
    bg.oneTx();
    inline.oneTx();
    for (let i = 0; i < 200 && !bg.store.checkpointsInBackground; i++) await new Promise((r) => setTimeout(r, 10));
    if (!bg.store.checkpointsInBackground) console.log('  (background checkpointer did not start: figures are for inline checkpoints)');
    const b: number[] = [];
    const one: number[] = [];
    const teller: number[] = [];
    const inl: number[] = [];
    for (let i = 0; i < iterations; i++) {
      // interleaved, so disk and CPU weather (other work on the machine) affects all alike
      let t = performance.now();
      baseline(i);
      b.push(performance.now() - t);
      t = performance.now();
      bg.oneTx();
      one.push(performance.now() - t);
      t = performance.now();
      inline.oneTx();
      inl.push(performance.now() - t);
      t = performance.now();
      bg.enqueue();
      teller.push(performance.now() - t);
    }
    // The inline store owes the checkpoint of what is still in its WAL: count it, as its next commits would.
    const t = performance.now();
    inline.store.db.pragma('wal_checkpoint(PASSIVE)');
    const owed = performance.now() - t;
    bg.store.close();
    inline.store.close();
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const inlineMean = (inl.reduce((a, x) => a + x, 0) + owed) / inl.length;
    return {
      iterations,
      bytesPerVerification: total,
      baselineMs: median(b),
      baselineMeanMs: mean(b),
      oneTransactionMs: median(one),
      oneTransactionMeanMs: mean(one),
      tellerFlowMs: median(teller),
      ratioOneTransaction: median(one) / median(b),
      ratioOneTransactionMean: mean(one) / mean(b),
      ratioTellerFlow: median(teller) / median(b),
      inlineMs: median(inl),
      inlineMeanMs: inlineMean,
      ratioInline: median(inl) / median(b),
      ratioInlineMean: inlineMean / mean(b),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printEnqueue(f: EnqueueFigures): void {
  console.log(`enqueue: 1 verification + 3 × 1080p JPEG (${(f.bytesPerVerification / 1e6).toFixed(2)} MB), ${f.iterations} commits, median (mean)`);
  console.log(`  baseline write+fsync                    ${f.baselineMs.toFixed(1)} ms (${f.baselineMeanMs.toFixed(1)})`);
  console.log(`  store, one transaction                  ${f.oneTransactionMs.toFixed(1)} ms (${f.oneTransactionMeanMs.toFixed(1)})   ratio ${f.ratioOneTransaction.toFixed(2)}× (${f.ratioOneTransactionMean.toFixed(2)}×) (goal ≤ 2×)`);
  console.log(`  store, teller flow (5 commits)          ${f.tellerFlowMs.toFixed(1)} ms   ratio ${f.ratioTellerFlow.toFixed(2)}×`);
  console.log(`  before: inline checkpoints, one tx      ${f.inlineMs.toFixed(1)} ms (${f.inlineMeanMs.toFixed(1)} incl. checkpoints)   ratio ${f.ratioInline.toFixed(2)}× (${f.ratioInlineMean.toFixed(2)}×)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printEnqueue(await benchEnqueue(Number(process.argv[2] ?? 15)));
}
