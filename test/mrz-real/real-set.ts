// The real-document MRZ set: published specimen photos and scans, with the printed lines typed by eye
// (test/fixtures/mrz-real/ground-truth.json) and where each image comes from (ORIGIN.md beside it).
//
// The set is only ever measured (npm run bench -- mrz-real, and the no-false-accept test): nobody tunes
// the reader on it. Images are looked for in test/fixtures/mrz-real/images/ (those whose terms allow
// them in the repository) and then in the folder named by MRZ_REAL_DIR (a local copy of the rest; see
// ORIGIN.md), and matched by their SHA-256 so a different file under the same name is never measured.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

export const REAL_SET_DIR = resolve(import.meta.dirname, '../fixtures/mrz-real');

const CheckName = z.enum(['documentNumber', 'birthDate', 'expirationDate', 'personalNumber', 'composite']);
export type RealCheckName = z.infer<typeof CheckName>;

const Transcribed = z.object({
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  document: z.string().min(1),
  status: z.literal('transcribed'),
  format: z.enum(['TD1', 'TD2', 'TD3', 'MRV-A', 'MRV-B']),
  printed: z.array(z.string().min(1)).min(2).max(3),
  checks: z.partialRecord(CheckName, z.boolean()),
  /** accept: the printed MRZ is a valid identity-document MRZ; reject: no reader may accept it. */
  expect: z.enum(['accept', 'reject']),
  invalidBecause: z.string().min(1).optional(),
  note: z.string().optional(),
});
const Untranscribed = z.object({
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  document: z.string().min(1),
  status: z.enum(['not-transcribed', 'excluded']),
  reason: z.string().min(1),
});
const GroundTruth = z.object({
  about: z.string(),
  /** Specimen issuers that are not ICAO states (ICAO's Utopia, the Bundesdruckerei's specimen code). */
  specimenStates: z.array(z.string().regex(/^[A-Z]{3}$/)),
  images: z.array(z.discriminatedUnion('status', [Transcribed, Untranscribed])),
});

export type RealEntry = z.infer<typeof Transcribed>;
export type RealSkipped = z.infer<typeof Untranscribed>;
export type RealGroundTruth = z.infer<typeof GroundTruth>;

export function loadGroundTruth(): RealGroundTruth {
  return GroundTruth.parse(JSON.parse(readFileSync(join(REAL_SET_DIR, 'ground-truth.json'), 'utf8')));
}

/** Folders searched for the images, in order. */
export function imageDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = [join(REAL_SET_DIR, 'images')];
  if (env.MRZ_REAL_DIR) dirs.push(resolve(env.MRZ_REAL_DIR));
  return dirs;
}

export type ImageLookup = { found: true; path: string; image: Buffer } | { found: false; why: string };

/** The image file of an entry, only if its bytes are the ones the ground truth was typed from. */
export function findImage(entry: { file: string; sha256: string }, dirs = imageDirs()): ImageLookup {
  for (const dir of dirs) {
    const path = join(dir, entry.file);
    if (!existsSync(path)) continue;
    const image = readFileSync(path);
    const sha = createHash('sha256').update(image).digest('hex');
    if (sha !== entry.sha256) return { found: false, why: `${path} differs from the image the ground truth was typed from (sha256 ${sha})` };
    return { found: true, path, image };
  }
  return { found: false, why: `not in ${dirs.join(' or ')}` };
}

// Check digits (ICAO 9303 Part 3 §4.9), written here independently of the reader's parser so the
// ground truth is not checked by the code it measures: weights 7-3-1, digits as themselves, A-Z as
// 10-35, the filler < as 0, modulus 10. A field made only of fillers may carry < as its check digit.
const value = (c: string): number => (c === '<' ? 0 : c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c >= 'A' && c <= 'Z' ? c.charCodeAt(0) - 55 : NaN);

export function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) sum += value(field[i]!) * [7, 3, 1][i % 3]!;
  return Number.isNaN(sum) ? '?' : String(sum % 10);
}

const holds = (field: string, digit: string): boolean => digit === checkDigit(field) || (digit === '<' && /^<+$/.test(field));

/** Every check digit the format defines, recomputed from the printed lines. */
export function recomputeChecks(format: RealEntry['format'], lines: readonly string[]): Partial<Record<RealCheckName, boolean>> {
  if (format === 'TD1') {
    const [a, b] = lines as [string, string, string];
    return {
      documentNumber: holds(a.slice(5, 14), a[14]!),
      birthDate: holds(b.slice(0, 6), b[6]!),
      expirationDate: holds(b.slice(8, 14), b[14]!),
      composite: holds(a.slice(5, 30) + b.slice(0, 7) + b.slice(8, 15) + b.slice(18, 29), b[29]!),
    };
  }
  const b = lines[1]!;
  const common = { documentNumber: holds(b.slice(0, 9), b[9]!), birthDate: holds(b.slice(13, 19), b[19]!), expirationDate: holds(b.slice(21, 27), b[27]!) };
  if (format === 'MRV-A' || format === 'MRV-B') return common;
  if (format === 'TD2') return { ...common, composite: holds(b.slice(0, 10) + b.slice(13, 20) + b.slice(21, 35), b[35]!) };
  return { ...common, personalNumber: holds(b.slice(28, 42), b[42]!), composite: holds(b.slice(0, 10) + b.slice(13, 20) + b.slice(21, 43), b[43]!) };
}

export const LINE_SHAPE: Record<RealEntry['format'], { lines: number; length: number }> = {
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
  TD3: { lines: 2, length: 44 },
  'MRV-A': { lines: 2, length: 44 },
  'MRV-B': { lines: 2, length: 36 },
};

/** How one read of one image is judged. */
export type RealVerdict = 'correct' | 'false accept' | 'not read' | 'rightly refused';

export function judge(entry: RealEntry, accepted: boolean, lines: readonly string[]): RealVerdict {
  if (!accepted) return entry.expect === 'accept' ? 'not read' : 'rightly refused';
  return entry.expect === 'accept' && lines.join('\n') === entry.printed.join('\n') ? 'correct' : 'false accept';
}
