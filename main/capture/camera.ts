// Webcams on Linux through fswebcam, the binary node-webcam uses on Linux (node-webcam's platform
// mapping: fswebcam / imagesnap / CommandCam). We call fswebcam ourselves instead of through node-webcam:
//  - node-webcam concatenates options into a shell command string (`exec`): a device or option value
//    containing a space or `;` is split or executed by the shell;
//  - its in-memory capture returns an empty buffer, so it must write a file and read it back;
//  - fswebcam exits 0 even when it captured nothing, and node-webcam then reports success.
// So: execFile with an argv array (no shell), device paths only from enumerating /dev/video*, options
// validated as numbers / allow-listed palettes, JPEG read from stdout, and failure decided from the output
// itself (JPEG magic bytes) with fswebcam's stderr turned into a teller sentence.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Device } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage, type KioskMessage } from '../../shared/kiosk-message';
import type { CaptureDevice, CapturedImage, CaptureRequest, DeviceSource, PreviewFeed } from './device';
import { DEFAULT_CAMERA_SETTINGS, PALETTES, type CameraSettings } from './camera-settings';

export { DEFAULT_CAMERA_SETTINGS, PALETTES, type CameraSettings, type Palette } from './camera-settings';

export const CAMERA_ID_PREFIX = 'camera:';

/** A camera as enumerated: `source` is the exact fswebcam device argument. */
export interface CameraEntry {
  id: string;
  label: string;
  source: string;
  settings?: Partial<CameraSettings>;
}

export interface FswebcamOptions {
  fswebcam?: string;
  timeoutMs?: number;
  /** Where to look for video nodes (default /dev) and their names (default /sys/class/video4linux). */
  devDir?: string;
  sysDir?: string;
  settings?: Partial<CameraSettings>;
  /**
   * Extra sources from configuration or tests, e.g. `{ id: 'camera:test', label: 'Test pattern', source: 'TEST' }`
   * or `RAW:<file>` with palette RGB24. Never from the renderer.
   */
  extraCameras?: readonly CameraEntry[];
}

