import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../main/errors';
import { parseWiaList, parseWiaScanResult, WIA_SCAN_SCRIPT, wiaScanInvocation } from '../../../main/capture/wia';

const ID = '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001';

describe('WIA scan invocation', () => {
  it('passes every value through the environment; the script text never changes', () => {
    const call = wiaScanInvocation(ID, 'id_card', 'C:\\Temp\\kiosk-1.jpg');
    expect(call.command).toBe('powershell.exe');
    expect(call.args).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', WIA_SCAN_SCRIPT]);
    expect(call.env).toEqual({
      KIOSK_WIA_DEVICE: ID,
      KIOSK_WIA_DPI: '300',
      KIOSK_WIA_XEXTENT: '1011', // 85.6 mm at 300 dpi, in pixels as WIA wants
      KIOSK_WIA_YEXTENT: '638',
      KIOSK_WIA_FEEDER: '0',
      KIOSK_WIA_OUT: 'C:\\Temp\\kiosk-1.jpg',
    });
    expect(WIA_SCAN_SCRIPT).not.toContain(ID);
  });

  it('passport page at 600 dpi from the feeder', () => {
    const { env } = wiaScanInvocation(ID, 'passport', 'x.jpg', { resolution: 600, feeder: true });
    expect([env.KIOSK_WIA_XEXTENT, env.KIOSK_WIA_YEXTENT, env.KIOSK_WIA_DPI, env.KIOSK_WIA_FEEDER]).toEqual(['2953', '2079', '600', '1']);
  });

  it.each(["'; Remove-Item C:\\ -Recurse; '", 'usb:001', '', `${ID}x`])('refuses a device id that is not a WIA id: %j', (id) => {
    expect(() => wiaScanInvocation(id, 'passport', 'x.jpg')).toThrow(RangeError);
  });

  it('refuses a resolution that is not a sane integer', () => {
    expect(() => wiaScanInvocation(ID, 'passport', 'x.jpg', { resolution: 300.5 })).toThrow(RangeError);
    expect(() => wiaScanInvocation(ID, 'passport', 'x.jpg', { resolution: 10_000 })).toThrow(RangeError);
  });
});

describe('WIA output parsing', () => {
  it('lists scanners (ConvertTo-Json gives an object for one, an array for several)', () => {
    expect(parseWiaList(`{"id":"${ID.replace('\\', '\\\\')}","name":"Canon LiDE 300"}`)).toEqual([{ id: ID, name: 'Canon LiDE 300' }]);
    const two = JSON.stringify([{ id: ID, name: ' HP ' }, { id: 'bogus', name: 'x' }, { id: ID.replace('0001', '0002'), name: '' }]);
    expect(parseWiaList(two)).toEqual([
      { id: ID, name: 'HP' },
      { id: ID.replace('0001', '0002'), name: 'WIA scanner' },
    ]);
    expect(parseWiaList('')).toEqual([]);
    expect(parseWiaList('not json')).toEqual([]);
  });

  it('a successful scan', () => {
    expect(parseWiaScanResult('{"ok":true,"width":1011,"height":638}')).toEqual({ width: 1011, height: 638 });
  });

  it.each([
    ['0x80210002', /jammed/],
    ['0x80210003', /no document in the scanner/],
    ['0x80210016', /cover is open/],
    ['0x80210006', /busy/],
    ['0x80210005', /offline/],
    ['0x80210015', /could not be opened/],
    ['0x8021000A', /stopped responding/],
    ['0x80070005', /reported an error \(code 0x80070005\)/],
  ])('HRESULT %s becomes a teller message', (hresult, message) => {
    try {
      parseWiaScanResult(JSON.stringify({ ok: false, hresult, message: 'COM exception' }));
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(KioskError);
      expect((e as KioskError).code).toBe('device_error');
      expect((e as KioskError).userMessage).toMatch(message);
    }
  });

  it('no output at all is an error, not a success', () => {
    expect(() => parseWiaScanResult('')).toThrow(KioskError);
  });
});
