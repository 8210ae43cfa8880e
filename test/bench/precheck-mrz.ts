// MRZ reading benchmark (issue 7). Standalone: `npx tsx test/bench/precheck-mrz.ts` (or `npm run bench -- precheck`).
// N generated specimens (BENCH_MRZ_N, default 500): half clean 300-dpi scans, half webcam-like frames
// (document on a desk, rotated, blurred, noisy, dimmer). For each group it prints:
//   accepted   share whose MRZ passed every check digit (status 'accepted')
//   false acc. share accepted although a field differs from the truth (goal 0)
//   char acc.  1 − edit distance / length between the MRZ as read and as printed (unreadable = 0)
//   ms         median and p95 per document, warm engine (band location + template read + 1–3 tesseract
//              passes + parsing); also the process CPU time per document (robust to a busy machine)
// Baseline in the same run on the same images: tesseract.js with default settings (createWorker('eng'),
// LSTM, automatic page segmentation, whole image), MRZ-like lines picked from its text and validated
// with the same parser without repair. BENCH_MRZ_BASELINE_N limits how many images the (slow) baseline
// sees (default: all).
import { generateSpecimen, randomSpecimenSpec, seededRandom, type Specimen } from '../../main/capture/specimen/generate';
import { renderWebcamFrame } from '../../main/capture/specimen/webcam';
import { createMrzReader } from '../../main/precheck/mrz-ocr';
import { parseMrz } from '../../main/precheck/mrz-parse';
import { createOcrEngine } from '../../main/precheck/mrz-worker';

const N = Number(process.env.BENCH_MRZ_N ?? 500);
const BASELINE_N = Math.min(N, Number(process.env.BENCH_MRZ_BASELINE_N ?? N));

interface Sample {
  kind: 'scan' | 'webcam';
  image: Buffer;
  specimen: Specimen;
}

async function makeSample(i: number): Promise<Sample> {
  const format = (['TD1', 'TD2', 'TD3'] as const)[i % 3]!;
  const spec = randomSpecimenSpec(10_000 + i, { format, side: format === 'TD1' ? 'back' : 'front', expired: i % 7 === 0 });
  const specimen = await generateSpecimen(spec);
  if (i % 2 === 0) return { kind: 'scan', image: specimen.jpeg, specimen };
  const r = seededRandom(20_000 + i);
  const frame = await renderWebcamFrame(specimen.jpeg, {
    seed: i,
    rotationDeg: (r() - 0.5) * 8,
    blurSigma: 0.3 + r() * 0.8,
    noise: 2 + r() * 4,
    light: 0.65 + r() * 0.35,
    scale: 0.5 + r() * 0.15,
    quality: 80,
  });
  return { kind: 'webcam', image: frame.jpeg, specimen };
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

const charAccuracy = (read: string[], truth: string[]): number => {
  const t = truth.join('\n');
  return Math.max(0, 1 - editDistance(read.join('\n'), t) / t.length);
};

interface Tally {
  n: number;
  accepted: number;
  falseAccepts: number;
  chars: number;
  ms: number[];
  /** CPU time of the whole process (all threads: OCR worker, sharp) per document — robust to a busy machine. */
  cpuMs: number[];
}
const tally = (): Tally => ({ n: 0, accepted: 0, falseAccepts: 0, chars: 0, ms: [], cpuMs: [] });
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const pct = (x: number, n: number): string => (n ? `${((100 * x) / n).toFixed(1)}%` : '—');
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};

