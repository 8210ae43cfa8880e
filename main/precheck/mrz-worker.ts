// The OCR engine for MRZ reading: one tesseract.js worker (tesseract.js runs it in its own
// worker_threads thread, so the WASM OCR never blocks the main process), created and warmed once at
// kiosk start and reused for every read. Fully offline: in Node the core WASM is require()d from
// node_modules/tesseract.js-core, the traineddata comes from @tesseract.js-data/eng (langPath must be set,
// its default is a CDN), and cacheMethod 'none' stops tesseract.js from writing eng.traineddata into cwd.
// Settings measured on the kiosk's specimens: the legacy engine (OEM 0) with the
// 4.0.0 data, dictionaries off and an MRZ whitelist reads OCR-B far better than LSTM (which turns <<< into KLKL).
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, PSM, type Block, type Worker } from 'tesseract.js';

export const MRZ_WHITELIST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

export interface OcrSymbol {
  text: string;
  confidence: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface OcrLine {
  text: string;
  confidence: number;
  symbols: OcrSymbol[];
  y0: number;
  y1: number;
}

export const MRZ_DIGITS = '0123456789<';
export const MRZ_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ<';

export interface OcrEngine {
  /**
   * Recognises a PNG/JPEG and returns its text lines with per-character boxes. Calls are queued: each
   * runs alone, in the order made, so concurrent callers may share one engine. `whitelist` narrows the
   * characters for this call only (the 'mrz' profile's default is MRZ_WHITELIST). An image tesseract
   * cannot decode rejects that call; the engine stays usable.
   */
  recognize(image: Buffer, opts?: { whitelist?: string }): Promise<OcrLine[]>;
  close(): Promise<void>;
}

export interface OcrEngineOptions {
  /**
   * 'mrz' (default): legacy engine, MRZ whitelist, single text block, no dictionaries.
   * 'default': tesseract.js defaults (LSTM, automatic page segmentation) — only the benchmark's baseline.
   */
  profile?: 'mrz' | 'default';
}

const requireHere = createRequire(import.meta.url);

/** Folder holding eng.traineddata.gz; '4.0.0' has the legacy model, '4.0.0_best_int' is LSTM only. */
export function engLangPath(variant: '4.0.0' | '4.0.0_best_int' = '4.0.0'): string {
  return path.join(path.dirname(requireHere.resolve('@tesseract.js-data/eng/package.json')), variant);
}

/** A short MRZ-like line in OCR-B: the first recognize pays tesseract's one-time set-up costs. */
async function warmImage(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="520" height="80"><rect width="520" height="80" fill="#fff"/><text x="10" y="55" font-family="OCR B" font-size="40">P&lt;UTO&lt;&lt;ERIKSSON</text></svg>`;
  return sharp(Buffer.from(svg)).greyscale().png().toBuffer();
}

/**
 * tesseract.js rejects a failed job's promise and then, with no errorHandler, also throws the error from
 * its message listener — an uncaught exception that would take the main process down for one bad image.
 * The rejection reaches the caller; this only stops the second, uncatchable copy.
 */
function ignoreJobError(): void {}

function toLines(blocks: Block[] | null): OcrLine[] {
  const out: OcrLine[] = [];
  for (const b of blocks ?? [])
    for (const p of b.paragraphs)
      for (const l of p.lines) {
        const symbols: OcrSymbol[] = [];
        for (const w of l.words)
          for (const s of w.symbols) symbols.push({ text: s.text, confidence: s.confidence, x0: s.bbox.x0, x1: s.bbox.x1, y0: s.bbox.y0, y1: s.bbox.y1 });
        out.push({ text: l.text.replace(/\n$/, ''), confidence: l.confidence, symbols, y0: l.bbox.y0, y1: l.bbox.y1 });
      }
  return out;
}

export async function createOcrEngine(options: OcrEngineOptions = {}): Promise<OcrEngine> {
  const profile = options.profile ?? 'mrz';
  let worker: Worker;
  if (profile === 'mrz') {
    worker = await createWorker(
      'eng',
      OEM.TESSERACT_ONLY,
      { langPath: engLangPath('4.0.0'), gzip: true, cacheMethod: 'none', legacyCore: true, legacyLang: true, errorHandler: ignoreJobError },
      // Init-only parameters: no dictionaries (an MRZ is not English words).
      { load_system_dawg: '0', load_freq_dawg: '0' },
    );
    await worker.setParameters({
      tessedit_char_whitelist: MRZ_WHITELIST,
      tessedit_pageseg_mode: PSM.SINGLE_BLOCK,
      user_defined_dpi: '300',
      // The legacy classifier otherwise adapts to every page it has seen, so the same image would read
      // differently depending on what came before — and the voting passes would not be independent.
      classify_enable_learning: '0',
    });
  } else {
    worker = await createWorker('eng', OEM.DEFAULT, { langPath: engLangPath('4.0.0_best_int'), gzip: true, cacheMethod: 'none', errorHandler: ignoreJobError });
  }
  await worker.recognize(await warmImage());

  // tesseract.js queues jobs per worker, but a call is two jobs when its whitelist differs from the last
  // one set (set the whitelist, then recognize): another call's whitelist job could land between them and
  // this call would read, silently, with the other's characters. So calls take turns here, each one's
  // whitelist and recognize together; `whitelist` is what tesseract holds (null: unknown, set it again).
  // (tesseract.js's per-recognize parameters are not used instead: a recognize that fails, e.g. on an
  // image it cannot decode, skips restoring them, and they would stay set for every later call.)
  let closed = false;
  let whitelist: string | null = MRZ_WHITELIST;
  let turn: Promise<unknown> = Promise.resolve();
  const recognizeAlone = async (image: Buffer, wanted: string): Promise<OcrLine[]> => {
    if (profile === 'mrz' && wanted !== whitelist) {
      whitelist = null;
      await worker.setParameters({ tessedit_char_whitelist: wanted });
      whitelist = wanted;
    }
    try {
      const { data } = await worker.recognize(image, {}, { blocks: true, text: true });
      return toLines(data.blocks);
    } catch (e) {
      // tesseract.js rejects with its worker's message as a bare string.
      throw e instanceof Error ? e : new Error(`tesseract could not read the image: ${String(e)}`);
    }
  };
  return {
    recognize(image, opts = {}) {
      if (closed) return Promise.reject(new Error('the MRZ reader is closed'));
      const run = turn.then(() => recognizeAlone(image, opts.whitelist ?? MRZ_WHITELIST));
      turn = run.catch(() => undefined);
      return run;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Calls already made finish first (terminating under a running job would leave its promise unsettled).
      await turn;
      await worker.terminate();
    },
  };
}
