// Reads the MRZ of one image file with a fresh reader in this process and prints what it read as one JSON
// line. Tests run it as a child process to read an image under another environment (e.g. VIPS_NOVECTOR=1:
// libvips' plain C code, what a CPU without the vector instructions it looks for gets) and compare.
import { readFileSync } from 'node:fs';
import { createMrzReader } from '../../main/precheck/mrz-ocr';

const file = process.argv[2];
if (!file) throw new Error('usage: read-mrz-once.ts <image file>');
const reader = await createMrzReader();
try {
  const r = await reader.read(readFileSync(file));
  process.stdout.write(`${JSON.stringify({ status: r.status, format: r.format, rawLines: r.rawLines, lines: r.lines, checks: r.checks })}\n`);
} finally {
  await reader.close();
}
