// The analysis worker thread: live-preview frames and stored stills are decoded, measured and searched for
// the card here, never on the main event loop (which serves IPC / HTTP to the renderer). One message in,
// one message out.
import { parentPort } from 'node:worker_threads';
import { isKioskError } from '../errors';
import { loadOpenCv } from './card-edges-cv';
import { analyseFrame } from './frame-analysis';
import { assessQuality } from './quality-verdict';
import { prepareStill, type PreparedStill } from './prepared-still';
import type { QualityVerdict } from '../../shared/domain';
import type { AnalysisReply, AnalysisRequest, WarmUp, WorkerReady } from './analysis-client';
import type { FrameAnalysis } from './frame-analysis';

const port = parentPort;
if (!port) throw new Error('analysis-worker.ts must run as a worker thread');

// Warm opencv.js now (~0.3–1 s of WebAssembly start-up) for the cluttered-counter card finder; frames are
// analysed meanwhile with the desk-colour finder alone (card-finder.ts never waits for it). Only here, in the
// worker: opencv.js installs process-wide error handlers that must not reach the main process.
const openCv = loadOpenCv().then(
  () => true,
  (e: unknown) => {
    console.warn('opencv.js did not load; card edges use the desk-colour finder only', e instanceof Error ? e.message : e);
    return false;
  },
);

port.on('message', (request: AnalysisRequest) => {
  const work: Promise<FrameAnalysis | QualityVerdict | PreparedStill | WarmUp> =
    request.kind === 'warm'
      ? openCv.then((linesFinder) => ({ linesFinder }))
      : request.kind === 'prepare'
      ? prepareStill({ jpeg: Buffer.from(request.jpeg.buffer, request.jpeg.byteOffset, request.jpeg.byteLength), width: request.width, height: request.height }, request.opts)
      : request.kind === 'still'
      ? assessQuality({ jpeg: Buffer.from(request.jpeg.buffer, request.jpeg.byteOffset, request.jpeg.byteLength) }, request.opts)
      : analyseFrame(request.input, { checkCard: request.checkCard, ...(request.documentType ? { documentType: request.documentType } : {}) });
  work.then(
    (result) => {
      const reply: AnalysisReply = { id: request.id, ok: true, result };
      // Copied, not transferred: ~30 KB, and sharp's output buffers are not always transferable.
      port.postMessage(reply);
    },
    (e: unknown) => {
      // A KioskError's sentence (camera unplugged, in use…) is kept for the teller, as its catalogue key when
      // it has one; anything else is generic.
      const reply: AnalysisReply = {
        id: request.id,
        ok: false,
        message: e instanceof Error ? e.message : String(e),
        ...(isKioskError(e) ? { sentence: e.sentence ?? e.userMessage } : {}),
      };
      port.postMessage(reply);
    },
  );
});

// Loaded and listening: the client starts its per-frame clock from here, not from the worker's start.
const ready: WorkerReady = { ready: true };
port.postMessage(ready);
