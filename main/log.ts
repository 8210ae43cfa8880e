// A tiny logger for the core. It never prints request bodies or config objects, and it scrubs
// anything that looks like a credential from error text, because errors from HTTP clients can
// carry headers. Hosts may pass their own sink (Electron: rotating files in userData).
export type LogLevel = 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, message: string, error?: unknown) => void;

const SECRET_PATTERNS: RegExp[] = [
  /(authorization["']?\s*[:=]\s*["']?)[^"',\s}]+/gi,
  /(signature=)[^,\s"]+/gi,
  /(symmetrickey=)[^,\s"]+/gi,
  /(token=)[0-9a-f]{16,}/gi,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

export function scrub(text: string): string {
  return SECRET_PATTERNS.reduce((t, re) => t.replace(re, (_m, p1?: string) => (typeof p1 === 'string' ? `${p1}[redacted]` : '[redacted]')), text);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return scrub(`${error.name}: ${error.message}`);
  return scrub(String(error));
}

export function consoleLog(prefix = 'kiosk'): Log {
  return (level, message, error) => {
    const line = `${new Date().toISOString()} ${level.toUpperCase()} [${prefix}] ${scrub(message)}${error === undefined ? '' : ` — ${describeError(error)}`}`;
    (level === 'error' ? process.stderr : process.stdout).write(line + '\n');
  };
}
