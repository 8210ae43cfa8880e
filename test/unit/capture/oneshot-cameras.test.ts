// macOS (imagesnap) and Windows (CommandCam) cameras: argv building and output parsing. The programs
// cannot run on the Linux CI, so these pin our side to their real option names and output lines
// (rharder/imagesnap main.m; node-webcam's CommandCam.cpp); the process handling is exercised against fake
// programs in test/integration/capture/oneshot-cameras.test.ts.
import { describe, expect, it } from 'vitest';
import { decodeBmp, encodeBmp24 } from '../../../main/capture/bmp';
import { CAMERA_MESSAGES } from '../../../main/capture/camera';
import { cameraNameId, type ProcessOutcome } from '../../../main/capture/camera-oneshot';
import {
  buildCommandCamArgs,
  commandCamFailureMessage,
  commandCamUsedDevice,
  COMMANDCAM_LIST_ARGS,
  parseCommandCamList,
} from '../../../main/capture/commandcam';
import { buildImagesnapArgs, imagesnapFailureMessage, imagesnapUsedDevice, IMAGESNAP_LIST_ARGS, IMAGESNAP_ID_PREFIX, parseImagesnapList } from '../../../main/capture/imagesnap';
import { cameraSourceFor } from '../../../main/capture/sources';
import { DeviceId } from '../../../shared/contract-base';

const outcome = (o: Partial<ProcessOutcome>): ProcessOutcome => ({ stdout: '', stderr: '', code: 0, signal: null, ...o });

describe('imagesnap (macOS)', () => {
  it('lists cameras in the current "=> name" format', () => {
    expect(IMAGESNAP_LIST_ARGS).toEqual(['-l']);
    const out = 'Video Devices:\n=> EpocCam\n=> Logitech BRIO\n=> FaceTime HD Camera (Built-in)\n';
    expect(parseImagesnapList(out)).toEqual(['EpocCam', 'Logitech BRIO', 'FaceTime HD Camera (Built-in)']);
  });

  it('lists cameras in the old bare-name format and the bracketed format node-webcam strips', () => {
    expect(parseImagesnapList('Video Devices:\niSight\nDV\n')).toEqual(['iSight', 'DV']);
    expect(parseImagesnapList('Video Devices:\n<AVCaptureDALDevice: 0x7fb1c2d0>[FaceTime HD Camera][0x8020000005ac8514]\n')).toEqual(['FaceTime HD Camera']);
  });

  it('no cameras, duplicates and option-like names', () => {
    expect(parseImagesnapList('No video devices found.\n')).toEqual([]);
    expect(parseImagesnapList('')).toEqual([]);
    // imagesnap's -d takes the last camera of a name: two of the same model are one choice.
    expect(parseImagesnapList('Video Devices:\n=> USB Camera\n=> USB Camera\n=> -w 0 evil.jpg\n')).toEqual(['USB Camera']);
  });

  it('one picture: warm-up, the exact listed name as one argument, then our file', () => {
    expect(buildImagesnapArgs('FaceTime HD Camera (Built-in)', '/tmp/kiosk-cam-1/still.jpg', 2)).toEqual([
      '-w',
      '2',
      '-d',
      'FaceTime HD Camera (Built-in)',
      '/tmp/kiosk-cam-1/still.jpg',
    ]);
    expect(buildImagesnapArgs("Cam'; rm -rf ~; '", '/t/x.jpg', 1.25)).toEqual(['-w', '1.25', '-d', "Cam'; rm -rf ~; '", '/t/x.jpg']);
  });

  it.each([
    ['-l', '/t/x.jpg', 2],
    ['', '/t/x.jpg', 2],
    ['Cam\nX', '/t/x.jpg', 2],
    ['Cam', '-x.jpg', 2],
    ['Cam', '/t/x.png', 2],
    ['Cam', '/t/x.jpg', 0.5],
    ['Cam', '/t/x.jpg', 11],
    ['Cam', '/t/x.jpg', Number.NaN],
  ])('refuses %j %j %j', (name, file, warmup) => {
    expect(() => buildImagesnapArgs(name, file, warmup)).toThrow(RangeError);
  });

  it('reads which camera imagesnap used', () => {
    expect(imagesnapUsedDevice('Capturing image from device "Logitech BRIO"..................still.jpg')).toBe('Logitech BRIO');
    expect(imagesnapUsedDevice('')).toBeNull();
  });

  it.each([
    [{ failure: 'missing' as const }, CAMERA_MESSAGES.missingImagesnap],
    [{ failure: 'timeout' as const }, CAMERA_MESSAGES.timeout],
    [{ failure: 'cancelled' as const }, CAMERA_MESSAGES.cancelled],
    [{ code: 11, stderr: 'Device "Logitech BRIO" not found.\n' }, CAMERA_MESSAGES.unplugged],
    [{ code: 2, stderr: 'No video devices found.\n' }, CAMERA_MESSAGES.noCamera],
    [{ code: null, signal: 'SIGABRT' }, CAMERA_MESSAGES.deniedMac],
    [{ code: 1, stderr: 'Error: The application is not authorized to use the camera.\n' }, CAMERA_MESSAGES.deniedMac],
    [{ code: 1, stderr: 'Error: Cannot use FaceTime HD Camera: the device is in use by another application.\n' }, CAMERA_MESSAGES.inUse],
    [{ code: 0, stdout: 'Capturing image from device "Busy Bee Cam"...' }, CAMERA_MESSAGES.noPicture],
  ])('failure %j becomes the teller sentence', (o, message) => {
    expect(imagesnapFailureMessage(outcome(o))).toBe(message);
  });
});

