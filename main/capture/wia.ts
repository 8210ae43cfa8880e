// Windows scanners through WIA Automation (COM `WIA.DeviceManager`, built into Windows) driven by a
// PowerShell script, behind the same DeviceSource interface as SANE. The scripts are constant text: every
// value (device id, resolution, extents, output path) reaches PowerShell through environment variables,
// never by splicing it into the script, so nothing can be injected. The script prints one JSON object that
// parseWiaScanResult turns into an image path or a teller sentence (WIA HRESULTs from wiadef.h).
// Not runnable on the Linux CI: argument building and output parsing are unit-tested.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Device, DocumentType } from '../../shared/domain';
import { KioskError } from '../errors';
import { kioskMessage, type KioskMessage } from '../../shared/kiosk-message';
import type { CaptureDevice, CapturedImage, CaptureRequest, DeviceSource } from './device';
import { SCAN_AREA_MM } from './sane';

export const WIA_ID_PREFIX = 'wia:';
const JPEG_FORMAT = '{B96B3CAE-0728-11D3-9D7B-0000F81EF32E}';

/** WIA error HRESULTs (wiadef.h) that a teller can do something about. */
export const WIA_ERRORS: Record<number, KioskMessage> = {
  0x80210002: kioskMessage('scanner_jammed'),
  0x80210003: kioskMessage('scanner_no_document'),
  0x80210004: kioskMessage('scanner_document_problem'),
  0x80210005: kioskMessage('scanner_offline'),
  0x80210006: kioskMessage('scanner_busy_other_job'),
  0x80210007: kioskMessage('scanner_warming_up'),
  0x80210008: kioskMessage('scanner_needs_attention'),
  0x80210009: kioskMessage('scanner_not_opened'),
  0x8021000a: kioskMessage('scanner_stopped_responding'),
  0x8021000d: kioskMessage('scanner_in_use'),
  0x80210015: kioskMessage('scanner_not_opened'),
  0x80210016: kioskMessage('scanner_cover_open'),
  0x80210017: kioskMessage('scanner_lamp_off'),
  0x80210020: kioskMessage('scanner_double_feed'),
};

const PS_ARGS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command'];

/** Lists WIA scanners (DeviceInfo.Type 1) as JSON [{id, name}]. */
export const WIA_LIST_SCRIPT = `
$ErrorActionPreference = 'Stop'
$out = @()
try {
  $manager = New-Object -ComObject WIA.DeviceManager
  foreach ($d in $manager.DeviceInfos) {
    if ($d.Type -eq 1) { $out += @{ id = [string]$d.DeviceID; name = [string]$d.Properties.Item('Name').Value } }
  }
} catch { }
[Console]::Out.Write((ConvertTo-Json -Compress -InputObject @($out)))
`;

/** One scan; parameters come from KIOSK_WIA_* environment variables (see wiaScanInvocation). */
export const WIA_SCAN_SCRIPT = `
$ErrorActionPreference = 'Stop'
function Out-Result($o) { [Console]::Out.Write(($o | ConvertTo-Json -Compress)) }
try {
  $manager = New-Object -ComObject WIA.DeviceManager
  $info = $null
  foreach ($d in $manager.DeviceInfos) { if ([string]$d.DeviceID -eq $env:KIOSK_WIA_DEVICE) { $info = $d } }
  if ($null -eq $info) { Out-Result @{ ok = $false; hresult = '0x80210015'; message = 'device not found' }; exit 0 }
  $device = $info.Connect()
  if ($env:KIOSK_WIA_FEEDER -eq '1') { $device.Properties.Item('3088').Value = 1 }
  $item = $device.Items.Item(1)
  $dpi = [int]$env:KIOSK_WIA_DPI
  $item.Properties.Item('6146').Value = 1
  $item.Properties.Item('6147').Value = $dpi
  $item.Properties.Item('6148').Value = $dpi
  $item.Properties.Item('6149').Value = 0
  $item.Properties.Item('6150').Value = 0
  $item.Properties.Item('6151').Value = [int]$env:KIOSK_WIA_XEXTENT
  $item.Properties.Item('6152').Value = [int]$env:KIOSK_WIA_YEXTENT
  $image = $item.Transfer('${JPEG_FORMAT}')
  if ($image.FormatID -ne '${JPEG_FORMAT}') {
    $ip = New-Object -ComObject WIA.ImageProcess
    $ip.Filters.Add($ip.FilterInfos.Item('Convert').FilterID)
    $ip.Filters.Item(1).Properties.Item('FormatID').Value = '${JPEG_FORMAT}'
    $ip.Filters.Item(1).Properties.Item('Quality').Value = 92
    $image = $ip.Apply($image)
  }
  $image.SaveFile($env:KIOSK_WIA_OUT)
  Out-Result @{ ok = $true; width = $image.Width; height = $image.Height }
} catch {
  Out-Result @{ ok = $false; hresult = ('0x{0:X8}' -f $_.Exception.HResult); message = [string]$_.Exception.Message }
}
`;

/** WIA DeviceIDs look like `{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\0001`. */
const WIA_DEVICE_ID = /^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}\\\d{4}$/;

