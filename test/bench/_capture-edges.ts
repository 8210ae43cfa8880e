// Card-edge finders compared (figures printed, nothing asserted): the pure-JS desk-colour finder
// (card-edges.ts) and the opencv.js line finder (card-edges-cv.ts), on the same decoded frames in one run.
//  1. accuracy: worst corner error (px at 1920 × 1080) on plain-desk and cluttered specimen frames;
//  2. cost: a 1920 × 1080 JPEG decoded alone vs the full analysis (decode at 960 px, quality metrics, card
//     edges) with each finder, on one core (goal for the analysis: ≤ 2× decode, ≥ 25 frames/s).
// Usage: npx tsx test/bench/_capture-edges.ts [runs=20]
import sharp from 'sharp';
import { findCardQuadInRgb, type CardQuad } from '../../main/capture/card-edges';
import { findCardQuadCv, loadOpenCv } from '../../main/capture/card-edges-cv';
import { halve } from '../../main/capture/frame-analysis';
import { measureGrey, measureQuality } from '../../main/capture/quality';
import { generateSpecimen, randomSpecimenSpec } from '../../main/capture/specimen/generate';
import { renderWebcamFrame, type WebcamFrame, type WebcamVariant } from '../../main/capture/specimen/webcam';
import { renderClutteredFrame } from './_capture-cluttered-frame';
import { medianTime } from './timing';

sharp.concurrency(1);
const RUNS = Number(process.argv[2] ?? 20);


const t0 = performance.now();
const { cv } = await loadOpenCv();
console.log(`opencv.js ready in ${(performance.now() - t0).toFixed(0)} ms (once per worker)`);

const doc = (await generateSpecimen({ ...randomSpecimenSpec(41, { format: 'TD1', side: 'front' }), dpi: 220 })).jpeg;
const variants: WebcamVariant[] = [
  { rotationDeg: 0 },
  { rotationDeg: 6, noise: 3 },
  { rotationDeg: -11, noise: 3, blurSigma: 1 },
  { rotationDeg: 4, perspective: 0.12, noise: 3 },
  { rotationDeg: 3, glare: 0.9, noise: 3 },
  { rotationDeg: 8, light: 0.3, noise: 3 },
  { light: 0.5, noise: 3 },
];

type Finder = (rgb: Uint8Array, w: number, h: number, scale: number) => CardQuad | null;
const finders: [string, number, Finder][] = [
  ['JS  @960', 960, (d, w, h, s) => findCardQuadInRgb(d, w, h, s)],
  ['JS  @480', 480, (d, w, h, s) => findCardQuadInRgb(d, w, h, s)],
  ['cv  @480', 480, (d, w, h, s) => findCardQuadCv(cv, d, w, h, s)],
  ['cv  @320', 320, (d, w, h, s) => findCardQuadCv(cv, d, w, h, s)],
];

const worst = (q: CardQuad | null, f: WebcamFrame): number => (q ? Math.max(...q.corners.map(([x, y], i) => Math.hypot(x - f.corners[i]![0], y - f.corners[i]![1]))) : Infinity);

if (!process.argv.includes('--cost-only')) console.log('\naccuracy: corners within 6 px (worst error, px at 1920 wide; "-" = no card found)');
for (const cluttered of process.argv.includes('--cost-only') ? [] : [false, true]) {
  const frames: WebcamFrame[] = [];
  for (const v of variants) for (const seed of cluttered ? [41, 2, 3] : [41]) frames.push(cluttered ? await renderClutteredFrame(doc, { seed, ...v }) : await renderWebcamFrame(doc, { seed, ...v }));
  for (const [name, width, find] of finders) {
    const errs: number[] = [];
    for (const f of frames) {
      const { data, info } = await sharp(f.jpeg).resize({ width }).raw().toBuffer({ resolveWithObject: true });
      errs.push(worst(find(data, info.width, info.height, f.width / info.width), f));
    }
    const ok = errs.filter((e) => e < 6).length;
    console.log(`  ${cluttered ? 'cluttered' : 'plain desk'} ${name}: ${ok}/${errs.length} within 6 px; errors ${errs.map((e) => (Number.isFinite(e) ? e.toFixed(1) : '-')).join(' ')}`);
  }
}

