// CPU of three steps of the MRZ reader's front end against what they replaced, each checked to give the
// same bits: the cell model's inference (main/precheck/mrz-cell-model.ts) and the local-contrast
// normalisation (main/imaging/local-contrast.ts) against their implementations at an earlier commit
// (default fe6beb1; BENCH_PREVIOUS=<commit>), read from git and run side by side in this process — the
// model on cells cut from synthetic MRZ bands (OCR-B, clean and degraded), the normalisation on those
// bands at the reader's radii (mrz-normalise.ts); and the 3×3 median (main/imaging/median.ts) against
// sharp's median(3) on the specimen passport page at the band search's width, and against its version with
// branches (a62cd9f; BENCH_PREVIOUS_MEDIAN=<commit>) on that page and on the page with sensor-like noise
// (a photographed page). CPU time of this process, interleaved, so a change in the machine's load falls
// on both alike. Figures printed, nothing asserted.
// Run: npx tsx test/bench/mrz-front-end-cpu.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { CLEAN_STYLE, cutCells, loadOutlineFont, randomLines, renderBand, seeded } from '../../build/mrz-cell-model/synthetic-band';
import { specimenSpecFor } from '../../main/capture/specimen/device';
import { generateSpecimen } from '../../main/capture/specimen/generate';
import { ocrBFontPath } from '../../main/fonts/ocr-b';
import * as local from '../../main/imaging/local-contrast';
import { median3x3 } from '../../main/imaging/median';
import * as cellModel from '../../main/precheck/mrz-cell-model';
import { median } from './timing';

const root = resolve(import.meta.dirname, '../..');
const commit = process.env.BENCH_PREVIOUS ?? 'fe6beb1';

/** A module as it was at `at`, its relative imports pointed at today's files (only the module itself differs). */
async function previous<T>(path: string, at = commit): Promise<T> {
  const source = execFileSync('git', ['-C', root, 'show', `${at}:${path}`], { encoding: 'utf8' });
  const dir = resolve(root, 'main', path.split('/').slice(1, -1).join('/'));
  const rewritten = source.replace(/from '(\.\.?\/[^']+)'/g, (_, rel: string) => `from '${pathToFileURL(resolve(dir, rel)).href}.ts'`);
  const out = resolve(root, 'test-artifacts/bench-previous', at, path);
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(out, rewritten);
  return (await import(pathToFileURL(out).href)) as T;
}

const oldLocal = await previous<typeof local>('main/imaging/local-contrast.ts');
const oldModel = await previous<typeof cellModel>('main/precheck/mrz-cell-model.ts');
const oldMedian = await previous<{ median3x3: typeof median3x3 }>('main/imaging/median.ts', process.env.BENCH_PREVIOUS_MEDIAN ?? 'a62cd9f');

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Median CPU ms per round of `before` and of `now`, interleaved, after two warm-up rounds each. */
function race(rounds: number, before: () => void, now: () => void): [number, number] {
  const t: [number[], number[]] = [[], []];
  for (let i = 0; i < rounds + 2; i++)
    [before, now].forEach((fn, k) => {
      const c = cpu();
      fn();
      if (i >= 2) t[k]!.push(cpu() - c);
    });
  return [median(t[0]), median(t[1])];
}
const bits = (a: ArrayBufferView, b: ArrayBufferView): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const font = loadOutlineFont(ocrBFontPath()!);
const rnd = seeded(20261207);
const styles = [
  { ...CLEAN_STYLE, format: 'TD3' as const, capPx: 22 },
  { ...CLEAN_STYLE, format: 'TD1' as const, capPx: 14, blur: 0.9, noise: 8, jpeg: 50, contrast: 0.5 },
  { ...CLEAN_STYLE, format: 'TD3' as const, capPx: 34, blur: 0.6, noise: 12, jpeg: 60, contrast: 0.7 },
];
const bands = [];
for (let i = 0; i < 12; i++) bands.push(await renderBand(font, randomLines(styles[i % 3]!.format, rnd), styles[i % 3]!, rnd));
const cells = bands.flatMap((b) => cutCells(b, rnd) ?? []).map((c) => c.cell);

