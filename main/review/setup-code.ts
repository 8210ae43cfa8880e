// The one-time code that lets the first supervisor set up a new kiosk. Without it, whoever reached
// the first-supervisor screen first would own the supervisor area. The code is written to a file
// readable by the kiosk account only (0600) in the data folder and printed in the host's log, so
// only someone with the machine (IT, the branch manager with the console) can read it. It is
// removed once the first supervisor is set up.
import { randomInt, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SETUP_CODE_FILE = 'supervisor-setup-code.txt';

/** 12 digits in groups of four: about 40 bits, typed from a printout without ambiguity. */
function newCode(): string {
  const digits = Array.from({ length: 12 }, () => String(randomInt(10))).join('');
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}`;
}

const normalise = (code: string): string => code.replace(/[\s-]/g, '');

export class SetupCode {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, SETUP_CODE_FILE);
  }

  get path(): string {
    return this.file;
  }

  /** The code in force, created (0600) when there is none yet. */
  ensure(): string {
    const existing = this.read();
    if (existing) return existing;
    const code = newCode();
    writeFileSync(this.file, `${code}\n`, { mode: 0o600 });
    chmodSync(this.file, 0o600); // an existing umask or file must not widen it
    return code;
  }

  /** Compares in constant time; false when no code is in force. */
  matches(candidate: string): boolean {
    const expected = this.read();
    if (!expected) return false;
    const a = Buffer.from(normalise(expected));
    const b = Buffer.from(normalise(candidate));
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The code has been used: it never works again. */
  consume(): void {
    rmSync(this.file, { force: true });
  }

  private read(): string | null {
    if (!existsSync(this.file)) return null;
    const text = readFileSync(this.file, 'utf8').trim();
    return /^[0-9]{4}-[0-9]{4}-[0-9]{4}$/.test(text) ? text : null;
  }
}