function checkInt(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${v}`);
  return v;
}

/** The fswebcam argv for one still (exported for unit tests). Throws on any option that is not a valid number. */
export function buildFswebcamArgs(source: string, s: CameraSettings): string[] {
  if (source.startsWith('-')) throw new RangeError('camera source cannot start with "-"');
  const args = [
    '-q', // only errors on stderr (we parse them)
    '-d',
    source,
    '-r',
    `${checkInt('width', s.width, 16, 7680)}x${checkInt('height', s.height, 16, 4320)}`,
    '-S',
    String(checkInt('skipFrames', s.skipFrames, 0, 100)),
    '--no-banner',
    '--jpeg',
    String(checkInt('jpegQuality', s.jpegQuality, 1, 100)),
  ];
  if (s.palette !== undefined) {
    if (!PALETTES.includes(s.palette)) throw new RangeError(`unknown palette ${String(s.palette)}`);
    args.push('-p', s.palette);
  }
  args.push('-'); // JPEG to stdout: no temporary file to clean up or leak
  return args;
}

/** fswebcam colours its errors with ANSI escape codes (ESC [ … m). */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const plain = (s: string): string => s.replace(ANSI_COLOUR, '').trim();

/** The teller's sentences for camera failures, as catalogue messages (shown in the teller's language). */
export const CAMERA_MESSAGES = {
  unplugged: kioskMessage('camera_unplugged'),
  inUse: kioskMessage('camera_in_use'),
  noPicture: kioskMessage('camera_no_picture'),
  notCamera: kioskMessage('camera_not_camera'),
  denied: kioskMessage('camera_denied'),
  missing: kioskMessage('camera_software_missing', { software: 'fswebcam' }),
  timeout: kioskMessage('camera_timeout'),
  cancelled: kioskMessage('capture_cancelled'),
  // macOS (imagesnap) and Windows (CommandCam), see imagesnap.ts and commandcam.ts.
  noCamera: kioskMessage('camera_none_found'),
  deniedMac: kioskMessage('camera_denied_mac'),
  deniedWindows: kioskMessage('camera_denied_windows'),
  missingImagesnap: kioskMessage('camera_software_missing', { software: 'imagesnap' }),
  missingCommandCam: kioskMessage('camera_software_missing', { software: 'CommandCam' }),
} as const satisfies Record<string, KioskMessage>;

/** The teller's sentence for fswebcam's error output (which comes with exit status 0). */
export function cameraErrorMessage(stderr: string): KioskMessage {
  const s = plain(stderr);
  if (/busy/i.test(s)) return CAMERA_MESSAGES.inUse;
  if (/permission denied/i.test(s)) return CAMERA_MESSAGES.denied;
  if (/no such (file|device)/i.test(s)) return CAMERA_MESSAGES.unplugged;
  if (/not a v4l2? device|unable to find a source module|unknown file format|inappropriate ioctl|palette/i.test(s)) return CAMERA_MESSAGES.notCamera;
  return CAMERA_MESSAGES.noPicture;
}

export async function grabFrame(
  binary: string,
  source: string,
  settings: CameraSettings,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const args = buildFswebcamArgs(source, settings);
  return new Promise((resolve, reject) => {
    execFile(binary, args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs, signal, windowsHide: true }, (err, stdout, stderrBuf) => {
      const stderr = plain(stderrBuf.toString('utf8'));
      const fail = (message: KioskMessage): void => reject(new KioskError('device_error', message, { cause: new Error(stderr || err?.message) }));
      if (err) {
        const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
        if (e.code === 'ENOENT') return fail(CAMERA_MESSAGES.missing);
        if (e.name === 'AbortError' || signal?.aborted) return fail(CAMERA_MESSAGES.cancelled);
        if (e.killed && !e.signal?.startsWith('SIGABRT')) return fail(CAMERA_MESSAGES.timeout);
        // fswebcam also crashes (double free) on some unreadable sources; its stderr still says why.
        return fail(cameraErrorMessage(stderr));
      }
      // Exit status 0 proves nothing: only a JPEG on stdout is success.
      if (stdout.length < 4 || stdout[0] !== 0xff || stdout[1] !== 0xd8) return fail(cameraErrorMessage(stderr));
      resolve(stdout);
    });
  });
}

class FswebcamCamera implements CaptureDevice {
  readonly info: Device;
  private busy = false;

  constructor(
    private readonly entry: CameraEntry,
    private readonly opts: { fswebcam: string; timeoutMs: number; settings: CameraSettings },
  ) {
    this.info = { id: entry.id, kind: 'camera', label: entry.label, specimen: false };
  }

  async capture(request: CaptureRequest): Promise<CapturedImage> {
    if (this.busy) throw new KioskError('device_error', kioskMessage('camera_busy', { device: this.info.label }));
    this.busy = true;
    try {
      const settings = { ...this.opts.settings, ...this.entry.settings };
      const jpeg = await grabFrame(this.opts.fswebcam, this.entry.source, settings, this.opts.timeoutMs, request.signal);
      // Dimensions are read by normalizeImage in DeviceRegistry (the camera may not honour -r exactly).
      return { jpeg, width: 0, height: 0 };
    } finally {
      this.busy = false;
    }
  }

  /**
   * Live preview: one fswebcam run per frame at 640 × 480 (fswebcam has no sub-second loop mode), made by
   * the analysis worker (see frame-analysis.ts). Sources with a configured size (RAW:<file> test sources)
   * keep it, since a raw file's frame size is fixed; the analysis scales those down. Warm-up frames only on
   * the first frame: later runs reuse the settled exposure.
   */
  async openPreview(_request: CaptureRequest): Promise<PreviewFeed> {
    const fixedSize = this.entry.settings?.width !== undefined;
    let first = true;
    return {
      next: async (signal?: AbortSignal) => {
        signal?.throwIfAborted();
        const settings: CameraSettings = {
          ...this.opts.settings,
          ...this.entry.settings,
          ...(fixedSize ? {} : { width: 640, height: 480 }),
          skipFrames: first ? Math.min(3, this.opts.settings.skipFrames) : 0,
          jpegQuality: 80,
        };
        buildFswebcamArgs(this.entry.source, settings); // refuse bad settings here, with a stack that says where
        first = false;
        return { kind: 'fswebcam', binary: this.opts.fswebcam, source: this.entry.source, settings, timeoutMs: this.opts.timeoutMs };
      },
    };
  }
}

/** Video capture nodes under devDir, named from sysfs when available (metadata nodes of UVC cameras skipped). */
export async function enumerateVideoDevices(devDir = '/dev', sysDir = '/sys/class/video4linux'): Promise<CameraEntry[]> {
  let names: string[];
  try {
    names = (await readdir(devDir)).filter((n) => /^video\d+$/.test(n));
  } catch {
    return [];
  }
  names.sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  const out: CameraEntry[] = [];
  for (const name of names) {
    const read = async (file: string): Promise<string | null> => readFile(join(sysDir, name, file), 'utf8').then((s) => s.trim(), () => null);
    // A UVC camera exposes a capture node (index 0) and a metadata node (index 1); only the first takes pictures.
    const index = await read('index');
    if (index !== null && index !== '0') continue;
    const label = (await read('name')) ?? 'Camera';
    const path = join(devDir, name);
    out.push({ id: CAMERA_ID_PREFIX + path, label: `${label} (${path})`, source: path });
  }
  return out;
}

export class FswebcamSource implements DeviceSource {
  readonly name = 'fswebcam';
  private readonly opts: Required<Omit<FswebcamOptions, 'settings' | 'extraCameras'>> & { settings: CameraSettings; extraCameras: readonly CameraEntry[] };

  constructor(opts: FswebcamOptions = {}) {
    const settings = { ...DEFAULT_CAMERA_SETTINGS, ...opts.settings };
    buildFswebcamArgs('/dev/video0', settings); // validate the configuration once, at start-up
    this.opts = {
      fswebcam: opts.fswebcam ?? 'fswebcam',
      timeoutMs: opts.timeoutMs ?? 20_000,
      devDir: opts.devDir ?? '/dev',
      sysDir: opts.sysDir ?? '/sys/class/video4linux',
      settings,
      extraCameras: opts.extraCameras ?? [],
    };
  }

  /** Device objects kept across refreshes, so a capture in progress stays "busy" for a re-listed camera. */
  private readonly known = new Map<string, FswebcamCamera>();

  async list(): Promise<CaptureDevice[]> {
    const entries = [...(await enumerateVideoDevices(this.opts.devDir, this.opts.sysDir)), ...this.opts.extraCameras];
    return entries.map((e) => {
      const key = `${e.id}\0${e.source}`;
      let cam = this.known.get(key);
      if (!cam) {
        cam = new FswebcamCamera(e, this.opts);
        this.known.set(key, cam);
      }
      return cam;
    });
  }
}