function report(title: string, groups: Record<string, Tally>): void {
  console.log(`\n${title}`);
  console.log('group    n     accepted  false acc.  char acc.  median ms  p95 ms  median cpu ms  p95 cpu ms');
  for (const [name, t] of Object.entries(groups)) {
    console.log(
      `${name.padEnd(8)} ${String(t.n).padEnd(5)} ${pct(t.accepted, t.n).padEnd(9)} ${pct(t.falseAccepts, t.n).padEnd(11)} ${pct(t.chars, t.n).padEnd(10)} ${String(Math.round(quantile(t.ms, 0.5))).padEnd(10)} ${String(Math.round(quantile(t.ms, 0.95))).padEnd(7)} ${String(Math.round(quantile(t.cpuMs, 0.5))).padEnd(14)} ${Math.round(quantile(t.cpuMs, 0.95))}`,
    );
  }
}

/** Baseline: pick MRZ-looking lines out of free text (default tesseract settings know nothing of MRZs). */
function mrzLinesFromText(text: string): string[] {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, '').toUpperCase())
    .filter((l) => l.length >= 25 && /<{2,}|^[A-Z0-9<]{28,}$/.test(l));
  return lines.slice(-3).length === 3 && lines.slice(-3).every((l) => Math.abs(l.length - 30) <= 2) ? lines.slice(-3) : lines.slice(-2);
}

async function main(): Promise<void> {
  console.log(`MRZ benchmark: ${N} specimens (${Math.ceil(N / 2)} clean scans, ${Math.floor(N / 2)} webcam-like), baseline on ${BASELINE_N}`);
  const t0 = performance.now();
  const samples: Sample[] = [];
  for (let i = 0; i < N; i++) samples.push(await makeSample(i));
  console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const initStart = performance.now();
  const reader = await createMrzReader();
  console.log(`reader created and warmed in ${Math.round(performance.now() - initStart)} ms`);
  const ours: Record<string, Tally> = { scan: tally(), webcam: tally() };
  const falseExamples: string[] = [];
  for (const s of samples) {
    const t = ours[s.kind]!;
    const cpu0 = cpuNow();
    const r = await reader.read(s.image);
    t.cpuMs.push(cpuNow() - cpu0);
    t.n++;
    t.ms.push(r.ms);
    t.chars += r.rawLines.length ? charAccuracy(r.rawLines, s.specimen.mrz) : 0;
    if (r.status === 'accepted') {
      t.accepted++;
      if (r.lines.join('\n') !== s.specimen.mrz.join('\n')) {
        t.falseAccepts++;
        falseExamples.push(`${s.specimen.mrz.join(' ')}  read as  ${r.lines.join(' ')}`);
      }
    }
  }
  await reader.close();
  report('kiosk MRZ reader (OCR-B template read of every cell, confirmed by tesseract legacy passes: first over the uncovered characters only, then 1–2 over the whole band; mrz-confirm.ts rules)', ours);
  console.log(`machine load average while measuring: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores)`);
  for (const e of falseExamples) console.log(`  false accept: ${e}`);

  const baseStart = performance.now();
  const engine = await createOcrEngine({ profile: 'default' });
  console.log(`\nbaseline engine created in ${Math.round(performance.now() - baseStart)} ms`);
  const base: Record<string, Tally> = { scan: tally(), webcam: tally() };
  // Same images, interleaved so a limited baseline still sees both kinds.
  for (const s of samples.slice(0, BASELINE_N)) {
    const t = base[s.kind]!;
    const started = performance.now();
    const cpu0 = cpuNow();
    const lines = await engine.recognize(s.image);
    t.cpuMs.push(cpuNow() - cpu0);
    const mrz = mrzLinesFromText(lines.map((l) => l.text).join('\n'));
    const parsed = parseMrz(mrz, { maxSubstitutions: 0 });
    t.ms.push(performance.now() - started);
    t.n++;
    t.chars += mrz.length ? charAccuracy(mrz, s.specimen.mrz) : 0;
    if (parsed.accepted) {
      t.accepted++;
      if (parsed.lines.join('\n') !== s.specimen.mrz.join('\n')) t.falseAccepts++;
    }
  }
  await engine.close();
  report('baseline: tesseract.js default settings (LSTM, auto page segmentation, whole image, no repair)', base);
}

await main();
