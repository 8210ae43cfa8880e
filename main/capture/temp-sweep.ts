// Captures pass through the system temp folder on some platforms: WIA and NAPS2 scans are written to
// `kiosk-wia-<hex>.jpg` / `kiosk-naps2-<hex>.jpg`, one-shot cameras (imagesnap, CommandCam) into a
// private `kiosk-cam-XXXXXX` / `kc-XXXXXX` folder. Each is removed when its capture ends, but a crash,
// a kill or a power cut during a capture (a WIA scan may take two minutes) leaves the customer's
// image there. The kiosk sweeps them when it starts: only names it makes, only older than any
// capture can run (a second kiosk process on the machine is never mid-capture with them).
import { readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Longer than any capture may take (WIA/NAPS2 time out at 120 s). */
export const STALE_CAPTURE_TEMP_MS = 10 * 60_000;

const CAPTURE_TEMP_FILE = /^kiosk-(wia|naps2)-[0-9a-f]{16}\.jpg$/;
const CAPTURE_TEMP_DIR = /^(kiosk-cam-|kc-)[A-Za-z0-9]{6}$/;

/** Removes capture leftovers older than `olderThanMs` from `dir`; returns how many. Never throws. */
export function sweepCaptureTemp(dir: string = tmpdir(), now: number = Date.now(), olderThanMs: number = STALE_CAPTURE_TEMP_MS): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const file = CAPTURE_TEMP_FILE.test(name);
    if (!file && !CAPTURE_TEMP_DIR.test(name)) continue;
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (file !== st.isFile() || now - st.mtimeMs < olderThanMs) continue;
      rmSync(path, { recursive: true, force: true });
      removed++;
    } catch {
      // Gone meanwhile, or not ours to remove: leave it.
    }
  }
  return removed;
}
