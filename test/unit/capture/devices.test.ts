import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { DeviceRegistry, DEVICE_GONE_MESSAGE } from '../../../main/capture/devices';
import type { CaptureDevice, DeviceSource } from '../../../main/capture/device';
import { SPECIMEN_CAMERA_ID, SPECIMEN_SCANNER_ID, SpecimenSource, specimenSpecFor } from '../../../main/capture/specimen/device';
import { kioskFailure as failure } from '../../helpers/fixtures';

describe('DeviceRegistry with the specimen devices', () => {
  it('lists the specimen scanner and camera', async () => {
    const devices = await new DeviceRegistry([new SpecimenSource({ seed: 1 })]).list();
    expect(devices).toEqual([
      { id: SPECIMEN_SCANNER_ID, kind: 'scanner', label: 'Specimen scanner (training)', specimen: true },
      { id: SPECIMEN_CAMERA_ID, kind: 'camera', label: 'Specimen camera (training)', specimen: true },
    ]);
  });

  it('the specimen scanner gives a passport data page at 300 dpi, through the image gate', async () => {
    const registry = new DeviceRegistry([new SpecimenSource({ seed: 5 })]);
    const image = await registry.capture(SPECIMEN_SCANNER_ID, { documentType: 'passport', side: 'front' });
    expect([image.width, image.height]).toEqual([1476, 1039]);
    expect((await sharp(image.jpeg).metadata()).format).toBe('jpeg');
  });

  it('id card front and back are ID-1 size; a camera selfie is a 1280 x 720 frame', async () => {
    const registry = new DeviceRegistry([new SpecimenSource({ seed: 6 })]);
    const front = await registry.capture(SPECIMEN_SCANNER_ID, { documentType: 'id_card', side: 'front' });
    const back = await registry.capture(SPECIMEN_SCANNER_ID, { documentType: 'id_card', side: 'back' });
    const selfie = await registry.capture(SPECIMEN_CAMERA_ID, { documentType: 'id_card', side: 'selfie' });
    expect([front.width, front.height, back.width, back.height]).toEqual([1011, 638, 1011, 638]);
    expect([selfie.width, selfie.height]).toEqual([1280, 720]);
  });

  it('the specimen camera gives a 1920 x 1080 webcam-like frame', async () => {
    const registry = new DeviceRegistry([new SpecimenSource({ seed: 7 })]);
    const frame = await registry.capture(SPECIMEN_CAMERA_ID, { documentType: 'id_card', side: 'front' });
    expect([frame.width, frame.height]).toEqual([1920, 1080]);
  });

  it('document type and side choose the MRZ format (passport TD3, ID card TD1 with MRZ on the back)', () => {
    expect(specimenSpecFor('passport', 'front', 1).format).toBe('TD3');
    expect(specimenSpecFor('id_card', 'back', 1)).toMatchObject({ format: 'TD1', side: 'back' });
    const spec = specimenSpecFor('drivers_license', 'front', 1);
    expect(spec.title).toBe('DRIVING LICENCE');
    expect(spec.format).toBe('TD1');
  });

  it('an unknown device id is refused with the "no longer connected" sentence', async () => {
    const registry = new DeviceRegistry([new SpecimenSource()]);
    const e = await failure(registry.capture('camera:/dev/video7', { documentType: 'passport', side: 'front' }));
    expect([e.code, e.sentence]).toEqual(['device_error', DEVICE_GONE_MESSAGE]);
  });

  it('an aborted capture is refused', async () => {
    const registry = new DeviceRegistry([new SpecimenSource()]);
    const controller = new AbortController();
    controller.abort();
    const e = await failure(registry.capture(SPECIMEN_SCANNER_ID, { documentType: 'passport', side: 'front', signal: controller.signal }));
    expect(e.userMessage).toMatch(/cancelled/);
  });

  it('a source that fails to enumerate does not hide the others, and is reported', async () => {
    const broken: DeviceSource = {
      name: 'broken',
      list: async (): Promise<CaptureDevice[]> => {
        throw new Error('backend crashed');
      },
    };
    const reported: string[] = [];
    const registry = new DeviceRegistry([broken, new SpecimenSource()], { onSourceError: (name) => reported.push(name) });
    expect((await registry.list()).map((d) => d.id)).toEqual([SPECIMEN_SCANNER_ID, SPECIMEN_CAMERA_ID]);
    expect(reported).toEqual(['broken']);
  });

  it('a device image that fails the gate is refused as bad_image', async () => {
    const garbage: DeviceSource = {
      name: 'garbage',
      list: async () => [
        { info: { id: 'garbage:1', kind: 'camera', label: 'x', specimen: false }, capture: async () => ({ jpeg: Buffer.from([0xff, 0xd8, 0xff, 0x00]), width: 0, height: 0 }) },
      ],
    };
    const e = await failure(new DeviceRegistry([garbage]).capture('garbage:1', { documentType: 'passport', side: 'front' }));
    expect(e.code).toBe('bad_image');
  });

  it('caches the list briefly and re-enumerates when asked', async () => {
    let calls = 0;
    const counting: DeviceSource = {
      name: 'counting',
      list: async () => {
        calls++;
        return [];
      },
    };
    const registry = new DeviceRegistry([counting], { cacheMs: 60_000 });
    await Promise.all([registry.list(), registry.list()]);
    await registry.list();
    expect(calls).toBe(1);
    await registry.list({ refresh: true });
    expect(calls).toBe(2);
  });
});
