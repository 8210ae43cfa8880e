// SANE document scanners through the `scanimage` command (no maintained npm binding exists).
// Always execFile with an argv array, never a shell: device names come from `scanimage -f` and are passed
// as one argument each, so nothing a device or a user names can become a command. scanimage's exit status is
// the SANE status of the failed call (verified with the test backend's --read-return-value), and each status
// becomes a sentence a teller can act on.
import { execFile } from 'node:child_process';
import type { Device, DocumentType } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage, type KioskMessage } from '../../shared/kiosk-message';
import type { CaptureDevice, CapturedImage, CaptureRequest, DeviceSource } from './device';

export const SANE_ID_PREFIX = 'sane:';

/** SANE_Status values (sane.h), which scanimage uses as its exit status. */
export const SANE_STATUS = {
  UNSUPPORTED: 1,
  CANCELLED: 2,
  DEVICE_BUSY: 3,
  INVAL: 4,
  EOF: 5,
  JAMMED: 6,
  NO_DOCS: 7,
  COVER_OPEN: 8,
  IO_ERROR: 9,
  NO_MEM: 10,
  ACCESS_DENIED: 11,
} as const;

/** Scan area per document type, in mm: ID-1 card (ISO/IEC 7810) and the ID-3 passport data page. */
export const SCAN_AREA_MM: Record<DocumentType, { width: number; height: number }> = {
  id_card: { width: 85.6, height: 54 },
  drivers_license: { width: 85.6, height: 54 },
  passport: { width: 125, height: 88 },
  other: { width: 125, height: 88 },
};

export interface SaneScannerInfo {
  /** SANE device name, e.g. `test:0`, `genesys:libusb:001:004`, `airscan:e0:Canon MF240`. */
  name: string;
  vendor: string;
  model: string;
  type: string;
}

export interface SaneOptions {
  /** Path of the scanimage binary (default: `scanimage` on PATH). */
  scanimage?: string;
  /** A real flatbed takes seconds; a stuck one must not hold the kiosk (default 90 s). */
  scanTimeoutMs?: number;
  /** `scanimage -f` probes every backend, network ones included (default 30 s). */
  listTimeoutMs?: number;
  /** Default 300 dpi: enough for MRZ OCR and provider checks, keeps files ~0.3–1 MB. */
  resolution?: number;
  /** Use the document feeder when a device has both a flatbed and a feeder (default false: flatbed). */
  preferFeeder?: boolean;
  /**
   * Extra backend options added to every scan. Comes from configuration or tests only (never the renderer);
   * tests use it for the test backend's `--read-return-value SANE_STATUS_JAMMED`.
   */
  extraScanArgs?: readonly string[];
}

// Tab-separated so vendor/model strings with spaces survive; %t is SANE's device *type*, not a tab.
const LIST_FORMAT = '%d\t%v\t%m\t%t%n';

/** Parses `scanimage -f '%d\t%v\t%m\t%t%n'`; lines that do not look like a device are skipped. */
export function parseScannerList(stdout: string): SaneScannerInfo[] {
  const out: SaneScannerInfo[] = [];
  for (const line of stdout.split('\n')) {
    const cols = line.replace(/\r$/, '').split('\t');
    if (cols.length < 4) continue;
    const [name, vendor, model, type] = cols.map((c) => c.trim()) as [string, string, string, string];
    // A device name is backend:rest; one starting with '-' could be read as an option, so it is not accepted.
    if (!/^[A-Za-z0-9_]+(:.*)?$/.test(name) || name.startsWith('-')) continue;
    if (out.some((d) => d.name === name)) continue;
    out.push({ name, vendor, model, type });
  }
  return out;
}

export interface SaneDeviceOptions {
  modes: string[];
  sources: string[];
  resolutions: { list: number[] } | { min: number; max: number } | null;
  /** Largest scan width/height the device accepts, mm. */
  maxX: number | null;
  maxY: number | null;
}

/** Parses the device-specific part of `scanimage -d <dev> -A`. Unknown or inactive options are ignored. */
export function parseDeviceOptions(stdout: string): SaneDeviceOptions {
  const result: SaneDeviceOptions = { modes: [], sources: [], resolutions: null, maxX: null, maxY: null };
  for (const raw of stdout.split('\n')) {
    const m = /^\s+(--?[A-Za-z][\w-]*)(?:\[=\(.*?\)\])?\s+(.*?)\s*(?:\[([^\]]*)\])?\s*$/.exec(raw);
    if (!m) continue;
    const [, option, values = '', current] = m;
    if (current === 'inactive') continue;
    const range = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)([a-z%]*)/.exec(values);
    const list = values.replace(/(dpi|mm)$/, '').split('|').map((v) => v.trim()).filter(Boolean);
    switch (option) {
      case '--mode':
        result.modes = list;
        break;
      case '--source':
        result.sources = list;
        break;
      case '--resolution':
        if (range) result.resolutions = { min: Number(range[1]), max: Number(range[2]) };
        else if (list.length) result.resolutions = { list: list.map(Number).filter((n) => Number.isFinite(n)) };
        break;
      case '-x':
        if (range && range[3] === 'mm') result.maxX = Number(range[2]);
        break;
      case '-y':
        if (range && range[3] === 'mm') result.maxY = Number(range[2]);
        break;
    }
  }
  return result;
}

