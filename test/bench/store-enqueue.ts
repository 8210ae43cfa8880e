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
  oneTransactionMs: number;
  tellerFlowMs: number;
  ratioOneTransaction: number;
  ratioTellerFlow: number;
}

export async function benchEnqueue(iterations = 15): Promise<EnqueueFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-enqueue-'));
  try {
    const jpegs = await Promise.all([photo1080p(1), photo1080p(2), photo1080p(3)]);
    const preview = await sharp(jpegs[0]).resize(320).jpeg({ quality: 70 }).toBuffer();
    const total = jpegs.reduce((n, j) => n + j.length, 0);
    const store = Store.open({ dataDir: dir, key: randomBytes(32) });
    const sides = ['front', 'back', 'selfie'] as const;
    const enqueue = () => {
      const v = store.createVerification({ documentType: 'id_card', provider: 'zignsec', locale: 'en' });
      sides.forEach((side, i) => store.putCapture({ verificationId: v.id, side, deviceId: 'bench', jpeg: jpegs[i]!, preview, width: 1920, height: 1080, quality: null }));
      store.submitVerification(v.id, [...sides]);
    };
    const oneTx = store.db.transaction(enqueue);
    const baseline = (i: number) => {
      const fd = openSync(join(dir, `baseline-${i}.bin`), 'w');
      for (const j of jpegs) writeSync(fd, j);
      writeSync(fd, preview);
      fsyncSync(fd);
      closeSync(fd);
    };
    // warm-up
    baseline(-1);
    oneTx();
    enqueue();
    const b: number[] = [];
    const one: number[] = [];
    const teller: number[] = [];
    for (let i = 0; i < iterations; i++) {
      // interleaved, so disk weather affects all three alike
      let t = performance.now();
      baseline(i);
      b.push(performance.now() - t);
      t = performance.now();
      oneTx();
      one.push(performance.now() - t);
      t = performance.now();
      enqueue();
      teller.push(performance.now() - t);
    }
    store.close();
    const fig = {
      iterations,
      bytesPerVerification: total,
      baselineMs: median(b),
      oneTransactionMs: median(one),
      tellerFlowMs: median(teller),
      ratioOneTransaction: median(one) / median(b),
      ratioTellerFlow: median(teller) / median(b),
    };
    return fig;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printEnqueue(f: EnqueueFigures): void {
  console.log(`enqueue: 1 verification + 3 × 1080p JPEG (${(f.bytesPerVerification / 1e6).toFixed(2)} MB), median of ${f.iterations}`);
  console.log(`  baseline write+fsync          ${f.baselineMs.toFixed(1)} ms`);
  console.log(`  store, one transaction        ${f.oneTransactionMs.toFixed(1)} ms   ratio ${f.ratioOneTransaction.toFixed(2)}× (goal ≤ 2×)`);
  console.log(`  store, teller flow (5 commits) ${f.tellerFlowMs.toFixed(1)} ms   ratio ${f.ratioTellerFlow.toFixed(2)}×`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printEnqueue(await benchEnqueue(Number(process.argv[2] ?? 15)));
}
