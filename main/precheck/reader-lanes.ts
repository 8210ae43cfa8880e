// One MRZ reader (one warmed OCR engine) shared by the teller's precheck and the training sandboxes.
// The engine reads one image at a time, so the two uses queue. The teller's precheck goes first — a
// customer is waiting at the counter — but a sandbox judgement is never starved: once it has watched
// `maxSkips` precheck reads overtake it, it runs next.
import type { MrzReader, MrzReadResult } from './mrz-ocr';

export type ReadLane = 'precheck' | 'sandbox';

export interface LanedMrzReader {
  /** The reader for a lane: same engine, that lane's priority. */
  lane(lane: ReadLane): Pick<MrzReader, 'read'>;
  /** Waits for queued reads to finish, then closes the underlying reader. */
  close(): Promise<void>;
}

interface Job {
  image: Buffer;
  skipped: number;
  resolve(r: MrzReadResult): void;
  reject(e: unknown): void;
}

export function createLanedReader(reader: Promise<MrzReader> | MrzReader, options: { maxSkips?: number } = {}): LanedMrzReader {
  const maxSkips = options.maxSkips ?? 2;
  const queues: Record<ReadLane, Job[]> = { precheck: [], sandbox: [] };
  let running = false;
  let closed = false;
  let idle: Promise<void> = Promise.resolve();
  let markIdle: () => void = () => {};

  const next = (): Job | undefined => {
    const waiting = queues.sandbox[0];
    if (waiting && (waiting.skipped >= maxSkips || queues.precheck.length === 0)) return queues.sandbox.shift();
    const job = queues.precheck.shift();
    if (job && waiting) waiting.skipped++;
    return job;
  };

  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    idle = new Promise((r) => (markIdle = r));
    try {
      for (let job = next(); job; job = next()) {
        try {
          job.resolve(await (await reader).read(job.image));
        } catch (e) {
          job.reject(e);
        }
      }
    } finally {
      running = false;
      markIdle();
    }
  };

  return {
    lane: (lane) => ({
      read: (image) =>
        new Promise<MrzReadResult>((resolve, reject) => {
          if (closed) return reject(new Error('the MRZ reader is closed'));
          queues[lane].push({ image, skipped: 0, resolve, reject });
          void pump();
        }),
    }),
    async close() {
      closed = true;
      await idle;
      try {
        await (await reader).close();
      } catch {
        // The engine never started (already reported when it failed): nothing to close.
      }
    },
  };
}
