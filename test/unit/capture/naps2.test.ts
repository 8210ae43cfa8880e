// NAPS2 console support (Windows): argv building and output parsing. NAPS2 cannot run on the Linux CI,
// so the real behaviour is pinned to NAPS2's own option names and console sentences.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../main/errors';
import {
  buildNaps2ScanArgs,
  isSafeNaps2DeviceName,
  naps2DeviceId,
  naps2ScanOutcome,
  NAPS2_LIST_ARGS,
  parseNaps2DeviceList,
} from '../../../main/capture/naps2';
import { DeviceId } from '../../../shared/contract-base';

describe('NAPS2 scan arguments', () => {
  it('an ID card on the glass at 300 dpi, colour, card-sized, one page, to our temp file', () => {
    expect(buildNaps2ScanArgs('Canon LiDE 400', 'id_card', 'C:\\Temp\\kiosk-naps2-1.jpg')).toEqual([
      '--noprofile',
      '--driver',
      'wia',
      '--device',
      'Canon LiDE 400',
      '--source',
      'glass',
      '--dpi',
      '300',
      '--bitdepth',
      'color',
      '--pagesize',
      '85.6x54 mm',
      '--jpegquality',
      '92',
      '-n',
      '1',
      '-f',
      '-o',
      'C:\\Temp\\kiosk-naps2-1.jpg',
    ]);
  });

  it('a passport page from the feeder at 600 dpi', () => {
    const args = buildNaps2ScanArgs('Epson DS-530', 'passport', 'x.jpg', { feeder: true, dpi: 600 });
    expect(args.slice(args.indexOf('--source'), args.indexOf('--source') + 2)).toEqual(['--source', 'feeder']);
    expect(args.slice(args.indexOf('--dpi'), args.indexOf('--dpi') + 2)).toEqual(['--dpi', '600']);
    expect(args.slice(args.indexOf('--pagesize'), args.indexOf('--pagesize') + 2)).toEqual(['--pagesize', '125x88 mm']);
  });

  it.each(['-o C:\\evil.jpg', '--install', 'name\nwith newline', '', 'x'.repeat(201)])('refuses a device name that NAPS2 would misread: %j', (name) => {
    expect(isSafeNaps2DeviceName(name)).toBe(false);
    expect(() => buildNaps2ScanArgs(name, 'passport', 'x.jpg')).toThrow(RangeError);
  });

  it('refuses bad numbers and non-JPEG outputs', () => {
    expect(() => buildNaps2ScanArgs('S', 'passport', 'x.jpg', { dpi: 30 })).toThrow(RangeError);
    expect(() => buildNaps2ScanArgs('S', 'passport', 'x.jpg', { dpi: 300.5 })).toThrow(RangeError);
    expect(() => buildNaps2ScanArgs('S', 'passport', 'x.jpg', { jpegQuality: 0 })).toThrow(RangeError);
    expect(() => buildNaps2ScanArgs('S', 'passport', 'x.pdf')).toThrow(RangeError);
  });
});

describe('NAPS2 output parsing', () => {
  it('lists device names one per line, dropping NAPS2 messages, blanks and unsafe names', () => {
    expect(NAPS2_LIST_ARGS).toEqual(['--listdevices', '--driver', 'wia']);
    expect(parseNaps2DeviceList('Canon LiDE 400\r\nWIA-Epson DS-530\r\n\r\nCanon LiDE 400\r\n-bad\r\n')).toEqual(['Canon LiDE 400', 'WIA-Epson DS-530']);
    expect(parseNaps2DeviceList('No scanning device was found.\r\n')).toEqual([]);
    expect(parseNaps2DeviceList('')).toEqual([]);
  });

  it('device ids are id-safe tokens, stable per name', () => {
    const id = naps2DeviceId('Canon LiDE 400');
    expect(DeviceId.safeParse(id).success).toBe(true);
    expect(id).toBe(naps2DeviceId('Canon LiDE 400'));
    expect(id).not.toBe(naps2DeviceId('Canon LiDE 300'));
  });

  it('a saved page is success whatever NAPS2 printed', () => {
    expect(() => naps2ScanOutcome('', true)).not.toThrow();
  });

  it.each([
    ['The scanner has a paper jam.', /jammed/],
    ['No pages are in the feeder.', /no document in the scanner/],
    ["The scanner's cover is open.", /cover is open/],
    ['The selected scanner is busy.', /busy/],
    ['The selected scanner is offline.', /offline/],
    ['The selected scanner could not be found.', /unplugged or switched off/],
    ['Communication with the scanning device was interrupted.', /stopped responding/],
  ])('"%s" with no page saved becomes the teller sentence', (line, sentence) => {
    try {
      naps2ScanOutcome(`Beginning scan...\r\n${line}\r\n`, false);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KioskError);
      expect((e as KioskError).code).toBe('device_error');
      expect((e as KioskError).userMessage).toMatch(sentence);
    }
  });

  it('no page and an unknown (or localised) message gets the generic sentence with a next step', () => {
    expect(() => naps2ScanOutcome('Der Scanner hat einen Papierstau.\r\n', false)).toThrow(/returned no image/);
  });
});
