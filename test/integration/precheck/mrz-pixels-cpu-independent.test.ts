// The MRZ reader's pixels do not depend on the CPU. libvips runs some operations in vector code (highway
// SIMD) when the CPU has the instructions it looks for and in plain C otherwise; sharp's integer blur() gives
// pixels up to a few grey levels apart on the two, so a kiosk and a CI machine could find different ink and
// read the same page differently. Here the same images go through every step of the reader that blurs —
// the band search's ink mask, the band it cuts, the band with a print screen smoothed out — in two child
// processes, one with libvips' vector code and one without (VIPS_NOVECTOR=1), and must come out byte for
// byte the same. The images are the kiosk's own specimens: seed 7101's expired passport from the specimen
// scanner as the capture gate stores it, and an ID card held to the webcam. The specimen pages themselves
// are held to the same: a training page drawn differently on another CPU would be another page there.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeImage } from '../../../main/capture/image-input';
import { specimenSpecFor } from '../../../main/capture/specimen/device';
import { generateSpecimen } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import { gaussianBlur } from '../../../main/imaging/gaussian-blur';

const root = resolve(import.meta.dirname, '../../..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const run = promisify(execFile);
const asStored = async (jpeg: Buffer): Promise<Buffer> => (await normalizeImage(jpeg, { maxBytes: 20 * 1024 * 1024 })).jpeg;

interface Pixels {
  vector: boolean;
  images: Record<string, Record<string, string>>;
}

/** The reader's pixels of `files`, made in a child process with libvips' vector code on or off. */
async function pixelsWith(vector: boolean, files: string[]): Promise<Pixels> {
  const env = { ...process.env };
  if (vector) delete env.VIPS_NOVECTOR;
  else env.VIPS_NOVECTOR = '1';
  const { stdout } = await run(process.execPath, [tsx, join(root, 'test/helpers/mrz-pixels-once.ts'), ...files], { cwd: root, env, maxBuffer: 64 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Pixels;
}

/** How many bytes differ, and by at most how much. */
function difference(a: Buffer, b: Buffer): string {
  if (a.length !== b.length) return `${a.length} bytes against ${b.length}`;
  let n = 0;
  let most = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d) n++;
    most = Math.max(most, d);
  }
  return `${n} of ${a.length} bytes differ, by up to ${most}`;
}

let dir: string;
let files: string[];
let vectorOn: Pixels;
let vectorOff: Pixels;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mrz-pixels-'));
  const passport = await asStored((await generateSpecimen(specimenSpecFor('passport', 'front', 7101, { expired: true }))).jpeg);
  const card = (await generateSpecimen(specimenSpecFor('id_card', 'back', 7102, { dpi: 220 }))).jpeg;
  const frame = await asStored((await renderWebcamFrame(card, { seed: 7102, rotationDeg: 3, blurSigma: 0.8, noise: 5 })).jpeg);
  files = [join(dir, 'passport-7101-expired.jpg'), join(dir, 'id-card-7102-webcam.jpg')];
  writeFileSync(files[0]!, passport);
  writeFileSync(files[1]!, frame);
  [vectorOn, vectorOff] = await Promise.all([pixelsWith(true, files), pixelsWith(false, files)]);
}, 300_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe("the MRZ reader's pixels are the same with libvips' vector code and without", () => {
  it('the two processes ran libvips with its vector code and without', () => {
    expect(vectorOn.vector, 'libvips found no vector instructions on this CPU: both runs took its C code').toBe(true);
    expect(vectorOff.vector).toBe(false);
  });

  it('each image: the same search grey, ink mask, band, and band with a print screen smoothed out', () => {
    for (const file of files) {
      const on = vectorOn.images[file]!;
      const off = vectorOff.images[file]!;
      // The steps after the mask only run when a band is found: both images must reach them.
      expect(Object.keys(on), file).toEqual(expect.arrayContaining(['grey', 'ink', 'band', 'bandGeometry']));
      expect(Object.keys(off).sort(), file).toEqual(Object.keys(on).sort());
      for (const [step, pixels] of Object.entries(on)) {
        const a = Buffer.from(pixels, 'base64');
        const b = Buffer.from(off[step]!, 'base64');
        if (step === 'bandGeometry') expect(off[step], `${file}: ${step}`).toBe(pixels);
        else expect(a.equals(b), `${file}, ${step}: ${difference(a, b)}`).toBe(true);
      }
    }
  });
});

describe("the reader's Gaussian blur is sharp's integer blur() as libvips' vector code computes it", () => {
  it('byte for byte, on the specimen passport at the σ the ink mask and the screen smoothing use', { timeout: 120_000 }, async () => {
    const { data, info } = await sharp(readFileSync(files[0]!)).greyscale().resize({ width: 800 }).raw().toBuffer({ resolveWithObject: true });
    const raw = join(dir, 'grey.raw');
    writeFileSync(raw, data);
    // 0.6: a mask libvips finds too coarse in fixed point, so its vector path runs its C code.
    const sigmas = [0.6, 0.8, 1.05, 1.33, 2.2, 4, 6.67, 12];
    // sharp in a process of its own, with libvips' vector code.
    const env = { ...process.env };
    delete env.VIPS_NOVECTOR;
    const script = `const sharp = require('sharp'); const fs = require('node:fs');
      (async () => { const out = [];
        for (const s of ${JSON.stringify(sigmas)}) out.push((await sharp(fs.readFileSync(${JSON.stringify(raw)}), { raw: { width: ${info.width}, height: ${info.height}, channels: 1 } }).blur(s).toColourspace('b-w').raw().toBuffer()).toString('base64'));
        process.stdout.write(JSON.stringify({ vector: sharp.simd(), out }) + '\\n'); })();`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: root, env, maxBuffer: 64 << 20 });
    const libvips = JSON.parse(stdout.trim()) as { vector: boolean; out: string[] };
    expect(libvips.vector, 'libvips found no vector instructions on this CPU').toBe(true);
    const grey = new Uint8Array(data.buffer, data.byteOffset, data.length);
    sigmas.forEach((sigma, i) => {
      const ours = Buffer.from(gaussianBlur(grey, info.width, info.height, sigma));
      const theirs = Buffer.from(libvips.out[i]!, 'base64');
      expect(ours.equals(theirs), `σ ${sigma}: ${difference(ours, theirs)}`).toBe(true);
    });
  });
});

describe("the kiosk's specimen pages are the same with libvips' vector code and without", () => {
  it('the scanner page, the page as stored, and the webcam frames at three blurs', { timeout: 120_000 }, async () => {
    const pagesWith = async (vector: boolean): Promise<{ vector: boolean; pages: Record<string, string> }> => {
      const env = { ...process.env };
      if (vector) delete env.VIPS_NOVECTOR;
      else env.VIPS_NOVECTOR = '1';
      const { stdout } = await run(process.execPath, [tsx, join(root, 'test/helpers/specimen-pages-once.ts')], { cwd: root, env });
      return JSON.parse(stdout.trim().split('\n').at(-1)!);
    };
    const [on, off] = await Promise.all([pagesWith(true), pagesWith(false)]);
    expect([on.vector, off.vector]).toEqual([true, false]);
    expect(Object.keys(on.pages)).toHaveLength(6);
    expect(off.pages).toEqual(on.pages);
  });
});