const isFeeder = (source: string): boolean => /feeder|adf/i.test(source) && !/duplex/i.test(source);

/** The scanimage argv for one scan of `documentType` (exported for unit tests). */
export function buildScanArgs(
  deviceName: string,
  documentType: DocumentType,
  caps: SaneDeviceOptions,
  opts: Pick<SaneOptions, 'resolution' | 'preferFeeder' | 'extraScanArgs'> = {},
): string[] {
  const wanted = opts.resolution ?? 300;
  if (!Number.isInteger(wanted) || wanted < 50 || wanted > 1200) throw new Error(`resolution out of range: ${wanted}`);
  const args = ['-d', deviceName, '--format=jpeg'];

  const colour = caps.modes.find((m) => m === 'Color') ?? caps.modes.find((m) => /colou?r/i.test(m));
  if (colour) args.push('--mode', colour);

  let dpi = wanted;
  const res = caps.resolutions;
  if (res && 'list' in res && res.list.length && !res.list.includes(wanted)) {
    // The nearest supported resolution at or above the wanted one, else the highest the device has.
    const above = res.list.filter((r) => r >= wanted).sort((a, b) => a - b);
    dpi = above[0] ?? Math.max(...res.list);
  } else if (res && 'min' in res) {
    dpi = Math.min(Math.max(wanted, res.min), res.max);
  }
  args.push('--resolution', String(dpi));

  const feeder = caps.sources.find(isFeeder);
  const flatbed = caps.sources.find((s) => /flatbed/i.test(s));
  if (feeder && (opts.preferFeeder || !flatbed)) args.push('--source', feeder);
  else if (flatbed && caps.sources.length > 1) args.push('--source', flatbed);

  const area = SCAN_AREA_MM[documentType];
  const width = caps.maxX === null ? area.width : Math.min(area.width, caps.maxX);
  const height = caps.maxY === null ? area.height : Math.min(area.height, caps.maxY);
  args.push('-l', '0', '-t', '0', '-x', String(width), '-y', String(height));

  args.push(...(opts.extraScanArgs ?? []));
  return args;
}

/** The teller's sentence for a failed scanimage run, from its exit status and error output. */
export function saneErrorMessage(exitCode: number | null, stderr: string): KioskMessage {
  if (/open of device .* failed/i.test(stderr) || /no such device|not found/i.test(stderr)) {
    return kioskMessage('scanner_not_opened');
  }
  switch (exitCode) {
    case SANE_STATUS.JAMMED:
      return kioskMessage('scanner_jammed');
    case SANE_STATUS.NO_DOCS:
      return kioskMessage('scanner_no_document');
    case SANE_STATUS.COVER_OPEN:
      return kioskMessage('scanner_cover_open');
    case SANE_STATUS.DEVICE_BUSY:
      return kioskMessage('scanner_busy_other_job');
    case SANE_STATUS.IO_ERROR:
      return kioskMessage('scanner_stopped_responding');
    case SANE_STATUS.ACCESS_DENIED:
      return kioskMessage('scanner_access_denied');
    case SANE_STATUS.NO_MEM:
      return kioskMessage('scanner_no_memory');
    case SANE_STATUS.CANCELLED:
      return kioskMessage('scanner_cancelled_on_device');
    default:
      return kioskMessage('scanner_error_code', { code: String(exitCode ?? 'none') });
  }
}

interface RunResult {
  stdout: Buffer;
  stderr: string;
}

class ScanimageFailure extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly kind: 'exit' | 'timeout' | 'aborted' | 'missing',
  ) {
    super(`scanimage ${kind} (${exitCode}): ${stderr}`);
  }
}

/**
 * How long scanimage gets to exit after SIGTERM before SIGKILL. It answers the first SIGTERM by
 * cancelling the scan on the device (sane_cancel), which a hung backend (a stuck USB or network
 * read) may never finish; only a second signal makes it exit. Without the follow-up the run never
 * ended, the scanner stayed "already scanning" and the teller's spinner turned forever.
 */
export const SCANIMAGE_KILL_GRACE_MS = 3_000;

