// Tuning aid: the template read alone (no tesseract, no acceptance) on the tuning part's first N images,
// per category: share of lines read exactly and character accuracy. Never run on the held-out part.
//   npm exec -- tsx test/mrz-eval/probe-template.ts [N]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { loadEvalSet } from './eval-set';

const n = Number(process.argv[2] ?? 50);
const root = process.env.PROBE_ROOT ? resolve(process.env.PROBE_ROOT) : resolve(import.meta.dirname, '../..');
const { locateMrzBand } = (await import(pathToFileURL(`${root}/main/precheck/mrz-locate.ts`).href)) as typeof import('../../main/precheck/mrz-locate');
const { readCells } = (await import(pathToFileURL(`${root}/main/precheck/mrz-cells.ts`).href)) as typeof import('../../main/precheck/mrz-cells');
const { rectifyMrzBand } = (await import(pathToFileURL(`${root}/main/precheck/mrz-rectify.ts`).href).catch(() => ({ rectifyMrzBand: null }))) as {
  rectifyMrzBand: ((b: import('../../main/precheck/mrz-locate').MrzBand) => import('../../main/precheck/mrz-locate').MrzBand) | null;
};
const { normaliseBand } = (await import(pathToFileURL(`${root}/main/precheck/mrz-normalise.ts`).href).catch(() => ({ normaliseBand: null }))) as {
  normaliseBand: ((b: import('../../main/precheck/mrz-locate').MrzBand) => import('../../main/precheck/mrz-locate').MrzBand) | null;
};
const set = loadEvalSet('tuning', n);
const by: Record<string, { n: number; exact: number; chars: number; total: number; located: number }> = {};
for (const j of set.jobs) {
  const found = await locateMrzBand(readFileSync(set.imagePath(j)));
  const located = found && normaliseBand && !process.env.PROBE_NO_NORM ? normaliseBand(found) : found;
  const band = located && rectifyMrzBand && !process.env.PROBE_NO_RECTIFY ? rectifyMrzBand(located) : located;
  const t = band ? readCells(band) : null;
  const read = t?.lines ?? [];
  let ok = 0;
  const total = j.printed.join('').length;
  if (read.length === j.printed.length) j.printed.forEach((l, i) => [...l].forEach((c, k) => (ok += read[i]![k] === c ? 1 : 0)));
  for (const g of ['all', j.category, j.font.startsWith('OCRB') ? 'OCR-B' : 'mono']) {
    const b = (by[g] ??= { n: 0, exact: 0, chars: 0, total: 0, located: 0 });
    b.n++;
    b.located += band ? 1 : 0;
    b.exact += read.join('\n') === j.printed.join('\n') ? 1 : 0;
    b.chars += ok;
    b.total += total;
  }
  if (process.env.PROBE_VERBOSE) console.log(j.id, j.category, j.font, band ? '' : 'NO BAND', read.join(' ') === j.printed.join(' ') ? 'ok' : `\n  ${j.printed.join(' ')}\n  ${read.join(' ')}`);
}
for (const [g, b] of Object.entries(by)) console.log(`${g.padEnd(14)} n=${b.n} located=${b.located} exact=${b.exact} chars=${((100 * b.chars) / b.total).toFixed(1)}%`);