export interface WiaScanInvocation {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** The powershell.exe call for one scan (exported for unit tests). */
export function wiaScanInvocation(
  deviceId: string,
  documentType: DocumentType,
  outFile: string,
  opts: { resolution?: number; feeder?: boolean } = {},
): WiaScanInvocation {
  if (!WIA_DEVICE_ID.test(deviceId)) throw new RangeError(`not a WIA device id: ${deviceId}`);
  const dpi = opts.resolution ?? 300;
  if (!Number.isInteger(dpi) || dpi < 50 || dpi > 1200) throw new RangeError(`resolution out of range: ${dpi}`);
  const area = SCAN_AREA_MM[documentType];
  // WIA extents are in pixels at the current resolution (WIA_IPS_XEXTENT), not in mm.
  const px = (mm: number): string => String(Math.round((mm / 25.4) * dpi));
  return {
    command: 'powershell.exe',
    args: [...PS_ARGS, WIA_SCAN_SCRIPT],
    env: {
      KIOSK_WIA_DEVICE: deviceId,
      KIOSK_WIA_DPI: String(dpi),
      KIOSK_WIA_XEXTENT: px(area.width),
      KIOSK_WIA_YEXTENT: px(area.height),
      KIOSK_WIA_FEEDER: opts.feeder ? '1' : '0',
      KIOSK_WIA_OUT: outFile,
    },
  };
}

export interface WiaScanner {
  id: string;
  name: string;
}

/** Parses WIA_LIST_SCRIPT output; entries without a valid WIA id are dropped. */
export function parseWiaList(stdout: string): WiaScanner[] {
  let data: unknown;
  try {
    data = JSON.parse(stdout.trim() || '[]');
  } catch {
    return [];
  }
  const list = Array.isArray(data) ? data : [data];
  return list.flatMap((d: unknown) => {
    if (!d || typeof d !== 'object') return [];
    const { id, name } = d as { id?: unknown; name?: unknown };
    if (typeof id !== 'string' || !WIA_DEVICE_ID.test(id)) return [];
    return [{ id, name: typeof name === 'string' && name.trim() ? name.trim() : 'WIA scanner' }];
  });
}

/** Parses WIA_SCAN_SCRIPT output: success, or a KioskError with the teller's sentence. */
export function parseWiaScanResult(stdout: string): { width: number; height: number } {
  let data: { ok?: unknown; hresult?: unknown; width?: unknown; height?: unknown; message?: unknown };
  try {
    data = JSON.parse(stdout.trim()) as typeof data;
  } catch (e) {
    throw new KioskError('device_error', kioskMessage('scanner_no_answer'), { cause: e });
  }
  if (data.ok === true) return { width: Number(data.width) || 0, height: Number(data.height) || 0 };
  const code = typeof data.hresult === 'string' ? Number.parseInt(data.hresult, 16) >>> 0 : NaN;
  const hresult = typeof data.hresult === 'string' && /^0x[0-9A-Fa-f]{1,8}$/.test(data.hresult) ? data.hresult : 'unknown';
  const message = WIA_ERRORS[code] ?? kioskMessage('scanner_error_code', { code: hresult });
  throw new KioskError('device_error', message, { cause: new Error(String(data.message ?? '')) });
}

function powershell(args: string[], env: Record<string, string>, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('powershell.exe', args, { env: { ...process.env, ...env }, timeout: timeoutMs, signal, windowsHide: true, maxBuffer: 1024 * 1024 }, (err, stdout) => {
      if (err && !stdout) {
        const message = signal?.aborted ? kioskMessage('scan_cancelled') : kioskMessage('scanner_timeout', { seconds: Math.round(timeoutMs / 1000) });
        return reject(new KioskError('device_error', message, { cause: err }));
      }
      resolve(stdout);
    });
  });
}

class WiaDevice implements CaptureDevice {
  readonly info: Device;
  constructor(
    private readonly scanner: WiaScanner,
    private readonly opts: { timeoutMs: number; resolution: number; feeder: boolean },
  ) {
    this.info = { id: WIA_ID_PREFIX + scanner.id, kind: 'scanner', label: scanner.name, specimen: false };
  }

  async capture(request: CaptureRequest): Promise<CapturedImage> {
    if (request.side === 'selfie') throw new KioskError('device_error', kioskMessage('scanner_cannot_selfie'));
    const out = join(tmpdir(), `kiosk-wia-${randomBytes(8).toString('hex')}.jpg`);
    const call = wiaScanInvocation(this.scanner.id, request.documentType, out, { resolution: this.opts.resolution, feeder: this.opts.feeder });
    try {
      parseWiaScanResult(await powershell(call.args, call.env, this.opts.timeoutMs, request.signal));
      return { jpeg: await readFile(out), width: 0, height: 0 };
    } finally {
      await rm(out, { force: true });
    }
  }
}

export class WiaSource implements DeviceSource {
  readonly name = 'wia';
  constructor(private readonly opts: { timeoutMs?: number; resolution?: number; feeder?: boolean } = {}) {}

  async list(): Promise<CaptureDevice[]> {
    const stdout = await powershell([...PS_ARGS, WIA_LIST_SCRIPT], {}, 30_000).catch(() => '[]');
    return parseWiaList(stdout).map(
      (s) => new WiaDevice(s, { timeoutMs: this.opts.timeoutMs ?? 120_000, resolution: this.opts.resolution ?? 300, feeder: this.opts.feeder ?? false }),
    );
  }
}