function run(binary: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let stopped: 'timeout' | 'aborted' | null = null;
    let escalation: NodeJS.Timeout | null = null;
    const stop = (why: 'timeout' | 'aborted') => {
      if (stopped) return;
      stopped = why;
      child.kill('SIGTERM');
      escalation = setTimeout(() => child.kill('SIGKILL'), SCANIMAGE_KILL_GRACE_MS);
    };
    const onAbort = () => stop('aborted');
    const child = execFile(binary, args, { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (err, stdout, stderrBuf) => {
      clearTimeout(timer);
      if (escalation) clearTimeout(escalation);
      signal?.removeEventListener('abort', onAbort);
      const stderr = stderrBuf.toString('utf8').trim();
      if (stopped) return reject(new ScanimageFailure(null, stderr, stopped));
      if (!err) return resolve({ stdout, stderr });
      const e = err as NodeJS.ErrnoException & { code?: string | number | null };
      if (e.code === 'ENOENT') return reject(new ScanimageFailure(null, stderr, 'missing'));
      reject(new ScanimageFailure(typeof e.code === 'number' ? e.code : null, stderr, 'exit'));
    });
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function toKioskError(f: unknown, timeoutMs: number): KioskError {
  if (!(f instanceof ScanimageFailure)) return new KioskError('device_error', kioskMessage('scanner_failed'), { cause: f });
  switch (f.kind) {
    case 'missing':
      return new KioskError('device_error', kioskMessage('scanner_software_missing', { software: 'SANE scanimage' }), { cause: f });
    case 'aborted':
      return new KioskError('device_error', kioskMessage('scan_cancelled'), { cause: f });
    case 'timeout':
      return new KioskError('device_error', kioskMessage('scanner_timeout', { seconds: Math.round(timeoutMs / 1000) }), { cause: f });
    case 'exit':
      return new KioskError('device_error', saneErrorMessage(f.exitCode, f.stderr), { cause: f });
  }
}

class SaneScanner implements CaptureDevice {
  readonly info: Device;
  private caps: SaneDeviceOptions | null = null;
  private busy = false;

  constructor(
    readonly scanner: SaneScannerInfo,
    private readonly opts: Required<Pick<SaneOptions, 'scanimage' | 'scanTimeoutMs' | 'listTimeoutMs'>> & SaneOptions,
  ) {
    const label = [scanner.vendor, scanner.model].filter((s) => s && s !== 'Noname').join(' ') || scanner.name;
    this.info = { id: SANE_ID_PREFIX + scanner.name, kind: 'scanner', label: `${label} (${scanner.name})`, specimen: false };
  }

  private async capabilities(signal?: AbortSignal): Promise<SaneDeviceOptions> {
    if (!this.caps) {
      const { stdout } = await run(this.opts.scanimage, ['-d', this.scanner.name, '-A'], this.opts.listTimeoutMs, signal);
      this.caps = parseDeviceOptions(stdout.toString('utf8'));
    }
    return this.caps;
  }

  async capture(request: CaptureRequest): Promise<CapturedImage> {
    if (request.side === 'selfie') {
      throw new KioskError('device_error', kioskMessage('scanner_cannot_selfie'));
    }
    if (this.busy) throw new KioskError('device_error', kioskMessage('scanner_busy', { device: this.info.label }));
    this.busy = true;
    try {
      const caps = await this.capabilities(request.signal);
      const args = buildScanArgs(this.scanner.name, request.documentType, caps, this.opts);
      const { stdout, stderr } = await run(this.opts.scanimage, args, this.opts.scanTimeoutMs, request.signal);
      if (stdout.length < 4 || stdout[0] !== 0xff || stdout[1] !== 0xd8) {
        throw new KioskError('device_error', kioskMessage('scanner_no_image'), {
          cause: new Error(stderr),
        });
      }
      // Width/height are read by normalizeImage (DeviceRegistry), which re-validates every image anyway.
      return { jpeg: stdout, width: 0, height: 0 };
    } catch (e) {
      if (e instanceof KioskError) throw e;
      throw toKioskError(e, this.opts.scanTimeoutMs);
    } finally {
      this.busy = false;
    }
  }
}

export class SaneSource implements DeviceSource {
  readonly name = 'sane';
  private readonly opts: Required<Pick<SaneOptions, 'scanimage' | 'scanTimeoutMs' | 'listTimeoutMs'>> & SaneOptions;
  /** Keep device objects across refreshes so their probed capabilities are reused. */
  private readonly known = new Map<string, SaneScanner>();

  constructor(opts: SaneOptions = {}) {
    this.opts = { scanimage: 'scanimage', scanTimeoutMs: 90_000, listTimeoutMs: 30_000, ...opts };
  }

  async list(): Promise<CaptureDevice[]> {
    let stdout: Buffer;
    try {
      ({ stdout } = await run(this.opts.scanimage, ['-f', LIST_FORMAT], this.opts.listTimeoutMs));
    } catch (e) {
      // No SANE installed, or enumeration failed: the kiosk simply lists no SANE scanner.
      if (e instanceof ScanimageFailure) return [];
      throw e;
    }
    const devices = parseScannerList(stdout.toString('utf8'));
    return devices.map((d) => {
      const existing = this.known.get(d.name);
      if (existing) return existing;
      const created = new SaneScanner(d, this.opts);
      this.known.set(d.name, created);
      return created;
    });
  }
}
