import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRotatingLog, exportDiagnostics, redact, startLocalCrashDumps } from '../../../main/electron/logs';

// Synthetic specimen identity (ICAO 9303 example data).
const PII = {
  surname: 'ERIKSSON',
  given: 'ANNA MARIA',
  documentNumber: 'L898902C3',
  mrz1: 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
  mrz2: 'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
  personalNumber: '19740812-1234',
  email: 'anna.eriksson@example.com',
  apiKey: 'zs_live_5f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f',
};

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-logs-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

describe('redact', () => {
  it('removes names, document numbers, MRZ lines, personal numbers, emails and keys', () => {
    const text = [
      `outcome {"surname":"${PII.surname}","given_names":"${PII.given}","document_number":"${PII.documentNumber}","birth_date":"1974-08-12"}`,
      `mrz ${PII.mrz1} ${PII.mrz2}`,
      `personal number ${PII.personalNumber}, mail ${PII.email}`,
      `request Authorization: ${PII.apiKey} apiKey=${PII.apiKey}`,
      `Bearer abc.def.ghi`,
      `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----`,
      `doc ${PII.documentNumber} failed`,
    ].join('\n');
    const out = redact(text);
    for (const value of [PII.surname, PII.given, PII.documentNumber, PII.mrz1, PII.mrz2, '19740812', PII.email, PII.apiKey, 'abc.def.ghi', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', '1974-08-12']) {
      expect(out, value).not.toContain(value);
    }
  });

  it('keeps what support needs: ids, states, codes, counts, timestamps', () => {
    const line = 'verification 3f2b8c1e-9a7d-4e2f-b1c3-5d6e7f8a9b0c moved queued -> submitting (attempt 2, http 503, 2026-11-22T16:05:00.123Z)';
    expect(redact(line)).toBe(line);
  });
});

describe('rotating log', () => {
  it('writes redacted lines with level and timestamp, file mode 0600', () => {
    const { log, files } = createRotatingLog({ dir, now: () => new Date('2026-11-22T10:00:00Z') });
    log('info', `captured front of ${PII.documentNumber} for ${JSON.stringify({ surname: PII.surname })}`);
    log('error', 'sync failed', new Error(`provider rejected apiKey=${PII.apiKey}`));
    const text = readFileSync(files()[0]!, 'utf8');
    expect(text).toMatch(/^2026-11-22T10:00:00.000Z INFO captured front of/);
    expect(text).toMatch(/ERROR sync failed :: Error: provider rejected apiKey=\[redacted\]/);
    for (const value of [PII.documentNumber, PII.surname, PII.apiKey]) expect(text).not.toContain(value);
    expect(text.trimEnd().split('\n')).toHaveLength(2);
    expect(statSync(files()[0]!).mode & 0o777).toBe(0o600);
  });

  it('keeps one entry on one line (no log injection through newlines)', () => {
    const { log, files } = createRotatingLog({ dir });
    log('info', 'first\n2026-01-01T00:00:00.000Z ERROR forged line');
    expect(readFileSync(files()[0]!, 'utf8').trimEnd().split('\n')).toHaveLength(1);
  });

  it('rotates at maxBytes and keeps at most maxFiles files', () => {
    const { log, files } = createRotatingLog({ dir, maxBytes: 1000, maxFiles: 3 });
    for (let i = 0; i < 200; i++) log('info', `entry number ${i} ${'x'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['kiosk.1.log', 'kiosk.2.log', 'kiosk.log']);
    for (const f of files()) expect(statSync(f).size).toBeLessThanOrEqual(1000);
    expect(readFileSync(join(dir, 'kiosk.log'), 'utf8')).toContain('entry number 199');
    expect(readFileSync(join(dir, 'kiosk.2.log'), 'utf8')).not.toContain('entry number 0 ');
  });
});

describe('crash dumps', () => {
  it('go to a local folder with uploads off', () => {
    const calls: unknown[] = [];
    const crashDir = join(dir, 'crash-dumps');
    startLocalCrashDumps({ start: (o) => calls.push(['start', o]) }, { setPath: (n, p) => calls.push(['setPath', n, p]) }, crashDir);
    expect(calls[0]).toEqual(['setPath', 'crashDumps', crashDir]);
    expect(calls[1]).toEqual(['start', expect.objectContaining({ uploadToServer: false })]);
    expect((calls[1] as [string, { submitURL?: string }])[1].submitURL).toBeUndefined();
    expect(statSync(crashDir).isDirectory()).toBe(true);
  });
});

describe('diagnostics export', () => {
  it('bundles logs + health without PII, even from a log written without redaction', () => {
    const old = join(dir, 'kiosk.1.log');
    writeFileSync(old, `legacy line surname=${PII.surname} doc ${PII.documentNumber} ${PII.mrz2}\n`);
    const { log, files } = createRotatingLog({ dir });
    log('info', 'kiosk started in training mode');
    const outFile = join(dir, 'diag.json');
    const bundle = exportDiagnostics({
      outFile,
      logFiles: files(),
      health: { mode: 'training', queue: { waiting: 2 }, lastError: `upload of ${PII.documentNumber} failed`, devices: [{ id: 'sane:test:0', kind: 'scanner' }] },
      app: { name: 'Branch ID Kiosk', version: '0.1.0', platform: 'linux', arch: 'x64' },
      secretProtection: 'weak',
    });
    const text = readFileSync(outFile, 'utf8');
    for (const value of [PII.surname, PII.documentNumber, PII.mrz2]) expect(text).not.toContain(value);
    expect(bundle.logs.map((l) => l.file).sort()).toEqual(['kiosk.1.log', 'kiosk.log']);
    expect(text).toContain('kiosk started in training mode');
    expect(JSON.parse(text).health.queue.waiting).toBe(2);
    expect(JSON.parse(text).secretProtection).toBe('weak');
    expect(statSync(outFile).mode & 0o777).toBe(0o600);
  });
});
