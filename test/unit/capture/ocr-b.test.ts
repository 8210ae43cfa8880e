// The specimen MRZ is drawn from the repository's OCR-B font file, as outlines, whatever fonts the
// machine has: checked in child processes whose fontconfig has no font at all. The generator refuses a
// file that is missing, not a font, another family, or not OCR-B; the file is found where each way of
// running the kiosk puts it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkedOcrBFont, MAX_TEMPLATE_DIFFERENCE, templateDifference } from '../../../main/capture/specimen/ocr-b-check';
import { loadOcrBFont, ocrBFontPath } from '../../../main/fonts/ocr-b';
import { MRZ_ALPHABET } from '../../../main/precheck/mrz-template';
import { writeBoxFont } from './ocr-b-fonts';

const ROOT = resolve(import.meta.dirname, '../../..');
const FONT = join(ROOT, 'assets/fonts/ocr-b/OCRB.otf');
const work = mkdtempSync(join(tmpdir(), 'ocr-b-'));
afterAll(() => rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

// A fontconfig configuration with no font directory: the process sees no installed font.
const noFonts = join(work, 'fonts.conf');
writeFileSync(noFonts, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig><cachedir>${join(work, 'cache')}</cachedir></fontconfig>\n`);

interface ErrorReport {
  name: string;
  message: string;
  code?: string;
  cause?: string;
}
type ChildReport = { ok: true; printed: string[]; read: string[] | null } | { ok: false; generator: ErrorReport; capture: ErrorReport | { ok: true } };

function child(resources?: string): ChildReport {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'ocr-b-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, FONTCONFIG_FILE: noFonts, ...(resources ? { OCR_B_TEST_RESOURCES: resources } : {}) },
    encoding: 'utf8',
    timeout: 80_000,
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (!line.startsWith('{')) throw new Error(`the child printed no report (status ${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(line) as ChildReport;
}

// Each child starts tsx and sharp: seconds, more on a loaded machine.
describe('specimens on a machine with no fonts installed', { timeout: 90_000 }, () => {
  it("draw an MRZ the template reader reads back, from the repository's font file", () => {
    const r = child();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.printed).toHaveLength(2);
    expect(r.read).toEqual(r.printed);
  });

  it('are refused, by the generator and by the training scanner, when the font found is not OCR-B', () => {
    const resources = join(work, 'bad-resources');
    mkdirSync(join(resources, 'fonts/ocr-b'), { recursive: true });
    writeBoxFont(join(resources, 'fonts/ocr-b/OCRB.otf'), 'OCR B');
    const r = child(resources);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.generator.name).toBe('OcrBFontError');
    expect(r.generator.message).toContain(join(resources, 'fonts/ocr-b/OCRB.otf'));
    expect(r.generator.message).toMatch(/does not draw OCR-B.*reinstall the kiosk/);
    // The teller gets a sentence to act on; the technical detail stays in the cause (for the log).
    expect(r.capture).toEqual({
      name: 'KioskError',
      code: 'device_error',
      message: 'Training documents cannot be drawn: the MRZ typeface (OCR-B) is missing from this installation. Reinstall the kiosk.',
      cause: 'OcrBFontError',
    });
  });
});

describe('the OCR-B outlines', () => {
  it('are complete for every MRZ character wherever the generator places it (TD1/TD2/TD3, 110/220/300 dpi)', () => {
    const font = loadOcrBFont(FONT);
    const commands = (d: string): number => d.match(/[MLQCZ]/g)?.length ?? 0;
    const atOrigin = new Map([...MRZ_ALPHABET].map((c) => [c, commands(font.svgText(c, 0, 0, 40))]));
    const broken: string[] = [];
    // The generator's geometry (generate.ts mrzSvg): left margin, page height, last baseline, line gap, lines.
    const formats = [
      { left: 4.7, height: 54, last: 3.6, gap: 4.6, lines: 3 },
      { left: 6.5, height: 74, last: 4.2, gap: 5.2, lines: 2 },
      { left: 6, height: 88, last: 4.2, gap: 5.2, lines: 2 },
    ];
    for (const dpi of [110, 220, 300]) {
      const mm = (v: number): number => (v / 25.4) * dpi;
      for (const f of formats) {
        const lastBaseline = Math.round(mm(f.height)) - mm(f.last);
        for (let row = 0; row < f.lines; row++) {
          const baseline = +(lastBaseline - mm(f.gap) * (f.lines - 1 - row)).toFixed(1);
          for (let i = 0; i < 44; i++) {
            const x = +(mm(f.left) + i * mm(2.54)).toFixed(1);
            for (const c of MRZ_ALPHABET) {
              const d = font.svgText(c, x, baseline, +mm(3.4).toFixed(1));
              if (/NaN|Infinity/.test(d) || commands(d) !== atOrigin.get(c)) broken.push(`${c} at (${x}, ${baseline}), ${dpi} dpi: ${d}`);
            }
          }
        }
      }
    }
    expect(broken.slice(0, 3)).toEqual([]);
  });
});

describe('the OCR-B check', () => {
  it('passes the shipped file: its rendering matches the committed templates', async () => {
    await expect(checkedOcrBFont()).resolves.toMatchObject({ path: FONT });
    expect((await templateDifference(loadOcrBFont(FONT))).difference).toBeLessThan(1);
  });

  it('refuses a font named "OCR B" that draws something else', async () => {
    const boxes = writeBoxFont(join(work, 'boxes.otf'), 'OCR B');
    expect((await templateDifference(loadOcrBFont(boxes))).difference).toBeGreaterThan(MAX_TEMPLATE_DIFFERENCE);
    await expect(checkedOcrBFont(boxes)).rejects.toThrow(/boxes\.otf does not draw OCR-B: its '.' differs from the MRZ reader's template/);
  });

  it('refuses a font of another family, a file that is not a font, and a missing file', async () => {
    const other = writeBoxFont(join(work, 'other.otf'), 'Kiosk Test Sans');
    await expect(checkedOcrBFont(other)).rejects.toThrow(/other\.otf is the font "Kiosk Test Sans", not "OCR B"/);
    await expect(checkedOcrBFont(join(ROOT, 'package.json'))).rejects.toThrow(/package\.json cannot be read as a font/);
    await expect(checkedOcrBFont(join(work, 'missing.otf'))).rejects.toThrow(/missing\.otf does not exist\. The kiosk ships it as assets\/fonts\/ocr-b\/OCRB\.otf/);
    await expect(checkedOcrBFont(null)).rejects.toThrow(/was not found/);
  });
});

describe('where the font file is found', () => {
  it('from sources and tests, and from the built web host (out/main, out/main/chunks)', () => {
    expect(ocrBFontPath(join(ROOT, 'main/fonts'), undefined)).toBe(FONT);
    expect(ocrBFontPath(join(ROOT, 'out/main'), undefined)).toBe(FONT);
    expect(ocrBFontPath(join(ROOT, 'out/main/chunks'), undefined)).toBe(FONT);
  });

  it('in the packaged app: where electron-builder.yml extraResources puts it, beside the asar', () => {
    const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
    const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as { extraResources?: { from: string; to: string; filter?: string[] }[] };
    // Lay the resources folder out as electron-builder does: each entry's listed files, from → to.
    const resources = join(work, 'Branch ID Kiosk/resources');
    for (const entry of config.extraResources ?? []) {
      for (const name of entry.filter ?? []) {
        mkdirSync(join(resources, entry.to), { recursive: true });
        cpSync(join(ROOT, entry.from, name), join(resources, entry.to, name));
      }
    }
    expect(ocrBFontPath(join(resources, 'app.asar/out/main'), resources)).toBe(join(resources, 'fonts/ocr-b/OCRB.otf'));
    expect(readFileSync(join(resources, 'fonts/ocr-b/OCRB.otf')).equals(readFileSync(FONT))).toBe(true);
    expect(readFileSync(join(resources, 'fonts/ocr-b/LICENCE.md'), 'utf8')).toMatch(/public domain/i);
  });

  it('nowhere else: none when neither the resources nor an assets folder above has it', () => {
    expect(ocrBFontPath(join(work, 'a/b/c'), join(work, 'no-resources'))).toBeNull();
  });
});
