// What the macOS (imagesnap) and Windows (CommandCam) camera backends share: both are one-shot programs
// that open the camera, wait for the exposure to settle, write ONE picture to a file and exit. So: run the
// binary with execFile and an argv array (never a shell), into a private temporary directory, read the file
// back, and decide success from the bytes in it, not from the exit status.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Device } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage, type KioskMessage } from '../../shared/kiosk-message';
import type { CaptureDevice, CapturedImage, CaptureRequest } from './device';

/** What a finished camera program left behind (exit status, output, or why it did not finish). */
export interface ProcessOutcome {
  stdout: string;
  stderr: string;
  /** Exit code, or null when killed by a signal or never started. */
  code: number | null;
  signal: string | null;
  /** Set when the program could not run or did not finish (ENOENT, timeout, abort). */
  failure?: 'missing' | 'timeout' | 'cancelled';
}

/** Runs a camera program; resolves with everything it printed, whatever its exit status. */
export function runCameraProgram(binary: string, args: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    execFile(binary, args, { encoding: 'utf8', timeout: timeoutMs, signal, windowsHide: true, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      const out: ProcessOutcome = { stdout: String(stdout), stderr: String(stderr), code: 0, signal: null };
      if (!err) return resolve(out);
      const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: NodeJS.Signals | null; code?: string | number };
      out.code = typeof e.code === 'number' ? e.code : null;
      out.signal = e.signal ?? null;
      if (e.code === 'ENOENT' || e.code === 'EACCES') out.failure = 'missing';
      else if (e.name === 'AbortError' || signal?.aborted) out.failure = 'cancelled';
      else if (e.killed && (e.signal === 'SIGTERM' || e.signal == null)) out.failure = 'timeout';
      resolve(out);
    });
  });
}

/** JPEG files start with the SOI marker FF D8 FF. */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/**
 * A camera name as the program listed it, safe to hand back to it as one argv element: printable, of a
 * sane length, and not option-like (imagesnap treats every argument starting with "-" as a switch).
 */
export function isSafeCameraName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && name.length <= 200 && !name.startsWith('-') && !/[\u0000-\u001f\u007f]/.test(name);
}

/** A device id (DeviceId: [A-Za-z0-9:._/-]) for a camera name, stable across runs; names have spaces. */
export function cameraNameId(prefix: string, name: string): string {
  return prefix + createHash('sha256').update(name).digest('hex').slice(0, 16);
}

/** A fresh private directory (mode 0700 on POSIX, the user's profile ACL on Windows), removed afterwards. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function cameraError(message: KioskMessage, outcome?: ProcessOutcome): KioskError {
  const detail = outcome ? `exit ${outcome.code ?? outcome.signal ?? '?'}: ${(outcome.stderr || outcome.stdout).trim().slice(0, 500)}` : undefined;
  return new KioskError('device_error', message, detail ? { cause: new Error(detail) } : undefined);
}

/** A camera that takes one picture per program run; one run at a time per camera. */
export class OneShotCamera implements CaptureDevice {
  readonly info: Device;
  private busy = false;

  constructor(
    id: string,
    label: string,
    private readonly take: (request: CaptureRequest) => Promise<Buffer>,
  ) {
    this.info = { id, kind: 'camera', label, specimen: false };
  }

  // No openPreview: each picture costs a program start plus a warm-up of a second or more (the camera is
  // opened and closed every run), far from the preview's 5 frames/s; the teller uses the capture button.
  async capture(request: CaptureRequest): Promise<CapturedImage> {
    if (this.busy) throw new KioskError('device_error', kioskMessage('camera_busy', { device: this.info.label }));
    this.busy = true;
    try {
      // Dimensions are read by normalizeImage in DeviceRegistry.
      return { jpeg: await this.take(request), width: 0, height: 0 };
    } finally {
      this.busy = false;
    }
  }
}
