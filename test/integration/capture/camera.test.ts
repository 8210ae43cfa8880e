// Real fswebcam processes with cameraless sources: its TEST pattern, and RAW:<file> frames made from specimens.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { CAMERA_MESSAGES, FswebcamSource, type CameraEntry } from '../../../main/capture/camera';
import { DeviceRegistry, DEVICE_GONE_MESSAGE } from '../../../main/capture/devices';
import { assessQuality } from '../../../main/capture/quality-verdict';
import { generateSpecimen, randomSpecimenSpec } from '../../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../../main/capture/specimen/webcam';
import { kioskFailure as failure } from '../../helpers/fixtures';

let dir = '';
let sharpFrame: Buffer;
const W = 1280;
const H = 720;

async function writeRaw(jpeg: Buffer, file: string): Promise<void> {
  writeFileSync(file, await sharp(jpeg).removeAlpha().raw().toBuffer());
}

const raw = (id: string, file: string, extra: Partial<CameraEntry['settings']> = {}): CameraEntry => ({
  id,
  label: id,
  source: `RAW:${file}`,
  settings: { width: W, height: H, palette: 'RGB24', skipFrames: 0, ...extra },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fswebcam-'));
  const doc = await generateSpecimen({ ...randomSpecimenSpec(31, { format: 'TD3' }), dpi: 220 });
  sharpFrame = (await renderWebcamFrame(doc.jpeg, { width: W, height: H, scale: 0.7, rotationDeg: 3, noise: 2, seed: 31 })).jpeg;
  const blurred = (await renderWebcamFrame(doc.jpeg, { width: W, height: H, scale: 0.7, rotationDeg: 3, noise: 2, seed: 31, blurSigma: 3 })).jpeg;
  await writeRaw(sharpFrame, join(dir, 'sharp.rgb24'));
  await writeRaw(blurred, join(dir, 'blurred.rgb24'));
  writeFileSync(join(dir, 'short.rgb24'), Buffer.alloc(1000));
  writeFileSync(join(dir, 'video3'), 'not a camera');
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

describe('fswebcam cameras', () => {
  it('captures the TEST pattern as a JPEG at the requested resolution', async () => {
    const source = new FswebcamSource({ devDir: join(dir, 'none'), extraCameras: [{ id: 'camera:test', label: 'Test pattern', source: 'TEST', settings: { width: 640, height: 480, skipFrames: 1 } }] });
    const image = await new DeviceRegistry([source]).capture('camera:test', { documentType: 'passport', side: 'front' });
    expect([image.width, image.height]).toEqual([640, 480]);
    expect((await sharp(image.jpeg).metadata()).format).toBe('jpeg');
  });

  it('captures a specimen frame fed through RAW:<file>, pixel for pixel the frame we fed', async () => {
    const source = new FswebcamSource({ devDir: join(dir, 'none'), extraCameras: [raw('camera:raw', join(dir, 'sharp.rgb24'))] });
    const image = await new DeviceRegistry([source]).capture('camera:raw', { documentType: 'passport', side: 'front' });
    expect([image.width, image.height]).toEqual([W, H]);
    const a = await sharp(image.jpeg).resize(160, 90).greyscale().raw().toBuffer();
    const b = await sharp(sharpFrame).resize(160, 90).greyscale().raw().toBuffer();
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i]! - b[i]!);
    expect(diff / a.length).toBeLessThan(4); // only JPEG re-encoding differences
  });

  it('quality of camera captures: the sharp frame passes, the blurred frame is told to hold still', async () => {
    const source = new FswebcamSource({
      devDir: join(dir, 'none'),
      extraCameras: [raw('camera:sharp', join(dir, 'sharp.rgb24')), raw('camera:blurred', join(dir, 'blurred.rgb24'))],
    });
    const registry = new DeviceRegistry([source]);
    const good = await assessQuality(await registry.capture('camera:sharp', { documentType: 'passport', side: 'front' }));
    const bad = await assessQuality(await registry.capture('camera:blurred', { documentType: 'passport', side: 'front' }));
    expect(good).toMatchObject({ ok: true, instruction: null });
    expect(bad).toMatchObject({ ok: false, instruction: 'blurry' });
    expect(good.sharpness!).toBeGreaterThan(bad.sharpness!);
  });

  it('enumerates video nodes from the device directory; a node that is not a camera gets a clear message', async () => {
    const registry = new DeviceRegistry([new FswebcamSource({ devDir: dir, sysDir: join(dir, 'no-sysfs') })]);
    const devices = await registry.list();
    const path = join(dir, 'video3');
    expect(devices).toEqual([{ id: `camera:${path}`, kind: 'camera', label: `Camera (${path})`, specimen: false }]);
    const e = await failure(registry.capture(`camera:${path}`, { documentType: 'id_card', side: 'front' }));
    expect(e.sentence).toEqual(CAMERA_MESSAGES.notCamera);
  });

  it('fswebcam exits 0 without a picture: each failure is still detected and explained', async () => {
    const source = new FswebcamSource({
      devDir: join(dir, 'none'),
      extraCameras: [
        raw('camera:short', join(dir, 'short.rgb24')), // "No frames captured."
        raw('camera:gone', join(dir, 'unplugged.rgb24')), // "No such file or directory"
        { id: 'camera:nopalette', label: 'x', source: `RAW:${join(dir, 'sharp.rgb24')}`, settings: { width: W, height: H } },
      ],
    });
    const registry = new DeviceRegistry([source]);
    const req = { documentType: 'id_card', side: 'front' } as const;
    expect((await failure(registry.capture('camera:short', req))).sentence).toEqual(CAMERA_MESSAGES.noPicture);
    expect((await failure(registry.capture('camera:gone', req))).sentence).toEqual(CAMERA_MESSAGES.unplugged);
    expect((await failure(registry.capture('camera:nopalette', req))).sentence).toEqual(CAMERA_MESSAGES.notCamera);
  });

  it('no camera connected: nothing listed, and a stale camera id is refused', async () => {
    const registry = new DeviceRegistry([new FswebcamSource({ devDir: join(dir, 'none') })]);
    expect(await registry.list()).toEqual([]);
    const e = await failure(registry.capture('camera:/dev/video0', { documentType: 'passport', side: 'front' }));
    expect(e.sentence).toEqual(DEVICE_GONE_MESSAGE);
  });

  it('a missing fswebcam binary is explained', async () => {
    const source = new FswebcamSource({ fswebcam: '/nonexistent/fswebcam', devDir: join(dir, 'none'), extraCameras: [{ id: 'camera:test', label: 't', source: 'TEST' }] });
    const e = await failure(new DeviceRegistry([source]).capture('camera:test', { documentType: 'passport', side: 'front' }));
    expect(e.sentence).toEqual(CAMERA_MESSAGES.missing);
  });
});
