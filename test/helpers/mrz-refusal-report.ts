// What a test prints when the kiosk's MRZ reader refused an image it should have accepted, so a failure
// seen once (on a CI machine) says where to look: whether the stored capture is the image this machine's
// generator draws for the document, whether a fresh reader (one that has read nothing else) accepts that
// same stored image, and the facts of the machine that decide which code paths libvips and tesseract take.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import sharp from 'sharp';
import { createMrzReader } from '../../main/precheck/mrz-ocr';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex').slice(0, 16);

/** The CPU features libvips (highway), libjpeg and V8's WebAssembly SIMD choose their code by. */
function cpuFeatures(): string {
  try {
    const flags = /^flags\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(' ') ?? [];
    return ['ssse3', 'sse4_1', 'sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw'].filter((f) => flags.includes(f)).join(' ');
  } catch {
    return 'unknown';
  }
}

/**
 * A report on the stored capture `stored` that the kiosk read as refused; `expected` is the image the
 * specimen generator draws for the same document here and now (as stored), when the test has one.
 */
export async function mrzRefusalReport(stored: Buffer, expected?: Buffer): Promise<string> {
  const lines: string[] = [];
  lines.push(`stored capture sha256 ${sha(stored)} (${stored.length} bytes)${expected ? `; drawn again here: ${sha(expected)}${sha(expected) === sha(stored) ? ' (same image)' : ' (A DIFFERENT IMAGE)'}` : ''}`);
  const fresh = await createMrzReader();
  try {
    const r = await fresh.read(stored);
    lines.push(`a fresh reader on the stored capture: ${r.status}; raw lines ${JSON.stringify(r.rawLines)}; problems ${JSON.stringify(r.problems)}`);
  } catch (e) {
    lines.push(`a fresh reader on the stored capture failed: ${String(e)}`);
  } finally {
    await fresh.close();
  }
  lines.push(`machine: ${cpus()[0]?.model ?? '?'} x${cpus().length}; cpu flags: ${cpuFeatures()}; libvips vector code ${sharp.simd() ? 'on' : 'off'}; libvips ${sharp.versions.vips}; VIPS_NOVECTOR=${process.env.VIPS_NOVECTOR ?? ''}`);
  return lines.join('\n');
}
