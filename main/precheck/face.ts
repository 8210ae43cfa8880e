// Face presence for the precheck: the client side of the face worker thread. The detector
// (BlazeFace on the WASM backend, model shipped in the npm package) is started and warmed at kiosk start
// in its own thread; checks are queued one at a time there. If the worker cannot start, checks fail with
// a clear error and the precheck says the face could not be checked — the capture itself is never lost.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FacePrecheck } from '../../shared/precheck';
import type { DetectedFace } from './face-detect';
import { judgeFaces } from './face-rules';
import type { FaceChecker } from './service';

export interface FaceRequest {
  id: number;
  jpeg: Uint8Array;
  /** Optional region (fractions x, y, w, h) to look in. */
  region?: [number, number, number, number];
}
export type FaceReply = { id: number; ok: true; faces: DetectedFace[] } | { id: number; ok: false; message: string };

/** ICAO 9303 data pages (TD1 front, TD2, TD3) carry the portrait in the left part of the page. */
const PORTRAIT_REGION: [number, number, number, number] = [0, 0.1, 0.5, 0.9];

export function faceWorkerPath(here = import.meta.dirname): string | null {
  const candidates = [join(here, 'face-worker.js'), join(here, '..', 'face-worker.js'), join(here, 'face-worker-boot.mjs')];
  return candidates.find((p) => existsSync(p)) ?? null;
}

export interface FaceCheckerHandle extends FaceChecker {
  /** Resolves once the detector is loaded and warm (rejects if it cannot start). */
  ready: Promise<void>;
  /** Raw detections (the benchmark and tests look at scores). */
  detect(jpeg: Buffer, region?: [number, number, number, number]): Promise<DetectedFace[]>;
  close(): Promise<void>;
}

export function createFaceChecker(options: { workerPath?: string | null; timeoutMs?: number } = {}): FaceCheckerHandle {
  const path = options.workerPath === undefined ? faceWorkerPath() : options.workerPath;
  const pending = new Map<number, { resolve: (f: DetectedFace[]) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let closed = false;
  let worker: Worker | null = null;
  let failure: Error | null = null;

  const failAll = (e: Error) => {
    failure = failure ?? e;
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(e);
    }
  };

  const ready = new Promise<void>((resolve, reject) => {
    if (!path) return reject(new Error('the face worker file is missing from this build'));
    // The model and WASM heap stay well under this; a runaway image must not take the kiosk with it.
    worker = new Worker(path, { resourceLimits: { maxOldGenerationSizeMb: 512 } });
    worker.unref();
    worker.on('message', (reply: FaceReply) => {
      if (reply.id === 0) return reply.ok ? resolve() : reject(new Error(reply.message));
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.faces);
      else p.reject(new Error(reply.message));
    });
    worker.on('error', (e) => {
      reject(e);
      failAll(e);
    });
    worker.on('exit', (code) => {
      const e = new Error(`face worker exited with code ${code}`);
      reject(e);
      failAll(e);
    });
  });
  ready.catch(() => {}); // reported through check()/detect()

  const detect = async (jpeg: Buffer, region?: [number, number, number, number]): Promise<DetectedFace[]> => {
    if (closed) throw new Error('the face checker is closed');
    await ready;
    if (failure) throw failure;
    const id = nextId++;
    return new Promise<DetectedFace[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error('face detection timed out'));
      }, options.timeoutMs ?? 30_000);
      pending.set(id, {
        resolve: (f) => (clearTimeout(timer), resolve(f)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      const request: FaceRequest = { id, jpeg, ...(region ? { region } : {}) };
      worker!.postMessage(request);
    });
  };

  return {
    ready,
    detect,
    async check(jpeg, target): Promise<FacePrecheck> {
      if (target === 'selfie') return judgeFaces(await detect(jpeg), 'selfie');
      // A portrait is small on a whole page: look at the page, then at its portrait zone, keep the best.
      const whole = judgeFaces(await detect(jpeg), target);
      return whole.ok ? whole : judgeFaces(await detect(jpeg, PORTRAIT_REGION), target);
    },
    async close() {
      closed = true;
      failAll(new Error('the face checker is closed'));
      if (worker) await worker.terminate();
    },
  };
}
