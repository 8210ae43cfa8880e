// Windows scanners through NAPS2's console (NAPS2.Console.exe) when NAPS2 is installed, behind the same
// DeviceSource interface as SANE and the WIA PowerShell script (sources.ts prefers it: NAPS2 copes with
// the quirks of many WIA and TWAIN drivers that raw WIA Automation does not). Called with execFile and an
// argv array, never a shell; the device name comes only from NAPS2's own `--listdevices` output.
//
// NAPS2 facts this relies on (cyanfish/naps2, NAPS2.Lib/Automation): options `--noprofile --driver wia
// --device <name> --source glass|feeder --dpi N --bitdepth color --pagesize "85.6x54 mm" --jpegquality N
// -n 1 -f -o <file>`; `--listdevices --driver wia` prints one device name per line; scan errors are
// printed as one sentence on the console (SdkResources: "The scanner has a paper jam." …) and the exit
// code does not say whether a page was saved, so success is decided by the output file existing.
// Not runnable on the Linux CI: argument building and output parsing are unit-tested.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Device, DocumentType } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage, type KioskMessage } from '../../shared/kiosk-message';
import type { CaptureDevice, CapturedImage, CaptureRequest, DeviceSource } from './device';
import { SCAN_AREA_MM } from './sane';

export const NAPS2_ID_PREFIX = 'naps2:';
export const NAPS2_DEFAULT_PATHS = ['C:\\Program Files\\NAPS2\\NAPS2.Console.exe', 'C:\\Program Files (x86)\\NAPS2\\NAPS2.Console.exe'];

/** NAPS2's English console sentences (SdkResources.resx / ConsoleResources.resx) → the teller's sentence. */
export const NAPS2_MESSAGES: readonly { match: string; message: KioskMessage }[] = [
  { match: 'The scanner has a paper jam.', message: kioskMessage('scanner_jammed') },
  { match: 'No pages are in the feeder.', message: kioskMessage('scanner_no_document') },
  { match: "The scanner's cover is open.", message: kioskMessage('scanner_cover_open') },
  { match: 'The selected scanner is busy.', message: kioskMessage('scanner_busy_other_job') },
  { match: 'The scanner is warming up.', message: kioskMessage('scanner_warming_up') },
  { match: 'The selected scanner is offline.', message: kioskMessage('scanner_offline') },
  { match: 'The selected scanner could not be found.', message: kioskMessage('scanner_not_opened') },
  { match: 'No scanning device was found.', message: kioskMessage('scanner_not_found') },
  { match: 'Communication with the scanning device was interrupted.', message: kioskMessage('scanner_stopped_responding') },
  { match: 'The selected scanner does not support using a feeder.', message: kioskMessage('scanner_no_feeder') },
  { match: 'The selected driver is not supported on this system.', message: kioskMessage('scanner_driver_unsupported') },
  { match: 'An error occurred with the scanning driver.', message: kioskMessage('scanner_driver_error') },
];

const GENERIC_FAILURE = kioskMessage('scanner_no_image');

export interface Naps2ScanOptions {
  dpi?: number;
  feeder?: boolean;
  jpegQuality?: number;
}

/** A device name NAPS2 listed: printable, not option-like (CommandLineParser would read "-x" as an option). */
export function isSafeNaps2DeviceName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && name.length <= 200 && !name.startsWith('-') && !/[\u0000-\u001f\u007f]/.test(name);
}

/** The NAPS2.Console.exe argv for one page (exported for unit tests). */
export function buildNaps2ScanArgs(deviceName: string, documentType: DocumentType, outFile: string, opts: Naps2ScanOptions = {}): string[] {
  if (!isSafeNaps2DeviceName(deviceName)) throw new RangeError('not a device name NAPS2 listed');
  if (!/\.jpe?g$/i.test(outFile) || outFile.startsWith('-')) throw new RangeError('output must be a .jpg path');
  const dpi = opts.dpi ?? 300;
  if (!Number.isInteger(dpi) || dpi < 50 || dpi > 1200) throw new RangeError(`resolution out of range: ${dpi}`);
  const quality = opts.jpegQuality ?? 92;
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new RangeError(`JPEG quality out of range: ${quality}`);
  const area = SCAN_AREA_MM[documentType];
  return [
    '--noprofile', // never the GUI's last-used profile: the kiosk decides every setting
    '--driver',
    'wia',
    '--device',
    deviceName,
    '--source',
    opts.feeder ? 'feeder' : 'glass',
    '--dpi',
    String(dpi),
    '--bitdepth',
    'color',
    '--pagesize',
    `${area.width}x${area.height} mm`,
    '--jpegquality',
    String(quality),
    '-n',
    '1',
    '-f', // the temp file name is ours and fresh; never stop on "file exists"
    '-o',
    outFile,
  ];
}