const before = oldModel.committedCellModel();
const now = cellModel.committedCellModel();
const sameCells = cells.every((c) => bits(before.probabilities(c), now.probabilities(c)));
const [cb, cn] = race(9, () => cells.forEach((c) => before.probabilities(c)), () => cells.forEach((c) => now.probabilities(c)));
console.log(
  `cell model, ${cells.length} cells: before ${((1000 * cb) / cells.length).toFixed(0)} µs, now ${((1000 * cn) / cells.length).toFixed(0)} µs CPU per cell (${(cb / cn).toFixed(2)}x); ${sameCells ? 'same bits' : 'PROBABILITIES DIFFER'}`,
);

const grey = bands.map(({ band, capPx }) => ({ img: { data: band.grey, width: band.width, height: band.height }, h: Math.max(6, capPx) }));
// The reader's radii (mrz-normalise.ts): paper 0.3, ink 0.8 of the line height.
const options = (h: number): local.LocalContrastOptions => ({ paperRadius: Math.max(2, h * 0.3), inkRadius: Math.max(3, h * 0.8), minRangeShare: 0.8 });
const sameBands = grey.every(({ img, h }) => bits(oldLocal.normaliseLocalContrast(img, options(h)).data, local.normaliseLocalContrast(img, options(h)).data));
const [lb, ln] = race(
  9,
  () => grey.forEach(({ img, h }) => oldLocal.normaliseLocalContrast(img, options(h))),
  () => grey.forEach(({ img, h }) => local.normaliseLocalContrast(img, options(h))),
);
const px = grey.reduce((a, { img }) => a + img.width * img.height, 0) / grey.length;
console.log(
  `local contrast, ${grey.length} bands (mean ${(px / 1000).toFixed(0)} kpx): before ${(lb / grey.length).toFixed(2)} ms, now ${(ln / grey.length).toFixed(2)} ms CPU per band (${(lb / ln).toFixed(2)}x); ${sameBands ? 'same bytes' : 'OUTPUT DIFFERS'}`,
);

// The band search's median: sharp's runs on its thread pool, so its CPU is this process's as well.
sharp.concurrency(1);
const page = (await generateSpecimen(specimenSpecFor('passport', 'front', 7101))).jpeg;
const { data: pageGrey, info } = await sharp(page).greyscale().resize({ width: 800 }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
const viaSharp = async (): Promise<Buffer> => sharp(pageGrey, { raw: { width: info.width, height: info.height, channels: 1 } }).median(3).toColourspace('b-w').raw().toBuffer();
const sameMedian = (await viaSharp()).equals(Buffer.from(median3x3(pageGrey, info.width, info.height)));
const m: [number[], number[]] = [[], []];
for (let i = 0; i < 23; i++) {
  let c = cpu();
  await viaSharp();
  const s = cpu() - c;
  c = cpu();
  median3x3(pageGrey, info.width, info.height);
  const j = cpu() - c;
  if (i < 3) continue;
  m[0].push(s);
  m[1].push(j);
}
const [ms, mj] = [median(m[0]), median(m[1])];
console.log(`3x3 median, page ${info.width}x${info.height}: sharp median(3) ${ms.toFixed(1)} ms, ours ${mj.toFixed(1)} ms CPU (${(ms / mj).toFixed(2)}x); ${sameMedian ? 'same bytes' : 'OUTPUT DIFFERS'}`);

// Against the median with branches: a clean page (neighbours mostly in one order) and the same page with
// noise of ±12 grey levels, as a camera's sensor leaves it (neighbours in either order, at random).
const noisy = Uint8Array.from(pageGrey, (v, i) => Math.max(0, Math.min(255, v + ((Math.imul(i + 1, 2654435761) >>> 24) % 25) - 12)));
for (const [name, img] of [['clean page', pageGrey], ['noisy page', noisy]] as const) {
  const same = bits(oldMedian.median3x3(img, info.width, info.height), median3x3(img, info.width, info.height));
  const [before, now] = race(15, () => oldMedian.median3x3(img, info.width, info.height), () => median3x3(img, info.width, info.height));
  console.log(`3x3 median, ${name}: with branches ${before.toFixed(1)} ms, without ${now.toFixed(1)} ms CPU (${(before / now).toFixed(2)}x); ${same ? 'same bytes' : 'OUTPUT DIFFERS'}`);
}
