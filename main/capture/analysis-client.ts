// The main-thread side of the analysis worker: one worker thread, requests matched to replies by id,
// started lazily and restarted after a crash. Frames queue here rather than in the worker, and the
// preview loop asks for one frame at a time, so the queue never grows.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { KioskError } from '../errors';
import { kioskMessage, type KioskMessage } from '../../shared/kiosk-message';
import type { DocumentType, QualityVerdict } from '../../shared/domain';
import type { CapturedImage, PreviewFrameInput } from './device';
import type { FrameAnalysis } from './frame-analysis';
import type { AssessOptions } from './quality-verdict';
import type { PreparedStill } from './prepared-still';

/** A live-preview frame, or a stored still whose quality verdict (card search included) is wanted. */
export type AnalysisRequest =
  | { id: number; kind: 'frame'; input: PreviewFrameInput; checkCard: boolean; documentType?: DocumentType }
  | { id: number; kind: 'still'; jpeg: Uint8Array; opts: AssessOptions }
  | { id: number; kind: 'prepare'; jpeg: Uint8Array; width: number; height: number; opts: AssessOptions }
  | { id: number; kind: 'warm' };

/** Reply to a 'warm' request: whether the opencv.js line finder (cluttered counters) is available. */
export interface WarmUp {
  linesFinder: boolean;
}

export type AnalysisReply = { id: number; ok: true; result: FrameAnalysis | QualityVerdict | PreparedStill | WarmUp } | { id: number; ok: false; message: string; sentence?: KioskMessage | string };

/** The worker's first message: its modules are loaded and it listens for requests. */
export interface WorkerReady {
  ready: true;
}

type RequestBody = AnalysisRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export const PREVIEW_UNAVAILABLE = kioskMessage('preview_unavailable');

/**
 * Where the worker's code is: the built bundle has out/main/analysis-worker.js (an electron-vite main
 * input, next to index.js / web.js, while this module may sit in out/main/chunks); from sources, the
 * tsx bootstrap next to this file.
 */
export function analysisWorkerPath(here = import.meta.dirname): string | null {
  const candidates = [join(here, 'analysis-worker.js'), join(here, '..', 'analysis-worker.js'), join(here, 'analysis-worker-boot.mjs')];
  return candidates.find((p) => existsSync(p)) ?? null;
}

export class AnalysisClient {
  private worker: Worker | null = null;
  /**
   * Requests sent to a worker that is still starting: their frame timeout starts only once it is ready.
   * Loading the worker's modules (sharp, the card finder; from sources, compiling them) takes seconds on a
   * busy branch PC, and is not a frame that is stuck.
   */
  private waitingForReady: (() => void)[] = [];
  private startupTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private closed = false;

  constructor(
    private readonly opts: {
      workerPath?: string | null;
      /** Per request, from the moment the worker is ready. */
      timeoutMs?: number;
      /** For a new worker to load its modules and say it is ready. */
      startupTimeoutMs?: number;
      log?: (level: 'warn' | 'error', message: string, e?: unknown) => void;
    } = {},
  ) {}

  /** `documentType` tells the card finder which outline shape to expect (card-finder.ts); optional. */
  async analyse(input: PreviewFrameInput, checkCard: boolean, documentType?: DocumentType): Promise<FrameAnalysis> {
    const result = (await this.send({ kind: 'frame', input, checkCard, ...(documentType ? { documentType } : {}) })) as FrameAnalysis;
    // Structured clone turns the Buffer into a plain Uint8Array.
    return { ...result, jpeg: Buffer.from(result.jpeg.buffer, result.jpeg.byteOffset, result.jpeg.byteLength) };
  }

  /** The quality verdict of a stored still, computed in the worker so the card search never holds up the main loop. */
  async assessStill(jpeg: Buffer, opts: AssessOptions): Promise<QualityVerdict> {
    return (await this.send({ kind: 'still', jpeg, opts })) as QualityVerdict;
  }

  /** The still to keep (a camera's cut down to the card and straightened) and its verdict, prepared in the worker. */
  async prepareStill(still: CapturedImage, opts: AssessOptions): Promise<PreparedStill> {
    const result = (await this.send({ kind: 'prepare', jpeg: still.jpeg, width: still.width, height: still.height, opts })) as PreparedStill;
    const jpeg = result.image.jpeg;
    return { ...result, image: { ...result.image, jpeg: Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength) } };
  }

  /**
   * Starts the worker and waits for opencv.js to finish loading in it (frames are analysed meanwhile with
   * the desk-colour finder only). Optional: the worker warms up by itself; this is for a caller that wants
   * to know, such as a test, or a kiosk start-up that wants the first counter frame fully analysed.
   */
  async warmUp(): Promise<WarmUp> {
    return (await this.send({ kind: 'warm' })) as WarmUp;
  }

  private send(body: RequestBody): Promise<unknown> {
    if (this.closed) return Promise.reject(new KioskError('device_error', PREVIEW_UNAVAILABLE));
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (e) {
      return Promise.reject(e instanceof KioskError ? e : new KioskError('device_error', PREVIEW_UNAVAILABLE, { cause: e }));
    }
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        if (!this.pending.has(id)) return;
        timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new KioskError('device_error', kioskMessage('preview_stopped')));
          // A frame that takes this long means a stuck worker: start a fresh one for the next frame.
          void this.restart();
        }, this.opts.timeoutMs ?? 10_000);
      };
      this.pending.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      if (this.startupTimer) this.waitingForReady.push(arm);
      else arm();
      const request = { id, ...body } as AnalysisRequest;
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.restart();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const path = this.opts.workerPath === undefined ? analysisWorkerPath() : this.opts.workerPath;
    if (!path) throw new KioskError('device_error', PREVIEW_UNAVAILABLE);
    // A runaway frame must not take the kiosk's memory with it (a worker shares the process).
    const worker = new Worker(path, { resourceLimits: { maxOldGenerationSizeMb: 256 } });
    worker.unref();
    // Requests posted before the worker listens wait in its port; their clocks wait for this message.
    this.startupTimer = setTimeout(() => {
      if (this.worker !== worker) return;
      this.opts.log?.('error', `analysis worker not ready after ${this.opts.startupTimeoutMs ?? 60_000} ms`);
      void this.restart();
    }, this.opts.startupTimeoutMs ?? 60_000);
    this.startupTimer.unref();
    worker.on('message', (reply: AnalysisReply | WorkerReady) => {
      if ('ready' in reply) {
        if (this.worker === worker) this.markReady();
        return;
      }
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.result);
      else {
        const sentence = reply.sentence ?? kioskMessage('preview_unreadable');
        p.reject(new KioskError('device_error', sentence, { cause: new Error(reply.message) }));
      }
    });
    const fail = (e: unknown) => {
      this.opts.log?.('error', 'analysis worker stopped', e);
      if (this.worker !== worker) return;
      this.worker = null;
      this.forgetStartup();
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new KioskError('device_error', kioskMessage('preview_stopped'), { cause: e }));
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(new Error(`analysis worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private markReady(): void {
    const waiting = this.waitingForReady;
    this.forgetStartup();
    for (const arm of waiting) arm();
  }

  private forgetStartup(): void {
    if (this.startupTimer) clearTimeout(this.startupTimer);
    this.startupTimer = null;
    this.waitingForReady = [];
  }

  private async restart(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.forgetStartup();
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new KioskError('device_error', PREVIEW_UNAVAILABLE));
    }
    if (w) await w.terminate();
  }
}
