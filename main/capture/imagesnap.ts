// Webcams on macOS through imagesnap, the binary node-webcam maps macOS to (ImageSnapWebcam.js: `imagesnap
// -w <delay> -d '<device>' -q <file>` as a shell string, and `imagesnap -l` for the list). Called here with
// execFile and an argv array instead, for the reasons in camera.ts, plus two of imagesnap's own:
//  - `-d NAME` takes the exact name, and when no device has it, the LAST device whose name CONTAINS it
//    (ImageSnap.m deviceNamed:): an unplugged camera can silently become another one. We pass only names
//    from `-l`, and check the name in imagesnap's "Capturing image from device "…"" line before keeping
//    the picture;
//  - it may exit 0 without writing a file (no frame arrived), so only a JPEG in the file is success.
// imagesnap facts (rharder/imagesnap main.m): `-l` prints "Video Devices:" then "=> NAME" per device
// (0.2.6 and later; older versions print bare names, and some builds print "<AVCaptureDevice …>[NAME][…]",
// which node-webcam's parser strips), or "No video devices found."; `-d` not matched: "Device "X" not
// found." and exit 11; no device at all: exit 2; `-w x.xx` warm-up seconds (default 3 in newer builds;
// node-webcam found < 1 s gives black frames). Denied camera access (macOS privacy settings, TCC) kills
// the process with SIGABRT or makes AVFoundation report "not authorized".
// Not runnable on the Linux CI: argument building and output parsing are unit-tested, and the process
// handling runs against a fake `imagesnap` script (test/integration/capture/oneshot-cameras.test.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureDevice, CaptureRequest, DeviceSource } from './device';
import type { KioskMessage } from '../../shared/kiosk-message';
import { CAMERA_ID_PREFIX, CAMERA_MESSAGES } from './camera';
import { cameraError, cameraNameId, isJpeg, isSafeCameraName, OneShotCamera, runCameraProgram, withTempDir, type ProcessOutcome } from './camera-oneshot';

export const IMAGESNAP_ID_PREFIX = `${CAMERA_ID_PREFIX}mac:`;
export const IMAGESNAP_LIST_ARGS = ['-l'];

export interface ImagesnapOptions {
  binary?: string;
  /** Seconds the camera runs before the picture is taken, so exposure and white balance settle (1..10). */
  warmupSeconds?: number;
  timeoutMs?: number;
}

/** Camera names from `imagesnap -l`, in every output format imagesnap has had; duplicates listed once. */
export function parseImagesnapList(stdout: string): string[] {
  const names: string[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || /^video devices:?$/i.test(line) || /^no video devices found/i.test(line)) continue;
    if (line.startsWith('=>')) line = line.slice(2).trim();
    else {
      // "<AVCaptureDALDevice: 0x7f…>[FaceTime HD Camera][0x…]": the first bracketed part is the name.
      const bracketed = /^<[^>]*>\s*\[([^\]]+)\]/.exec(line);
      if (bracketed) line = bracketed[1]!.trim();
    }
    // imagesnap cannot choose between two cameras of the same name (the last one wins): list it once.
    if (isSafeCameraName(line) && !names.includes(line)) names.push(line);
  }
  return names;
}

/** The imagesnap argv for one picture (exported for unit tests). Throws on anything not validated. */
export function buildImagesnapArgs(deviceName: string, outFile: string, warmupSeconds: number): string[] {
  if (!isSafeCameraName(deviceName)) throw new RangeError('not a camera name imagesnap listed');
  // imagesnap reads any argument starting with "-" as a switch, and picks the format from the extension.
  if (outFile.startsWith('-') || !/\.jpe?g$/i.test(outFile)) throw new RangeError('output must be a .jpg path');
  if (!Number.isFinite(warmupSeconds) || warmupSeconds < 1 || warmupSeconds > 10) throw new RangeError(`warm-up must be 1 to 10 seconds, got ${warmupSeconds}`);
  return ['-w', (Math.round(warmupSeconds * 100) / 100).toString(), '-d', deviceName, outFile];
}