describe('CommandCam (Windows)', () => {
  const devlist = 'Available capture devices:\r\nIntegrated Webcam\r\nLogitech HD Pro Webcam C920\r\nLogitech HD Pro Webcam C920\r\n\r\n';

  it('lists cameras from stderr, numbered as /devnum counts them', () => {
    expect(COMMANDCAM_LIST_ARGS).toEqual(['/devlist']);
    expect(parseCommandCamList(devlist)).toEqual([
      { devnum: 1, name: 'Integrated Webcam' },
      { devnum: 2, name: 'Logitech HD Pro Webcam C920' },
      { devnum: 3, name: 'Logitech HD Pro Webcam C920' },
    ]);
  });

  it('no cameras, nothing printed, and an unusable name that still counts for numbering', () => {
    expect(parseCommandCamList('Available capture devices:\r\nNo devices found\r\n')).toEqual([]);
    expect(parseCommandCamList('No video devices found\r\n')).toEqual([]);
    expect(parseCommandCamList('')).toEqual([]);
    expect(parseCommandCamList('Available capture devices:\r\n-odd\r\nGood Cam\r\n')).toEqual([{ devnum: 2, name: 'Good Cam' }]);
  });

  it('one picture: number, delay in ms, our short BMP path', () => {
    expect(buildCommandCamArgs(2, 'C:\\Users\\kiosk\\AppData\\Local\\Temp\\kc-AbC123\\f.bmp', 2000)).toEqual([
      '/devnum',
      '2',
      '/delay',
      '2000',
      '/filename',
      'C:\\Users\\kiosk\\AppData\\Local\\Temp\\kc-AbC123\\f.bmp',
    ]);
  });

  it.each([
    [0, 'f.bmp', 2000],
    [1.5, 'f.bmp', 2000],
    [65, 'f.bmp', 2000],
    [1, 'f.bmp', 0],
    [1, 'f.bmp', 2000.5],
    [1, 'f.bmp', 20_000],
    [1, 'f.jpg', 2000],
    [1, '"f.bmp', 2000],
    [1, 'C:\\Temp\\kämera.bmp', 2000],
    [1, `C:\\${'x'.repeat(95)}.bmp`, 2000], // CommandCam's filename buffer is 100 bytes
  ])('refuses devnum %j, file %j, delay %j', (n, file, delay) => {
    expect(() => buildCommandCamArgs(n, file, delay)).toThrow(RangeError);
  });

  it('reads which camera CommandCam opened', () => {
    expect(commandCamUsedDevice('Capture device: Integrated Webcam\r\nCapture resolution: 640x480\r\n')).toBe('Integrated Webcam');
    expect(commandCamUsedDevice('Video capture device 3 not found\n')).toBeNull();
  });

  it.each([
    [{ failure: 'missing' as const }, CAMERA_MESSAGES.missingCommandCam],
    [{ failure: 'timeout' as const }, CAMERA_MESSAGES.timeout],
    [{ code: 1, stderr: 'Video capture device 3 not found\n\n' }, CAMERA_MESSAGES.unplugged],
    [{ code: 1, stderr: 'No video devices found\n' }, CAMERA_MESSAGES.noCamera],
    [{ code: 1, stderr: `Capture device: Cam\nError: ${0x80070005}\nCould not run filter graph\n` }, CAMERA_MESSAGES.deniedWindows],
    [{ code: 1, stderr: `Capture device: Cam\nError: ${0x800700aa}\nCould not run filter graph\n` }, CAMERA_MESSAGES.inUse],
    [{ code: 1, stderr: `Capture device: Cam\nError: ${0x80004005}\nCould not run filter graph\n` }, CAMERA_MESSAGES.inUse],
    [{ code: 1, stderr: 'Capture device: Cam\nError opening output file\n' }, CAMERA_MESSAGES.noPicture],
  ])('failure %j becomes the teller sentence', (o, message) => {
    expect(commandCamFailureMessage(outcome(o))).toBe(message);
  });
});

