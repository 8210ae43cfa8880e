import { describe, expect, it } from 'vitest';
import { buildFswebcamArgs, cameraErrorMessage, CAMERA_MESSAGES, DEFAULT_CAMERA_SETTINGS } from '../../../main/capture/camera';

describe('fswebcam argv', () => {
  it('builds one argv element per value, JPEG to stdout, warm-up frames skipped', () => {
    expect(buildFswebcamArgs('/dev/video0', { ...DEFAULT_CAMERA_SETTINGS, palette: 'MJPEG' })).toEqual([
      '-q', '-d', '/dev/video0', '-r', '1920x1080', '-S', '5', '--no-banner', '--jpeg', '92', '-p', 'MJPEG', '-',
    ]);
  });

  it('a device path with spaces or shell characters stays a single argument', () => {
    const args = buildFswebcamArgs('/dev/v4l/by-id/usb-Cam; rm -rf ~', DEFAULT_CAMERA_SETTINGS);
    expect(args[2]).toBe('/dev/v4l/by-id/usb-Cam; rm -rf ~');
    expect(args).toHaveLength(11);
  });

  it.each([
    [{ width: 1920.5 }],
    [{ width: Number.NaN }],
    [{ height: 0 }],
    [{ skipFrames: -1 }],
    [{ jpegQuality: 101 }],
    [{ palette: 'RGB24 -o /etc/passwd' as never }],
  ])('refuses invalid settings %j', (bad) => {
    expect(() => buildFswebcamArgs('/dev/video0', { ...DEFAULT_CAMERA_SETTINGS, ...bad })).toThrow(RangeError);
  });

  it('refuses a source that would be read as an option', () => {
    expect(() => buildFswebcamArgs('--exec=x', DEFAULT_CAMERA_SETTINGS)).toThrow(RangeError);
  });
});

describe('fswebcam error output → teller message', () => {
  it.each([
    ['\x1b[31mError opening device: /dev/video0\nopen: Device or resource busy\x1b[0m', CAMERA_MESSAGES.inUse],
    ['\x1b[31mstat: No such file or directory\x1b[0m', CAMERA_MESSAGES.unplugged],
    ['Error opening device: /dev/video0\nopen: Permission denied', CAMERA_MESSAGES.denied],
    ['/dev/null: Not a V4L2 device?\nUnable to find a source module that can read /dev/null.', CAMERA_MESSAGES.notCamera],
    ['End of file reached.\nNo frames captured.', CAMERA_MESSAGES.noPicture],
    ['', CAMERA_MESSAGES.noPicture],
  ])('%j', (stderr, message) => {
    expect(cameraErrorMessage(stderr)).toBe(message);
  });
});
