// MRZ reader on real documents: `npm run bench -- mrz-real` (or `npx tsx test/bench/precheck-mrz-real.ts`).
//
// Published specimen photos and scans (test/fixtures/mrz-real: ground truth typed by eye, source and
// terms of each image in ORIGIN.md). Measured only, never tuned on. Per image: correct (accepted with
// exactly the printed text), FALSE ACCEPT (accepted with any other text, or accepted although the printed
// MRZ must be refused), not read (a valid MRZ not accepted) or rightly refused, with the reader's reason;
// then the totals. Images not present (their terms keep them out of the repository; MRZ_REAL_DIR names a
// local copy) are listed as missing and left out of the totals.
//
// Environment:
//   MRZ_REAL_DIR     folder holding the images that are not in test/fixtures/mrz-real/images/
//   BENCH_MRZ_READER path of another mrz-ocr module to measure (e.g. an older version's copy)
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MrzReader, MrzReaderOptions } from '../../main/precheck/mrz-ocr';
import { findImage, imageDirs, judge, loadGroundTruth, type RealVerdict } from '../mrz-real/real-set';

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: import.meta.dirname, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'main'], { cwd: resolve(import.meta.dirname, '../..'), encoding: 'utf8' }).trim();
    return dirty ? `${head} (main/ has uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const truth = loadGroundTruth();
  const modulePath = process.env.BENCH_MRZ_READER ? resolve(process.env.BENCH_MRZ_READER) : resolve(import.meta.dirname, '../../main/precheck/mrz-ocr.ts');
  const { createMrzReader } = (await import(pathToFileURL(modulePath).href)) as { createMrzReader(o?: MrzReaderOptions): Promise<MrzReader> };
  console.log(`MRZ reader on real documents (published specimens), reader ${modulePath}; repository at commit ${commit()}`);
  console.log(`images from: ${imageDirs().join(', ')}; specimen states allowed: ${truth.specimenStates.join(', ')}`);
  const present = truth.images.filter((e) => e.status === 'transcribed' && findImage(e).found).length;
  if (!present) {
    console.log('no image of the set is present: set MRZ_REAL_DIR to a local copy (test/fixtures/mrz-real/ORIGIN.md says where they come from)');
    return;
  }
  const reader = await createMrzReader({ extraStates: truth.specimenStates });

  const counts: Record<RealVerdict, number> = { correct: 0, 'false accept': 0, 'not read': 0, 'rightly refused': 0 };
  let shouldAccept = 0;
  let mustRefuse = 0;
  const missing: string[] = [];
  const cpu: number[] = [];
  for (const entry of truth.images) {
    if (entry.status !== 'transcribed') {
      console.log(`  ${entry.file.padEnd(20)} ${entry.status}: ${entry.reason}`);
      continue;
    }
    const found = findImage(entry);
    if (!found.found) {
      missing.push(`${entry.file}: ${found.why}`);
      continue;
    }
    const c0 = cpuNow();
    const r = await reader.read(found.image);
    cpu.push(cpuNow() - c0);
    const verdict = judge(entry, r.status === 'accepted', r.lines);
    counts[verdict]++;
    if (entry.expect === 'accept') shouldAccept++;
    else mustRefuse++;
    const why = verdict === 'false accept' ? `accepted ${r.lines.join(' ')}` : r.status === 'accepted' ? '' : `${r.status}: ${r.problems[0] ?? ''}`;
    console.log(`  ${entry.file.padEnd(20)} ${entry.format.padEnd(5)} ${verdict === 'false accept' ? 'FALSE ACCEPT' : verdict}${why ? ` — ${why}` : ''}`);
  }
  await reader.close();

  const measured = shouldAccept + mustRefuse;
  const sorted = [...cpu].sort((a, b) => a - b);
  console.log(`\nmeasured ${measured} of ${truth.images.length} images (${truth.images.filter((e) => e.status !== 'transcribed').length} not transcribed or excluded, ${missing.length} missing)`);
  console.log(`  valid MRZs accepted with the printed text: ${counts.correct}/${shouldAccept}`);
  console.log(`  false accepts: ${counts['false accept']} (goal 0)`);
  console.log(`  valid MRZs not read: ${counts['not read']}/${shouldAccept}`);
  console.log(`  MRZs that must be refused, refused: ${counts['rightly refused']}/${mustRefuse}`);
  if (sorted.length) console.log(`  cpu per image: median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms, max ${Math.round(sorted.at(-1)!)} ms`);
  for (const m of missing) console.log(`  missing ${m}`);
}

await main();