describe('BMP from CommandCam', () => {
  const img = { width: 3, height: 2, data: Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]) };

  it('round-trips a bottom-up 24-bit BMP with padded rows', () => {
    const bmp = encodeBmp24(img);
    expect(bmp.length).toBe(54 + 12 * 2); // 3 px × 3 bytes = 9, padded to 12
    expect(decodeBmp(bmp)).toEqual(img);
  });

  it('reads a top-down BMP (negative height)', () => {
    const bmp = encodeBmp24(img);
    bmp.writeInt32LE(-2, 22);
    const swapped = decodeBmp(bmp);
    expect([...swapped.data.subarray(0, 9)]).toEqual([...img.data.subarray(9)]);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array(60).fill(0)])],
    ['truncated', encodeBmp24(img).subarray(0, 60)],
    ['RLE compressed', (() => { const b = encodeBmp24(img); b.writeUInt32LE(1, 30); return b; })()],
    ['8-bit palette', (() => { const b = encodeBmp24(img); b.writeUInt16LE(8, 28); return b; })()],
    ['absurd size', (() => { const b = encodeBmp24(img); b.writeInt32LE(100_000, 18); return b; })()],
  ])('refuses %s', (_name, buf) => {
    expect(() => decodeBmp(buf)).toThrow(Error);
  });
});

describe('camera source per platform', () => {
  it('fswebcam on Linux, imagesnap on macOS, CommandCam on Windows', () => {
    expect(cameraSourceFor('linux')?.name).toBe('fswebcam');
    expect(cameraSourceFor('darwin')?.name).toBe('imagesnap');
    expect(cameraSourceFor('win32')?.name).toBe('commandcam');
    expect(cameraSourceFor('aix')).toBeNull();
  });

  it('camera ids from names are valid device ids, stable, and distinct per name', () => {
    const id = cameraNameId(IMAGESNAP_ID_PREFIX, 'FaceTime HD Camera (Built-in)');
    expect(DeviceId.safeParse(id).success).toBe(true);
    expect(id).toBe(cameraNameId(IMAGESNAP_ID_PREFIX, 'FaceTime HD Camera (Built-in)'));
    expect(id).not.toBe(cameraNameId(IMAGESNAP_ID_PREFIX, 'Logitech BRIO'));
  });
});
