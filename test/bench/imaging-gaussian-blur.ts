// The reader's Gaussian blur (main/imaging/gaussian-blur.ts, libvips' vector-path integer arithmetic in
// JavaScript) against the one it replaced — the same arithmetic one pixel at a time, as shipped at d71379f
// and kept below — and against sharp's own blur() (libvips' SIMD, on one thread), on the images the reader
// blurs: the specimen passport page at the band search's width (the ink mask, σ = width / 120, at least 4),
// MRZ bands (the print-screen smoothing, σ = cap height / 30), a 2000 × 1400 page at the ink mask's σ for
// that width, and a webcam-sized frame at the specimen webcam's blur. Every case checks that the three give
// the same bytes. Figures printed, nothing asserted. Run: npx tsx test/bench/imaging-gaussian-blur.ts
import sharp from 'sharp';
import { specimenSpecFor } from '../../main/capture/specimen/device';
import { generateSpecimen } from '../../main/capture/specimen/generate';
import { fixedPointMask, gaussianBlur, gaussianMask } from '../../main/imaging/gaussian-blur';
import { median } from './timing';

sharp.concurrency(1);

/** gaussianBlur as shipped at d71379f: each pass one output pixel at a time, in doubles. */
function gaussianBlurBefore(grey: Uint8Array, width: number, height: number, sigma: number): Uint8Array {
  if (sigma < 0.2) return grey.slice();
  const { taps, scale } = gaussianMask(sigma);
  const fixed = fixedPointMask(taps, scale);
  const weights = fixed ? fixed.mantissas : taps;
  const divisor = fixed ? 2 ** fixed.exp : scale;
  const round = fixed ? 2 ** (fixed.exp - 1) : Math.floor(scale / 2);
  const r = taps.length >> 1;
  const half = Float64Array.from(weights.subarray(r));
  const inv = 1 / divisor;
  const LIFT = fixed ? 0 : 1e-7;
  const across = new Uint8Array(width * height);
  const padded = new Float64Array(width + 2 * r);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const first = grey[row]!;
    const last = grey[row + width - 1]!;
    for (let i = 0; i < r; i++) {
      padded[i] = first;
      padded[r + width + i] = last;
    }
    for (let x = 0; x < width; x++) padded[r + x] = grey[row + x]!;
    for (let x = 0; x < width; x++) {
      const c = x + r;
      let sum = half[0]! * padded[c]! + round;
      for (let j = 1; j <= r; j++) sum += half[j]! * (padded[c - j]! + padded[c + j]!);
      across[row + x] = Math.min(255, sum * inv + LIFT);
    }
  }
  const out = new Uint8Array(width * height);
  const sums = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const t0 = half[0]!;
    for (let x = 0; x < width; x++) sums[x] = t0 * across[row + x]! + round;
    for (let j = 1; j <= r; j++) {
      const t = half[j]!;
      const above = Math.max(0, y - j) * width;
      const below = Math.min(height - 1, y + j) * width;
      for (let x = 0; x < width; x++) sums[x]! += t * (across[above + x]! + across[below + x]!);
    }
    for (let x = 0; x < width; x++) out[row + x] = Math.min(255, sums[x]! * inv + LIFT);
  }
  return out;
}

interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

const page = (await generateSpecimen(specimenSpecFor('passport', 'front', 7101))).jpeg;
async function grey(width: number, height?: number, band?: { top: number; height: number }): Promise<Grey> {
  let img = sharp(page).greyscale().resize(height ? { width, height, fit: 'fill' } : { width });
  // extract() after resize() cuts the resized image.
  if (band) img = img.extract({ left: 0, top: band.top, width, height: band.height });
  const { data, info } = await img.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}
const search = await grey(800);
// An MRZ band as the reader cuts it from a 1200 px wide scan: the page's bottom rows.
const band = await grey(1200, 840, { top: 640, height: 200 });

const cases: [string, Grey, number, number][] = [
  ['ink mask, page at the search width', search, Math.max(4, search.width / 120), 15],
  ['screen smoothing, band, cap 40 px', band, 40 / 30, 30],
  ['screen smoothing, band, cap 66 px', band, 66 / 30, 30],
  ['band, σ 0.6 (libvips C arithmetic)', band, 0.6, 30],
  ['ink mask, 2000 x 1400 page', await grey(2000, 1400), 2000 / 120, 5],
  ['webcam-sized frame, σ 0.8', await grey(1920, 1080), 0.8, 10],
];

console.log(`sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, SIMD ${sharp.simd() ? 'on' : 'off'} (sharp's blur is the reference only with it on)`);
for (const [label, g, sigma, runs] of cases) {
  const viaSharp = async () =>
    new Uint8Array(await sharp(Buffer.from(g.data.buffer, g.data.byteOffset, g.data.byteLength), { raw: { width: g.width, height: g.height, channels: 1 } }).blur(sigma).toColourspace('b-w').raw().toBuffer());
  const before = gaussianBlurBefore(g.data, g.width, g.height, sigma);
  const now = gaussianBlur(g.data, g.width, g.height, sigma);
  const theirs = await viaSharp();
  const same = Buffer.from(before).equals(Buffer.from(now)) ? (Buffer.from(now).equals(Buffer.from(theirs)) ? 'all three the same' : 'before = now, sharp differs') : 'BEFORE AND NOW DIFFER';
  // Interleaved, so a change in the machine's load falls on all three alike. Wall time, and for the two
  // JavaScript blurs also this process's CPU time (on a loaded machine the steadier of the two).
  const t: Record<'before' | 'now' | 'sharp' | 'beforeCpu' | 'nowCpu', number[]> = { before: [], now: [], sharp: [], beforeCpu: [], nowCpu: [] };
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (let i = 0; i < runs + 3; i++) {
    let s = performance.now();
    let c = cpu();
    gaussianBlurBefore(g.data, g.width, g.height, sigma);
    const b = performance.now() - s;
    const bc = cpu() - c;
    s = performance.now();
    c = cpu();
    gaussianBlur(g.data, g.width, g.height, sigma);
    const n = performance.now() - s;
    const nc = cpu() - c;
    s = performance.now();
    await viaSharp();
    const v = performance.now() - s;
    if (i < 3) continue;
    t.before.push(b);
    t.now.push(n);
    t.sharp.push(v);
    t.beforeCpu.push(bc);
    t.nowCpu.push(nc);
  }
  const [b, n, v] = [median(t.before), median(t.now), median(t.sharp)];
  const [bc, nc] = [median(t.beforeCpu), median(t.nowCpu)];
  console.log(
    `${label.padEnd(38)} ${`${g.width}x${g.height}`.padEnd(10)} σ ${sigma.toFixed(2).padStart(5)}: before ${b.toFixed(1).padStart(6)} ms, now ${n.toFixed(1).padStart(6)} ms ` +
      `(${(b / n).toFixed(2)}x faster; CPU ${bc.toFixed(1)} → ${nc.toFixed(1)} ms, ${(bc / nc).toFixed(2)}x), sharp ${v.toFixed(1).padStart(5)} ms (now ${(n / v).toFixed(1)}x sharp); ${same}`,
  );
}
