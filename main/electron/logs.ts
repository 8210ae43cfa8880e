// Logs for the Electron host: a size-rotated file in userData, written only after redaction so
// no names, document numbers, MRZ lines or keys reach disk; a local crash-dump folder (uploads
// off); and a diagnostics export (logs + health, no PII) a supervisor hands to support.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';
export type KioskLog = (level: LogLevel, message: string, error?: unknown) => void;

const REDACTED = '[redacted]';

// Keys whose values are personal data or secrets, in JSON ("key": "value") or key=value form.
const SENSITIVE_KEYS = [
  'name', 'names', 'surname', 'surnames', 'given_names', 'givenNames', 'given_name', 'first_name', 'firstName', 'last_name', 'lastName',
  'full_name', 'fullName', 'document_number', 'documentNumber', 'doc_number', 'personal_number', 'personalNumber', 'personal_id',
  'birth_date', 'birthDate', 'date_of_birth', 'dateOfBirth', 'dob', 'address', 'email', 'phone', 'mrz', 'nationality',
  'apiKey', 'api_key', 'authorization', 'secret', 'secretKey', 'accessKey', 'password', 'pin', 'token', 'key', 'dbKey',
  'merchantPrivateKey', 'privateKey', 'zolozPublicKey', 'signature', 'image', 'imageBase64', 'image_base64',
];
const keyAlternation = SENSITIVE_KEYS.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const JSON_FIELD = new RegExp(`("(?:${keyAlternation})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^,}\\]\\s]+)`, 'gi');
const KV_FIELD = new RegExp(`\\b((?:${keyAlternation})\\s*[=:]\\s*)([^\\s,;&]+)`, 'gi');

const PATTERNS: Array<[RegExp, string]> = [
  // PEM blocks (private/public keys, certificates).
  [/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, '[redacted key]'],
  // Authorization headers / bearer tokens.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]'],
  // MRZ lines: 30–44 chars of A-Z, 0-9 and '<' with at least one filler.
  [/(?<![A-Z0-9<])(?=[A-Z0-9<]*<)[A-Z0-9<]{30,44}(?![A-Z0-9<])/g, '[redacted mrz]'],
  // Emails.
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[redacted email]'],
  // Long hex / base64 runs: keys, tokens, image data.
  [/\b[0-9a-fA-F]{32,}\b/g, '[redacted hex]'],
  [/[A-Za-z0-9+/]{40,}={0,2}/g, '[redacted data]'],
  // Document numbers: 6–20 upper-case letters and digits containing both (L898902C3, AB1234567).
  [/\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{6,20}\b/g, '[redacted id]'],
  // Personal numbers: 8+ digit runs (with optional separators) that are not part of an ISO time.
  [/(?<![\d:.T-])\d{6,8}[-+]?\d{4}(?![\d:])/g, '[redacted number]'],
  [/(?<![\d:.T-])\d{9,}(?![\d:])/g, '[redacted number]'],
];

/** Removes personal data and secrets from a log message. Applied before anything is written. */
export function redact(text: string): string {
  let out = text.replace(JSON_FIELD, `$1"${REDACTED}"`).replace(KV_FIELD, `$1${REDACTED}`);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** An error as one redacted line: name, message and the first stack frames (paths are not PII). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const frames = (error.stack ?? '').split('\n').slice(1, 6).map((l) => l.trim()).join(' | ');
    const code = typeof (error as { code?: unknown }).code === 'string' ? ` [${(error as unknown as { code: string }).code}]` : '';
    return redact(`${error.name}${code}: ${error.message}${frames ? ` @ ${frames}` : ''}`);
  }
  return redact(typeof error === 'string' ? error : JSON.stringify(error) ?? String(error));
}

export type RotatingLog = {
  log: KioskLog;
  /** The current and rotated files, newest first. */
  files(): string[];
};

/**
 * Appends one redacted line per entry to `<dir>/kiosk.log`; when it would exceed `maxBytes` it
 * becomes kiosk.1.log (kiosk.1 → kiosk.2 …), keeping at most `maxFiles` files in total.
 * Synchronous on purpose: a line written just before a crash must be on disk.
 */
