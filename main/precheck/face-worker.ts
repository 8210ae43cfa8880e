// The face worker thread: owns the WASM face detector (warmed once), answers one detection per message.
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { createFaceDetector, type DetectedFace } from './face-detect';
import type { FaceReply, FaceRequest } from './face';

const port = parentPort;
if (!port) throw new Error('face-worker.ts must run as a worker thread');

const ready = createFaceDetector();
ready.then(
  () => port.postMessage({ id: 0, ok: true, faces: [] } satisfies FaceReply),
  (e: unknown) => port.postMessage({ id: 0, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies FaceReply),
);

/** Cuts a region (fractions of the image) out, so a small portrait on a document fills the model's input. */
async function crop(jpeg: Buffer, region: [number, number, number, number]): Promise<Buffer> {
  const meta = await sharp(jpeg).metadata();
  const W = meta.width ?? 0;
  const H = meta.height ?? 0;
  const left = Math.round(region[0] * W);
  const top = Math.round(region[1] * H);
  return sharp(jpeg)
    .extract({ left, top, width: Math.max(1, Math.min(W - left, Math.round(region[2] * W))), height: Math.max(1, Math.min(H - top, Math.round(region[3] * H))) })
    .jpeg()
    .toBuffer();
}

port.on('message', (request: FaceRequest) => {
  void (async () => {
    try {
      const detector = await ready;
      const jpeg = Buffer.from(request.jpeg.buffer, request.jpeg.byteOffset, request.jpeg.byteLength);
      const r = request.region;
      let faces: DetectedFace[] = await detector.detect(r ? await crop(jpeg, r) : jpeg);
      // Boxes back in whole-image fractions.
      if (r) faces = faces.map((f) => ({ score: f.score, box: [r[0] + f.box[0] * r[2], r[1] + f.box[1] * r[3], f.box[2] * r[2], f.box[3] * r[3]] }));
      port.postMessage({ id: request.id, ok: true, faces } satisfies FaceReply);
    } catch (e) {
      port.postMessage({ id: request.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies FaceReply);
    }
  })();
});