/** The device imagesnap says it used ("Capturing image from device "NAME"..."), if it said. */
export function imagesnapUsedDevice(stdout: string): string | null {
  return /Capturing image from device "(.*)"\.{0,}/.exec(stdout)?.[1] ?? null;
}

/**
 * The teller's sentence for a run that produced no picture (exported for unit tests): from imagesnap's
 * output, its exit status, and how it ended.
 */
export function imagesnapFailureMessage(o: ProcessOutcome): KioskMessage {
  if (o.failure === 'missing') return CAMERA_MESSAGES.missingImagesnap;
  if (o.failure === 'cancelled') return CAMERA_MESSAGES.cancelled;
  if (o.failure === 'timeout') return CAMERA_MESSAGES.timeout;
  const raw = `${o.stderr}\n${o.stdout}`;
  if (/Device ".*" not found/i.test(raw) || o.code === 11) return CAMERA_MESSAGES.unplugged;
  if (/No video devices found/i.test(raw) || o.code === 2) return CAMERA_MESSAGES.noCamera;
  // Camera names are quoted in imagesnap's lines; a camera called "Busy Cam" must not read as "busy".
  const text = raw.replace(/"[^"\n]*"/g, '""');
  // TCC kills a process that touches the camera without permission (SIGABRT, "privacy violation").
  if (o.signal === 'SIGABRT' || /not authori[sz]ed|permission|denied|privacy|TCC/i.test(text)) return CAMERA_MESSAGES.deniedMac;
  if (/in use|busy|another (application|session)|locked/i.test(text)) return CAMERA_MESSAGES.inUse;
  return CAMERA_MESSAGES.noPicture;
}

export class ImagesnapSource implements DeviceSource {
  readonly name = 'imagesnap';
  private readonly binary: string;
  private readonly warmupSeconds: number;
  private readonly timeoutMs: number;
  /** Device objects kept across refreshes, so a capture in progress stays "busy" for a re-listed camera. */
  private readonly known = new Map<string, OneShotCamera>();

  constructor(opts: ImagesnapOptions = {}) {
    this.binary = opts.binary ?? 'imagesnap';
    this.warmupSeconds = opts.warmupSeconds ?? 2;
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    buildImagesnapArgs('Camera', 'x.jpg', this.warmupSeconds); // refuse a bad configuration at start-up
  }

  async list(): Promise<CaptureDevice[]> {
    const o = await runCameraProgram(this.binary, IMAGESNAP_LIST_ARGS, 15_000);
    return parseImagesnapList(o.stdout).map((name) => {
      let cam = this.known.get(name);
      if (!cam) {
        cam = new OneShotCamera(cameraNameId(IMAGESNAP_ID_PREFIX, name), name, (request) => this.take(name, request));
        this.known.set(name, cam);
      }
      return cam;
    });
  }

  private take(name: string, request: CaptureRequest): Promise<Buffer> {
    return withTempDir('kiosk-cam-', async (dir) => {
      const file = join(dir, 'still.jpg');
      // The timeout covers the warm-up: a camera that never delivers a frame must not hang the counter.
      const o = await runCameraProgram(this.binary, buildImagesnapArgs(name, file, this.warmupSeconds), this.timeoutMs + this.warmupSeconds * 1000, request.signal);
      const used = imagesnapUsedDevice(o.stdout);
      // imagesnap fell back to a substring match: our camera is gone and another one took the picture.
      if (used !== null && used !== name) throw cameraError(CAMERA_MESSAGES.unplugged, o);
      if (o.failure) throw cameraError(imagesnapFailureMessage(o), o);
      const jpeg = await readFile(file).catch(() => Buffer.alloc(0));
      if (!isJpeg(jpeg)) throw cameraError(imagesnapFailureMessage(o), o);
      return jpeg;
    });
  }
}
