// The PIN hashing command a branch runs to fill config.json (main/review/hash-pin.ts), as a real
// process: a PIN piped in gives a hash that verifies that PIN only; anything else is refused with a
// clear message, exit code 2 and nothing on stdout (so nothing half-made lands in a config file).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePinHash, verifyPin } from '../../../main/review/pin';

const SCRIPT = resolve(import.meta.dirname, '../../../main/review/hash-pin.ts');
const run = (input: string) => spawnSync(process.execPath, ['--import', 'tsx', SCRIPT], { input, encoding: 'utf8', timeout: 60_000 });

describe('hash-pin command', () => {
  it('prints one scrypt hash of the piped PIN, which verifies it and no other', async () => {
    const r = run('482915\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(2); // one line and its newline
    const stored = lines[0]!;
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(parsePinHash(stored)).not.toBeNull();
    expect(await verifyPin('482915', stored)).toBe(true);
    expect(await verifyPin('482916', stored)).toBe(false);
  });

  it('trims the newline and spaces around the PIN', async () => {
    const r = run('  7391  \r\n');
    expect(r.status).toBe(0);
    expect(await verifyPin('7391', r.stdout.trim())).toBe(true);
  });

  for (const [name, input] of [
    ['too short', '123\n'],
    ['too long', '1234567890123\n'],
    ['not digits', '12ab56\n'],
    ['empty', ''],
  ] as const) {
    it(`refuses a PIN that is ${name}`, () => {
      const r = run(input);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/4 to 12 digits/);
    });
  }
});