export const NAPS2_LIST_ARGS = ['--listdevices', '--driver', 'wia'];

/** Device names from `--listdevices` (one per line), without NAPS2's own messages or unsafe names. */
export function parseNaps2DeviceList(stdout: string): string[] {
  const known = new Set(NAPS2_MESSAGES.map((m) => m.match));
  const names = stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !known.has(l) && isSafeNaps2DeviceName(l));
  return [...new Set(names)];
}

/**
 * The outcome of a scan run: ok when NAPS2 saved the page (`saved`), else a KioskError with the teller's
 * sentence for the first recognised NAPS2 message (or a generic one; a localised NAPS2 lands there too).
 */
export function naps2ScanOutcome(stdout: string, saved: boolean): void {
  if (saved) return;
  const lines = stdout.split(/\r?\n/).map((l) => l.trim());
  const hit = NAPS2_MESSAGES.find((m) => lines.some((l) => l.startsWith(m.match)));
  throw new KioskError('device_error', hit?.message ?? GENERIC_FAILURE, { cause: new Error(stdout.trim().slice(0, 500)) });
}

/** A stable, id-safe token for a NAPS2 device name (names have spaces; our device ids may not). */
export function naps2DeviceId(name: string): string {
  return NAPS2_ID_PREFIX + createHash('sha256').update(name).digest('hex').slice(0, 16);
}

function run(exe: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(exe, args, { timeout: timeoutMs, signal, windowsHide: true, maxBuffer: 1024 * 1024 }, (err, stdout) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new KioskError('device_error', kioskMessage('scanner_software_missing', { software: 'NAPS2' }), { cause: err }));
      }
      if (err && signal?.aborted) return reject(new KioskError('device_error', kioskMessage('scan_cancelled'), { cause: err }));
      if (err && (err as { killed?: boolean }).killed) {
        return reject(new KioskError('device_error', kioskMessage('scanner_timeout', { seconds: Math.round(timeoutMs / 1000) }), { cause: err }));
      }
      // A non-zero exit with output still carries NAPS2's sentence; the caller decides from the saved file.
      resolve(String(stdout));
    });
  });
}

class Naps2Device implements CaptureDevice {
  readonly info: Device;
  constructor(
    private readonly name: string,
    private readonly opts: { exe: string; timeoutMs: number; scan: Naps2ScanOptions },
  ) {
    this.info = { id: naps2DeviceId(name), kind: 'scanner', label: name, specimen: false };
  }

  async capture(request: CaptureRequest): Promise<CapturedImage> {
    if (request.side === 'selfie') throw new KioskError('device_error', kioskMessage('scanner_cannot_selfie'));
    const out = join(tmpdir(), `kiosk-naps2-${randomBytes(8).toString('hex')}.jpg`);
    try {
      const stdout = await run(this.opts.exe, buildNaps2ScanArgs(this.name, request.documentType, out, this.opts.scan), this.opts.timeoutMs, request.signal);
      naps2ScanOutcome(stdout, existsSync(out));
      return { jpeg: await readFile(out), width: 0, height: 0 };
    } finally {
      await rm(out, { force: true });
    }
  }
}

/** The installed NAPS2.Console.exe, or null. */
export function findNaps2Console(candidates: readonly string[] = NAPS2_DEFAULT_PATHS): string | null {
  return candidates.find((p) => existsSync(p)) ?? null;
}

export class Naps2Source implements DeviceSource {
  readonly name = 'naps2';
  constructor(private readonly opts: { exe: string; timeoutMs?: number; scan?: Naps2ScanOptions }) {}

  async list(): Promise<CaptureDevice[]> {
    const stdout = await run(this.opts.exe, NAPS2_LIST_ARGS, 30_000).catch(() => '');
    return parseNaps2DeviceList(stdout).map((name) => new Naps2Device(name, { exe: this.opts.exe, timeoutMs: this.opts.timeoutMs ?? 120_000, scan: this.opts.scan ?? {} }));
  }
}
