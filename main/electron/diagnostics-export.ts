// `branch-id-kiosk --export-diagnostics`: the running kiosk (or one started with the flag, once it
// is up) writes a support bundle into `<userData>/diagnostics/` (logs.ts's exportDiagnostics: app
// facts, health, secret protection, the redacted logs). The request comes from a command line, so
// nobody waits on the result: it is logged, and a folder that cannot be written gives a sentence
// with the reason and the next step, never an unhandled rejection in the main process.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exportDiagnostics, type Diagnostics, type KioskLog } from './logs';

export const EXPORT_DIAGNOSTICS_FLAG = '--export-diagnostics';

export interface DiagnosticsRequest {
  /** Where bundles go (created 0700 when missing). */
  dir: string;
  logFiles: () => string[];
  /** The kiosk's health (getStatus); null when the core is not up or does not answer. */
  health: () => Promise<unknown>;
  app: Diagnostics['app'];
  secretProtection: string;
  log: KioskLog;
  now?: () => Date;
}

const reasonOf = (e: unknown): string => {
  if (!(e instanceof Error)) return String(e);
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && !e.message.startsWith(code) ? `${code}: ${e.message}` : e.message;
};

/** Writes one bundle; resolves to its path, or null (logged) when it could not be written. Never rejects. */
export async function writeDiagnosticsBundle(r: DiagnosticsRequest): Promise<string | null> {
  const now = r.now ?? (() => new Date());
  const health = await r.health().catch(() => null);
  try {
    mkdirSync(r.dir, { recursive: true, mode: 0o700 });
    const outFile = join(r.dir, `diagnostics-${now().toISOString().replace(/[:.]/g, '-')}.json`);
    const bundle = exportDiagnostics({ outFile, logFiles: r.logFiles(), health, app: r.app, secretProtection: r.secretProtection, now });
    r.log('info', `diagnostics written to ${outFile} (app facts, health${health === null ? ' unavailable' : ''}, secret protection, ${bundle.logs.length} log file(s))`);
    return outFile;
  } catch (e) {
    r.log('error', `The diagnostics bundle could not be written to ${r.dir} (${reasonOf(e)}). Make that folder writable by the kiosk's account, then run --export-diagnostics again.`);
    return null;
  }
}
