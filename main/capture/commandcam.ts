// Webcams on Windows through CommandCam.exe, the binary node-webcam maps Windows to (WindowsWebcam.js:
// `CommandCam.exe /delay <ms> /devnum <n> /filename <file>` as a shell string, `/devlist` for the list).
// Called here with execFile and an argv array instead (see camera.ts), and with CommandCam's own limits
// (node-webcam/src/bindings/CommandCam/CommandCam.cpp):
//  - it copies /filename and /devname into 100-byte buffers with strcpy: a longer value overflows them. We
//    never pass /devname; the file is a short name in a fresh temp directory, its length checked;
//  - /devnum counts from 1 in DirectShow's enumeration order, which can change when a camera comes or goes,
//    so the "Capture device: NAME" line it prints must name the camera the teller chose, else the picture
//    is thrown away;
//  - everything it says goes to stderr: "Available capture devices:" then one FriendlyName per line
//    ("No devices found" / "No video devices found" when none), "Video capture device N not found",
//    "Error: <HRESULT as unsigned decimal>" + "Could not run filter graph" when the camera cannot start;
//  - it writes a 24-bit BMP (sample grabber RGB24), which bmp.ts decodes and sharp turns into a JPEG.
// Not runnable on the Linux CI: argument building and output parsing are unit-tested, and the process
// handling runs against a fake CommandCam.exe script (test/integration/capture/oneshot-cameras.test.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { CaptureDevice, CaptureRequest, DeviceSource } from './device';
import { decodeBmp } from './bmp';
import type { KioskMessage } from '../../shared/kiosk-message';
import { CAMERA_ID_PREFIX, CAMERA_MESSAGES } from './camera';
import { cameraError, cameraNameId, isJpeg, isSafeCameraName, OneShotCamera, runCameraProgram, withTempDir, type ProcessOutcome } from './camera-oneshot';

export const COMMANDCAM_ID_PREFIX = `${CAMERA_ID_PREFIX}win:`;
export const COMMANDCAM_LIST_ARGS = ['/devlist'];
/** CommandCam's filename buffer is char[100], NUL included. */
export const COMMANDCAM_MAX_PATH = 99;

/** HRESULTs (as CommandCam prints them, unsigned decimal) a teller can act on. */
const E_ACCESSDENIED = 0x80070005;
const ERROR_BUSY = 0x800700aa; // "The requested resource is in use."

export interface CommandCamOptions {
  /** Path of CommandCam.exe (default: found on PATH). */
  exe?: string;
  /** Milliseconds the camera runs before the frame is grabbed (exposure settles), 1..10000. */
  delayMs?: number;
  timeoutMs?: number;
  jpegQuality?: number;
}

export interface CommandCamDevice {
  /** 1-based position in DirectShow's enumeration, CommandCam's /devnum. */
  devnum: number;
  name: string;
}

/** Cameras from `CommandCam /devlist` (its stderr), numbered as CommandCam numbers them. */
export function parseCommandCamList(stderr: string): CommandCamDevice[] {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim());
  const start = lines.findIndex((l) => l === 'Available capture devices:');
  if (start < 0) return [];
  const out: CommandCamDevice[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line || /^No (video )?devices found$/i.test(line)) continue;
    // Every listed line counts towards /devnum, even a name we will not offer (the numbering must match).
    out.push({ devnum: out.length + 1, name: line });
  }
  return out.filter((d) => isSafeCameraName(d.name));
}

/** The CommandCam argv for one picture (exported for unit tests). Throws on anything not validated. */
export function buildCommandCamArgs(devnum: number, outFile: string, delayMs: number): string[] {
  if (!Number.isInteger(devnum) || devnum < 1 || devnum > 64) throw new RangeError(`camera number out of range: ${devnum}`);
  if (!Number.isInteger(delayMs) || delayMs < 1 || delayMs > 10_000) throw new RangeError(`delay must be 1 to 10000 ms, got ${delayMs}`);
  // Leading quote: CommandCam "trims inverted commas" with a broken strncat; non-ASCII: it uses the ANSI API.
  if (!/\.bmp$/i.test(outFile) || outFile.startsWith('"') || !/^[\x20-\x7e]+$/.test(outFile)) throw new RangeError('output must be a plain .bmp path');
  if (outFile.length > COMMANDCAM_MAX_PATH) throw new RangeError(`output path longer than CommandCam's ${COMMANDCAM_MAX_PATH} characters`);
  return ['/devnum', String(devnum), '/delay', String(delayMs), '/filename', outFile];
}

/** The camera CommandCam opened ("Capture device: NAME"), if it got that far. */
export function commandCamUsedDevice(stderr: string): string | null {
  return /^Capture device: (.*)$/m.exec(stderr)?.[1]?.trim() ?? null;
}