// Cost on one frame, as the kiosk analyses a still: one decode at 960 px (shrink-on-load), metrics on the
// green channel, card edges on the same pixels (halved for the 480 px finders).
const frame = await renderWebcamFrame(doc, { seed: 1, rotationDeg: 3, noise: 3 });
const decode = await medianTime(RUNS, () => sharp(frame.jpeg).raw().toBuffer());
const analyse = (edges: ((rgb: Uint8Array, w: number, h: number) => unknown) | null) => async () => {
  const { data, info } = await sharp(frame.jpeg).resize({ width: 960 }).raw().toBuffer({ resolveWithObject: true });
  const grey = new Uint8Array(info.width * info.height);
  for (let p = 0, i = 1; p < grey.length; p++, i += 3) grey[p] = data[i]!;
  measureGrey(grey, info.width, info.height);
  edges?.(data, info.width, info.height);
};
// A second, small decode for the edges (shrink-on-load makes a 320 px decode cheap).
async function edgesAt(width: number, find: (rgb: Uint8Array, w: number, h: number) => unknown): Promise<void> {
  const { data, info } = await sharp(frame.jpeg).resize({ width }).raw().toBuffer({ resolveWithObject: true });
  find(data, info.width, info.height);
}
const rows: [string, number][] = [
  ['decode 1920×1080 alone (baseline)', decode],
  ['analysis, no card edges', await medianTime(RUNS, analyse(null))],
  ['analysis + JS edges @960 (stills before the hybrid)', await medianTime(RUNS, analyse((d, w, h) => findCardQuadInRgb(d, w, h, 2)))],
  ['analysis + JS edges @480 (stills, plain desk)', await medianTime(RUNS, analyse((d, w, h) => findCardQuadInRgb(halve(d, w, h), w >> 1, h >> 1, 4)))],
  ['analysis + opencv.js edges @480 (stills, cluttered)', await medianTime(RUNS, analyse((d, w, h) => findCardQuadCv(cv, halve(d, w, h), w >> 1, h >> 1, 4)))],
  ['measureQuality alone (the goal’s figure so far)', await medianTime(RUNS, () => measureQuality(frame.jpeg))],
  // One after the other: run concurrently, libvips would decode on a second core while opencv.js runs.
  ['measureQuality + opencv.js edges @320', await medianTime(RUNS, async () => { await measureQuality(frame.jpeg); await edgesAt(320, (d, w, h) => findCardQuadCv(cv, d, w, h, 6)); })],
  ['measureQuality + JS edges @320', await medianTime(RUNS, async () => { await measureQuality(frame.jpeg); await edgesAt(320, (d, w, h) => findCardQuadInRgb(d, w, h, 6)); })],
];
const thirdData = await sharp(frame.jpeg).resize({ width: 320 }).raw().toBuffer({ resolveWithObject: true });
const halfData = await sharp(frame.jpeg).resize({ width: 480 }).raw().toBuffer({ resolveWithObject: true });
const edgesOnly: [string, number][] = [
  ['JS edges alone @480', await medianTime(RUNS, () => findCardQuadInRgb(halfData.data, halfData.info.width, halfData.info.height))],
  ['opencv.js edges alone @480', await medianTime(RUNS, () => findCardQuadCv(cv, halfData.data, halfData.info.width, halfData.info.height))],
  ['JS edges alone @320', await medianTime(RUNS, () => findCardQuadInRgb(thirdData.data, thirdData.info.width, thirdData.info.height))],
  ['opencv.js edges alone @320', await medianTime(RUNS, () => findCardQuadCv(cv, thirdData.data, thirdData.info.width, thirdData.info.height))],
];
console.log(`\ncost (median of ${RUNS}, one libvips thread):`);
for (const [label, ms] of rows) console.log(`  ${label.padEnd(44)} ${ms.toFixed(1).padStart(6)} ms  ${(ms / decode).toFixed(2)}× decode  ${(1000 / ms).toFixed(1)} frames/s`);
for (const [label, ms] of edgesOnly) console.log(`  ${label.padEnd(44)} ${ms.toFixed(1).padStart(6)} ms`);
