// The MRZ reader's verdict is a function of the image alone: not of what the shared engine read before or
// in between (the training sandboxes read other documents on the teller's engine, through the other lane),
// nor of which code path libvips takes on the machine's CPU. The image is the kiosk's own specimen as the
// kiosk stores it: seed 7101's expired passport from the specimen scanner, through the capture gate's
// re-encoding (normalizeImage), the document of the kiosk precheck test that once read 'invalid' on CI.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeImage } from '../../../main/capture/image-input';
import { specimenSpecFor } from '../../../main/capture/specimen/device';
import { generateSpecimen } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import { createMrzReader, type MrzReadResult } from '../../../main/precheck/mrz-ocr';
import { createOcrEngine, MRZ_DIGITS, MRZ_LETTERS, type OcrEngine } from '../../../main/precheck/mrz-worker';
import { createLanedReader } from '../../../main/precheck/reader-lanes';

const root = resolve(import.meta.dirname, '../../..');
/** What the capture gate stores for a scanner page (and the precheck reads). */
const asStored = async (jpeg: Buffer): Promise<Buffer> => (await normalizeImage(jpeg, { maxBytes: 20 * 1024 * 1024 })).jpeg;
/** Everything of a read that the teller and the sandboxes are shown (not its time). */
const verdict = (r: MrzReadResult) => ({ status: r.status, format: r.format, rawLines: r.rawLines, lines: r.lines, checks: r.checks, repaired: r.repaired, problems: r.problems });

/**
 * The engine, every image it is given answered as before and its answer kept by the image's hash: the
 * reader's verdict rests on the cell read too, so tesseract's own answers are compared as well.
 */
function recording(engine: OcrEngine, seen: Map<string, string>, before: () => Promise<void> = async () => {}): OcrEngine {
  return {
    async recognize(image, opts) {
      await before();
      const lines = await engine.recognize(image, opts);
      seen.set(createHash('sha256').update(image).digest('hex'), JSON.stringify(lines));
      return lines;
    },
    close: async () => {},
  };
}

let target: Buffer;
let printed: string[];
let solo: MrzReadResult;
/** What tesseract answered for each image of the solo read. */
const soloPasses = new Map<string, string>();
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mrz-determinism-'));
  const page = await generateSpecimen(specimenSpecFor('passport', 'front', 7101, { expired: true }));
  target = await asStored(page.jpeg);
  printed = page.mrz;
  // Read alone, by a reader that has read nothing else.
  const engine = await createOcrEngine();
  const fresh = await createMrzReader({ engine: recording(engine, soloPasses) });
  try {
    solo = await fresh.read(target);
  } finally {
    await fresh.close();
    await engine.close();
  }
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('the MRZ verdict depends on the image only', () => {
  it('read alone, the expired specimen passport is accepted as printed', () => {
    expect(verdict(solo)).toMatchObject({ status: 'accepted', format: 'TD3', lines: printed });
  });

  it(
    "on the kiosk's laned reader, between sandbox reads of other documents, with every tesseract pass after calls that set other whitelists and a job that failed: the same read each time",
    { timeout: 900_000 },
    async () => {
      // What else goes through one engine on a training kiosk: other documents' pages (the passport before, an
      // ID card back, a camera frame), a page with no MRZ, a file that is no image, read by the sandbox lane.
      const others: Buffer[] = [];
      for (const [type, side, seed] of [['passport', 'front', 7100], ['id_card', 'back', 7102]] as const) {
        others.push(await asStored((await generateSpecimen(specimenSpecFor(type, side, seed))).jpeg));
      }
      const frame = (await renderWebcamFrame((await generateSpecimen(specimenSpecFor('other', 'front', 7104, { dpi: 220 }))).jpeg, { seed: 7104, rotationDeg: 2, blurSigma: 0.6, noise: 4 })).jpeg;
      others.push(await asStored(frame));
      others.push(await sharp({ create: { width: 800, height: 500, channels: 3, background: '#000' } }).jpeg().toBuffer());
      others.push(Buffer.from('not an image at all'));
      // A strip of print for the calls made in between (small: they only need to run).
      const strip = await sharp(target).extract({ left: 0, top: 850, width: 1476, height: 189 }).resize({ width: 300 }).greyscale().png().toBuffer();

      const engine: OcrEngine = await createOcrEngine();
      // The reader's engine: the real one, where every pass the reader makes comes right after a job tesseract
      // refuses (an image it cannot decode) and a digits-only or letters-only call (the voting path's typed
      // passes, or another reader's) — what tesseract holds from them must not reach the pass.
      let between = 0;
      const passes = new Map<string, string>();
      const crowded = recording(engine, passes, async () => {
        between++;
        await engine.recognize(Buffer.from('no image here')).then(
          () => expect.fail('tesseract decoded a text file'),
          () => undefined,
        );
        await engine.recognize(strip, { whitelist: between % 3 ? MRZ_DIGITS : MRZ_LETTERS });
      });
      const lanes = createLanedReader(await createMrzReader({ engine: crowded }));
      try {
        const precheck = lanes.lane('precheck');
        const sandbox = lanes.lane('sandbox');
        const reads: Array<Promise<MrzReadResult>> = [];
        const asides: Array<Promise<MrzReadResult>> = [];
        for (const other of others) asides.push(sandbox.read(other));
        reads.push(precheck.read(target), sandbox.read(target));
        const results = await Promise.all(reads);
        await Promise.all(asides);
        expect(between).toBeGreaterThan(0);
        for (const r of results) expect(verdict(r)).toEqual(verdict(solo));
        // Every image tesseract read for the solo read it was given again here, and answered the same.
        expect(soloPasses.size).toBeGreaterThan(0);
        for (const [image, answer] of soloPasses) expect(passes.get(image), `tesseract's answer for image ${image.slice(0, 12)}`).toBe(answer);
      } finally {
        await lanes.close();
        await engine.close();
      }
    },
  );

  it('with libvips on its plain C code (no vector instructions, as on a CPU it finds none for): the same read', { timeout: 600_000 }, async () => {
    const file = join(dir, 'p7101-expired.jpg');
    writeFileSync(file, target);
    const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [tsx, join(root, 'test/helpers/read-mrz-once.ts'), file], {
      cwd: root,
      env: { ...process.env, VIPS_NOVECTOR: '1' },
      maxBuffer: 1 << 20,
    });
    const other = JSON.parse(stdout.trim().split('\n').at(-1)!) as ReturnType<typeof verdict>;
    const { status, format, rawLines, lines, checks } = verdict(solo);
    expect(other).toEqual({ status, format, rawLines, lines, checks });
  });
});