export function createRotatingLog(options: {
  dir: string;
  maxBytes?: number;
  maxFiles?: number;
  now?: () => Date;
  echo?: (line: string) => void;
}): RotatingLog {
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const maxFiles = Math.max(1, options.maxFiles ?? 5);
  const now = options.now ?? (() => new Date());
  const fileAt = (i: number) => join(options.dir, i === 0 ? 'kiosk.log' : `kiosk.${i}.log`);
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });

  const rotate = () => {
    rmSync(fileAt(maxFiles - 1), { force: true });
    for (let i = maxFiles - 2; i >= 0; i--) if (existsSync(fileAt(i))) renameSync(fileAt(i), fileAt(i + 1));
  };

  const log: KioskLog = (level, message, error) => {
    const line = `${now().toISOString()} ${level.toUpperCase()} ${redact(message)}${error === undefined ? '' : ` :: ${describeError(error)}`}`.replace(/[\r\n]+/g, ' ') + '\n';
    try {
      const size = existsSync(fileAt(0)) ? statSync(fileAt(0)).size : 0;
      if (size > 0 && size + Buffer.byteLength(line) > maxBytes) {
        if (maxFiles === 1) rmSync(fileAt(0), { force: true });
        else rotate();
      }
      appendFileSync(fileAt(0), line, { mode: 0o600 });
    } catch {
      // A full or read-only disk must not take the kiosk down; the echo still shows it.
    }
    options.echo?.(line.trimEnd());
  };

  return {
    log,
    files: () => Array.from({ length: maxFiles }, (_, i) => fileAt(i)).filter((f) => existsSync(f)),
  };
}

export type CrashReporterLike = { start(options: { uploadToServer: boolean; submitURL?: string; compress?: boolean; ignoreSystemCrashHandler?: boolean }): void };
export type AppPathsLike = { setPath(name: 'crashDumps', path: string): void };

/** Crash dumps stay in a local folder (support collects them); nothing is uploaded anywhere. */
export function startLocalCrashDumps(crashReporter: CrashReporterLike, app: AppPathsLike, dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  app.setPath('crashDumps', dir);
  crashReporter.start({ uploadToServer: false, compress: true, ignoreSystemCrashHandler: true });
}

export type Diagnostics = {
  createdAt: string;
  app: { name: string; version: string; electron?: string; platform: string; arch: string };
  health: unknown;
  secretProtection?: string;
  logs: Array<{ file: string; text: string }>;
};

/**
 * Writes a diagnostics bundle (JSON) for support: app facts, the kiosk health (getStatus), the
 * secret-protection level and the log files. Everything is passed through `redact` again, so a
 * line written by an older version without redaction still leaves the kiosk clean.
 */
export function exportDiagnostics(options: {
  outFile: string;
  logFiles: string[];
  health: unknown;
  app: Diagnostics['app'];
  secretProtection?: string;
  now?: () => Date;
  maxLogBytes?: number;
}): Diagnostics {
  const maxLogBytes = options.maxLogBytes ?? 1024 * 1024;
  const logs = options.logFiles.map((file) => {
    const text = readFileSync(file, 'utf8');
    return { file: file.split(/[\\/]/).pop() ?? 'log', text: redact(text.length > maxLogBytes ? text.slice(-maxLogBytes) : text) };
  });
  const redactedHealth = redact(JSON.stringify(options.health ?? null) ?? 'null');
  let health: unknown;
  try {
    health = JSON.parse(redactedHealth);
  } catch {
    health = redactedHealth; // a redaction cut through JSON syntax: keep the (redacted) text
  }
  const bundle: Diagnostics = {
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    app: options.app,
    health,
    ...(options.secretProtection ? { secretProtection: options.secretProtection } : {}),
    logs,
  };
  writeFileSync(options.outFile, JSON.stringify(bundle, null, 2), { mode: 0o600 });
  return bundle;
}
