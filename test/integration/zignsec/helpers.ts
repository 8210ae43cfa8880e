// Shared helpers for the ZignSec integration tests: synthetic images and a step driver that plays
// the sync worker's part (persist progress, call step again) without the worker itself.
import sharp from 'sharp';
import type { CaptureSide, DocumentType } from '../../../shared/domain';
import { ProviderError, type ProviderAdapter, type ProviderProgress, type StepResult, type SyncJob } from '../../../main/providers/provider';

/** A synthetic document-like image: text and lines on a light card, clearly marked SPECIMEN. */
export async function specimenImage(opts: { width?: number; height?: number; format?: 'jpeg' | 'png'; label?: string } = {}): Promise<Buffer> {
  const width = opts.width ?? 1250;
  const height = opts.height ?? 880;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#eef2e6"/>
    <rect x="40" y="120" width="${Math.round(width * 0.25)}" height="${Math.round(height * 0.45)}" fill="#9aa"/>
    <text x="${Math.round(width * 0.35)}" y="160" font-size="44" font-family="sans-serif" fill="#222">SPECIMEN ${opts.label ?? 'DOCUMENT'}</text>
    <text x="${Math.round(width * 0.35)}" y="240" font-size="32" font-family="sans-serif" fill="#333">TEST DATA ONLY</text>
    <text x="40" y="${height - 120}" font-size="36" font-family="OCR B, monospace" fill="#000">P&lt;UTOSPECIMEN&lt;&lt;TEST&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;&lt;</text>
    <text x="40" y="${height - 60}" font-size="36" font-family="OCR B, monospace" fill="#000">L898902C36UTO7408122F1204159ZE184226B&lt;&lt;&lt;&lt;&lt;10</text>
  </svg>`;
  const img = sharp(Buffer.from(svg));
  return opts.format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 90 }).toBuffer();
}

export const blankImage = (): Promise<Buffer> =>
  sharp({ create: { width: 1000, height: 700, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();

export interface CaptureInput {
  id: string;
  side: CaptureSide;
  image: Buffer;
}

export function makeJob(verificationId: string, documentType: DocumentType, captures: CaptureInput[], locale = 'en'): SyncJob {
  return {
    verificationId,
    documentType,
    locale,
    captures: captures.map((c) => ({ id: c.id, side: c.side, bytes: c.image.length, load: () => c.image })),
  };
}

export const noCtx = () => ({ onBytes: () => undefined, signal: new AbortController().signal });

export interface DriveResult {
  final: Extract<StepResult, { kind: 'final' }>;
  steps: string[];
  errors: ProviderError[];
}

/**
 * Calls step() until final, persisting progress between calls like the worker. Retryable errors are
 * retried (the test's fault plans are bounded); any other ProviderError is rethrown. `waitMs` is
 * honoured only up to `maxWaitMs` so tests stay fast.
 */
export async function drive(
  adapter: ProviderAdapter,
  job: SyncJob,
  opts: { progress?: ProviderProgress; maxSteps?: number; maxWaitMs?: number; onStep?: (r: StepResult) => void } = {},
): Promise<DriveResult> {
  let progress: ProviderProgress = opts.progress ?? {};
  const steps: string[] = [];
  const errors: ProviderError[] = [];
  for (let i = 0; i < (opts.maxSteps ?? 200); i++) {
    let r: StepResult;
    try {
      r = await adapter.step(job, progress, noCtx());
    } catch (e) {
      if (e instanceof ProviderError && e.kind === 'retryable') {
        errors.push(e);
        continue;
      }
      throw e;
    }
    steps.push(r.step);
    opts.onStep?.(r);
    progress = r.progress;
    if (r.kind === 'final') return { final: r, steps, errors };
    if (r.waitMs) await new Promise((res) => setTimeout(res, Math.min(r.waitMs!, opts.maxWaitMs ?? 20)));
  }
  throw new Error(`No final result after ${opts.maxSteps ?? 200} steps: ${steps.join(' → ')}`);
}
