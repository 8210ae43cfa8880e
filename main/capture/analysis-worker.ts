// The analysis worker thread: live-preview frames and stored stills are decoded, measured and searched for
// the card here, never on the main event loop (which serves IPC / HTTP to the renderer). One message in,
// one message out.
import { parentPort } from 'node:worker_threads';
import { isKioskError } from '../errors';
import { analyseFrame } from './frame-analysis';
import { assessQuality } from './quality-verdict';
import type { AnalysisReply, AnalysisRequest } from './analysis-client';

const port = parentPort;
if (!port) throw new Error('analysis-worker.ts must run as a worker thread');

port.on('message', (request: AnalysisRequest) => {
  const work =
    request.kind === 'still'
      ? assessQuality({ jpeg: Buffer.from(request.jpeg.buffer, request.jpeg.byteOffset, request.jpeg.byteLength) }, request.opts)
      : analyseFrame(request.input, { checkCard: request.checkCard });
  work.then(
    (result) => {
      const reply: AnalysisReply = { id: request.id, ok: true, result };
      // Copied, not transferred: ~30 KB, and sharp's output buffers are not always transferable.
      port.postMessage(reply);
    },
    (e: unknown) => {
      // A KioskError's sentence (camera unplugged, in use…) is kept for the teller; anything else is generic.
      const reply: AnalysisReply = {
        id: request.id,
        ok: false,
        message: e instanceof Error ? e.message : String(e),
        ...(isKioskError(e) ? { userMessage: e.userMessage } : {}),
      };
      port.postMessage(reply);
    },
  );
});