/** The teller's sentence for a run that produced no picture (exported for unit tests). */
export function commandCamFailureMessage(o: ProcessOutcome): KioskMessage {
  if (o.failure === 'missing') return CAMERA_MESSAGES.missingCommandCam;
  if (o.failure === 'cancelled') return CAMERA_MESSAGES.cancelled;
  if (o.failure === 'timeout') return CAMERA_MESSAGES.timeout;
  const text = o.stderr;
  const hr = /^Error: (\d+)$/m.exec(text);
  const code = hr ? Number(hr[1]) >>> 0 : null;
  if (code === E_ACCESSDENIED) return CAMERA_MESSAGES.deniedWindows;
  if (code === ERROR_BUSY) return CAMERA_MESSAGES.inUse;
  if (/^Video capture device .* not found$/m.test(text)) return CAMERA_MESSAGES.unplugged;
  if (/^No (video )?devices found$/m.test(text)) return CAMERA_MESSAGES.noCamera;
  // The graph cannot start when another program holds the camera (DirectShow cameras are exclusive).
  if (/Could not run filter graph|Could not render capture video stream/.test(text)) return CAMERA_MESSAGES.inUse;
  return CAMERA_MESSAGES.noPicture;
}

export class CommandCamSource implements DeviceSource {
  readonly name = 'commandcam';
  private readonly exe: string;
  private readonly delayMs: number;
  private readonly timeoutMs: number;
  private readonly jpegQuality: number;
  /** Device objects kept across refreshes (a capture in progress stays "busy"); numbers as last listed. */
  private readonly cams = new Map<string, OneShotCamera>();
  private readonly current = new Map<string, CommandCamDevice>();

  constructor(opts: CommandCamOptions = {}) {
    this.exe = opts.exe ?? 'CommandCam.exe';
    this.delayMs = opts.delayMs ?? 2000;
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    this.jpegQuality = opts.jpegQuality ?? 92;
    if (!Number.isInteger(this.jpegQuality) || this.jpegQuality < 1 || this.jpegQuality > 100) throw new RangeError(`JPEG quality out of range: ${this.jpegQuality}`);
    buildCommandCamArgs(1, 'x.bmp', this.delayMs); // refuse a bad configuration at start-up
  }

  async list(): Promise<CaptureDevice[]> {
    const o = await runCameraProgram(this.exe, COMMANDCAM_LIST_ARGS, 15_000);
    const seen = new Map<string, number>();
    this.current.clear(); // a camera missing from this listing is unplugged
    return parseCommandCamList(o.stderr).map((device) => {
      // Two cameras of the same model share a name: the n-th of that name is its identity.
      const nth = (seen.get(device.name) ?? 0) + 1;
      seen.set(device.name, nth);
      const id = cameraNameId(COMMANDCAM_ID_PREFIX, `${device.name}#${nth}`);
      this.current.set(id, device); // its number may have moved since the last listing
      let cam = this.cams.get(id);
      if (!cam) {
        cam = new OneShotCamera(id, nth > 1 ? `${device.name} (${nth})` : device.name, (request) => this.take(id, request));
        this.cams.set(id, cam);
      }
      return cam;
    });
  }

  private take(id: string, request: CaptureRequest): Promise<Buffer> {
    const device = this.current.get(id);
    if (!device) return Promise.reject(cameraError(CAMERA_MESSAGES.unplugged));
    return withTempDir('kc-', async (dir) => {
      const file = join(dir, 'f.bmp');
      const o = await runCameraProgram(this.exe, buildCommandCamArgs(device.devnum, file, this.delayMs), this.timeoutMs + this.delayMs, request.signal);
      const used = commandCamUsedDevice(o.stderr);
      // Numbers shifted since the listing (a camera was unplugged): another camera took this picture.
      if (used !== null && used !== device.name) throw cameraError(CAMERA_MESSAGES.unplugged, o);
      if (o.failure || o.code !== 0) throw cameraError(commandCamFailureMessage(o), o);
      const bmp = await readFile(file).catch(() => null);
      if (!bmp) throw cameraError(commandCamFailureMessage(o), o);
      let jpeg: Buffer;
      try {
        const img = decodeBmp(bmp);
        jpeg = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).jpeg({ quality: this.jpegQuality }).toBuffer();
      } catch (e) {
        throw cameraError(CAMERA_MESSAGES.noPicture, { ...o, stderr: `${o.stderr}\n${String(e)}` });
      }
      if (!isJpeg(jpeg)) throw cameraError(CAMERA_MESSAGES.noPicture, o);
      return jpeg;
    });
  }
}
