// The macOS (imagesnap) and Windows (CommandCam) camera backends against real child processes: small fake
// programs that print what the real ones print (rharder/imagesnap main.m; node-webcam's CommandCam.cpp) and
// write a specimen picture where they were told to. Each listed camera name (imagesnap) or number
// (CommandCam) plays one recorded situation. The real binaries cannot run on Linux.
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBmp24 } from '../../../main/capture/bmp';
import { CAMERA_MESSAGES } from '../../../main/capture/camera';
import { CommandCamSource } from '../../../main/capture/commandcam';
import { DeviceRegistry } from '../../../main/capture/devices';
import { ImagesnapSource } from '../../../main/capture/imagesnap';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import { kioskFailure as failure } from '../../helpers/fixtures';

let dir = '';
let frameJpeg: Buffer;
const req = { documentType: 'id_card', side: 'front' } as const;
const EVIL = `Evil'; touch ${'$'}HOME/pwned; echo '`;

function script(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oneshot-cam-'));
  const doc = await generateSpecimen({ ...randomSpecimenSpec(7, { format: 'TD1', side: 'front' }), dpi: 150 });
  const frame = await renderWebcamFrame(doc.jpeg, { width: 640, height: 360, seed: 7, rotationDeg: 3 });
  frameJpeg = frame.jpeg;
  writeFileSync(join(dir, 'frame.jpg'), frameJpeg);
  const { data, info } = await sharp(frameJpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  writeFileSync(join(dir, 'frame.bmp'), encodeBmp24({ data, width: info.width, height: info.height }));
  writeFileSync(join(dir, 'frame.png'), await sharp(frameJpeg).png().toBuffer());
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

describe('imagesnap (macOS) through a fake imagesnap', () => {
  let bin = '';
  let registry: DeviceRegistry;
  const idOf = async (label: string): Promise<string> => (await registry.list()).find((d) => d.label === label)!.id;

  beforeAll(() => {
    // $1..$5 = -w SECONDS -d NAME FILE; the argv it got is kept for the assertions.
    bin = script(
      'imagesnap',
      `if [ "$1" = "-l" ]; then
  printf 'Video Devices:\\n=> FaceTime HD Camera (Built-in)\\n=> Gone Cam\\n=> Denied Cam\\n=> Busy Cam\\n=> Silent Cam\\n=> PNG Cam\\n=> Swapped Cam\\n=> Slow Cam\\n=> %s\\n' "${EVIL.replace(/\$/g, '\\$')}"
  exit 0
fi
printf '%s\\n' "$@" > "${dir}/imagesnap-args"
case "$4" in
  "Gone Cam") echo 'Device "Gone Cam" not found.' >&2; exit 11 ;;
  "Denied Cam") kill -ABRT $$ ;;
  "Busy Cam") echo 'Capturing image from device "Busy Cam"...'; echo 'Error: Cannot use Busy Cam: the device is in use by another application.' >&2; exit 1 ;;
  "Silent Cam") echo 'Capturing image from device "Silent Cam"...'; exit 0 ;;
  "PNG Cam") cp "${dir}/frame.png" "$5"; exit 0 ;;
  "Swapped Cam") echo 'Capturing image from device "FaceTime HD Camera (Built-in)"...'; cp "${dir}/frame.jpg" "$5"; exit 0 ;;
  "Slow Cam") exec sleep 30 ;;
esac
echo "Capturing image from device \\"$4\\"..................$5"
cp "${dir}/frame.jpg" "$5"`,
    );
    registry = new DeviceRegistry([new ImagesnapSource({ binary: bin, warmupSeconds: 1, timeoutMs: 500 })]);
  });

  it('enumerates every camera imagesnap lists, as cameras with id-safe ids', async () => {
    const devices = await registry.list();
    expect(devices.map((d) => d.label)).toEqual(['FaceTime HD Camera (Built-in)', 'Gone Cam', 'Denied Cam', 'Busy Cam', 'Silent Cam', 'PNG Cam', 'Swapped Cam', 'Slow Cam', EVIL]);
    for (const d of devices) expect(d).toMatchObject({ kind: 'camera', specimen: false, livePreview: false, id: expect.stringMatching(/^camera:mac:[0-9a-f]{16}$/) });
  });

  it('captures a JPEG with the exact listed name as one argument, from a private temp dir that is removed', async () => {
    const image = await registry.capture(await idOf('FaceTime HD Camera (Built-in)'), req);
    expect(image).toMatchObject({ width: 640, height: 360 });
    const args = readFileSync(join(dir, 'imagesnap-args'), 'utf8').trimEnd().split('\n');
    expect(args.slice(0, 4)).toEqual(['-w', '1', '-d', 'FaceTime HD Camera (Built-in)']);
    expect(args[4]).toMatch(/kiosk-cam-[^/]+\/still\.jpg$/);
    expect(existsSync(args[4]!)).toBe(false);
  });

  it('a name with quotes and a semicolon reaches imagesnap as one argument and runs nothing', async () => {
    await registry.capture(await idOf(EVIL), req);
    expect(readFileSync(join(dir, 'imagesnap-args'), 'utf8').split('\n')[3]).toBe(EVIL);
    expect(existsSync(join(process.env.HOME ?? '/nonexistent', 'pwned'))).toBe(false);
  });

  it.each([
    ['Gone Cam', CAMERA_MESSAGES.unplugged],
    ['Denied Cam', CAMERA_MESSAGES.deniedMac],
    ['Busy Cam', CAMERA_MESSAGES.inUse],
    ['Silent Cam', CAMERA_MESSAGES.noPicture], // exit 0, no file: not a success
    ['PNG Cam', CAMERA_MESSAGES.noPicture], // a file, but not a JPEG
    ['Swapped Cam', CAMERA_MESSAGES.unplugged], // imagesnap fell back to another camera
    ['Slow Cam', CAMERA_MESSAGES.timeout],
  ])('%s → the teller sentence', async (label, message) => {
    expect((await failure(registry.capture(await idOf(label), req))).sentence).toEqual(message);
  });

  it('imagesnap not installed: no cameras listed, and a clear sentence for a camera that was', async () => {
    expect(await new DeviceRegistry([new ImagesnapSource({ binary: join(dir, 'no-imagesnap') })]).list()).toEqual([]);
    const once = join(dir, 'imagesnap-uninstalled');
    copyFileSync(bin, once);
    const source = new ImagesnapSource({ binary: once, warmupSeconds: 1 });
    const [cam] = await source.list();
    expect(cam).toBeDefined();
    rmSync(once);
    expect((await failure(cam!.capture(req))).sentence).toEqual(CAMERA_MESSAGES.missingImagesnap);
  });

  it('refuses a bad warm-up at start-up', () => {
    expect(() => new ImagesnapSource({ warmupSeconds: 0 })).toThrow(RangeError);
  });
});

describe('CommandCam (Windows) through a fake CommandCam.exe', () => {
  let exe = '';
  let registry: DeviceRegistry;

  beforeAll(() => {
    // Everything on stderr, as CommandCam prints it; $2 = devnum, $4 = delay, $6 = file.
    exe = script(
      'CommandCam.exe',
      `if [ "$1" = "/devlist" ]; then
  printf 'Available capture devices:\\nIntegrated Webcam\\nLogitech C920\\nLogitech C920\\nDenied Cam\\nBusy Cam\\nBroken Cam\\nGone Cam\\n\\n' >&2
  exit 0
fi
printf '%s\\n' "$@" > "${dir}/commandcam-args"
case "$2" in
  1) echo 'Capture device: Integrated Webcam' >&2; echo 'Capture resolution: 640x360' >&2; cp "${dir}/frame.bmp" "$6"; printf 'Captured image to %s\\n' "$6" >&2; exit 0 ;;
  2) echo 'Capture device: Logitech C920' >&2; cp "${dir}/frame.bmp" "$6"; exit 0 ;;
  3) echo 'Capture device: Integrated Webcam' >&2; cp "${dir}/frame.bmp" "$6"; exit 0 ;;
  4) echo 'Capture device: Denied Cam' >&2; echo 'Error: ${0x80070005}' >&2; echo 'Could not run filter graph' >&2; exit 1 ;;
  5) echo 'Capture device: Busy Cam' >&2; echo 'Error: ${0x800700aa}' >&2; echo 'Could not run filter graph' >&2; exit 1 ;;
  6) echo 'Capture device: Broken Cam' >&2; head -c 200 "${dir}/frame.bmp" > "$6"; exit 0 ;;
  *) printf 'Video capture device %s not found\\n\\n' "$2" >&2; exit 1 ;;
esac`,
    );
    registry = new DeviceRegistry([new CommandCamSource({ exe, delayMs: 500 })]);
  });

  it('enumerates cameras from stderr; two of one model get distinct ids and labels', async () => {
    const devices = await registry.list();
    expect(devices.map((d) => d.label)).toEqual(['Integrated Webcam', 'Logitech C920', 'Logitech C920 (2)', 'Denied Cam', 'Busy Cam', 'Broken Cam', 'Gone Cam']);
    expect(new Set(devices.map((d) => d.id)).size).toBe(7);
    for (const d of devices) expect(d.id).toMatch(/^camera:win:[0-9a-f]{16}$/);
    // No live picture from a one-shot program: the screen must not offer one.
    for (const d of devices) expect(d.livePreview).toBe(false);
  });

  it('captures the BMP, converts it to a JPEG of the same picture, and removes the temp dir', async () => {
    const [first] = await registry.list();
    const image = await registry.capture(first!.id, req);
    expect(image.jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(image).toMatchObject({ width: 640, height: 360 });
    const args = readFileSync(join(dir, 'commandcam-args'), 'utf8').trimEnd().split('\n');
    expect(args.slice(0, 4)).toEqual(['/devnum', '1', '/delay', '500']);
    expect(args[4]).toBe('/filename');
    expect(args[5]!.length).toBeLessThan(100);
    expect(existsSync(args[5]!)).toBe(false);
    // Same picture: the mean difference to the specimen frame is JPEG noise only.
    const a = await sharp(image.jpeg).greyscale().raw().toBuffer();
    const b = await sharp(frameJpeg).greyscale().raw().toBuffer();
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i]! - b[i]!);
    expect(diff / a.length).toBeLessThan(3);
  });

  it('the second camera of a model is /devnum 2… and the third listed is /devnum 3', async () => {
    const devices = await registry.list();
    await registry.capture(devices[1]!.id, req);
    expect(readFileSync(join(dir, 'commandcam-args'), 'utf8').split('\n')[1]).toBe('2');
  });

  it.each([
    ['Logitech C920 (2)', CAMERA_MESSAGES.unplugged], // numbers shifted: another camera answered
    ['Denied Cam', CAMERA_MESSAGES.deniedWindows],
    ['Busy Cam', CAMERA_MESSAGES.inUse],
    ['Broken Cam', CAMERA_MESSAGES.noPicture], // a truncated BMP
    ['Gone Cam', CAMERA_MESSAGES.unplugged],
  ])('%s → the teller sentence', async (label, message) => {
    const device = (await registry.list()).find((d) => d.label === label)!;
    expect((await failure(registry.capture(device.id, req))).sentence).toEqual(message);
  });

  it('CommandCam not installed: no cameras, nothing thrown', async () => {
    expect(await new DeviceRegistry([new CommandCamSource({ exe: join(dir, 'none.exe') })]).list()).toEqual([]);
  });
});
