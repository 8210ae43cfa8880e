// PDF417 on driving licences: decoded offline with zxing-wasm (ZXing-C++ compiled to WASM). The
// .wasm is read from node_modules and handed to the module — by default zxing-wasm would fetch it from a
// CDN. One module (reader + writer) is loaded once and reused; a decode takes ~10–90 ms, so it runs inline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BarcodePrecheck, MrzPrecheck } from '../../shared/precheck';
import { parseAamva, type AamvaField } from './aamva';
import type { BarcodeChecker } from './service';

const requireHere = createRequire(import.meta.url);
type ZXing = typeof import('zxing-wasm/full');
let loaded: Promise<ZXing> | null = null;

/** The zxing-wasm module with its WASM binary from node_modules (never fetched). */
export function loadZXing(): Promise<ZXing> {
  loaded ??= (async () => {
    const zxing = await import('zxing-wasm/full');
    const wasm = readFileSync(requireHere.resolve('zxing-wasm/full/zxing_full.wasm'));
    await zxing.prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
      fireImmediately: true,
    });
    return zxing;
  })();
  return loaded;
}

/** Decodes the PDF417 symbols in an image (PNG/JPEG bytes); text kept byte-exact (AAMVA separators). */
export async function readPdf417(image: Buffer): Promise<Array<{ text: string; valid: boolean }>> {
  const zxing = await loadZXing();
  const results = await zxing.readBarcodes(new Uint8Array(image), { formats: ['PDF417'], tryHarder: true, textMode: 'Plain' });
  return results.map((r) => ({ text: r.text, valid: r.isValid }));
}

/** Encodes text as a PDF417 PNG (specimen licences). */
export async function writePdf417Png(text: string, scale = 3): Promise<Buffer> {
  const zxing = await loadZXing();
  const out = await zxing.writeBarcode(text, { format: 'PDF417', scale, options: 'ecLevel=5' });
  if (!out.image) throw new Error(`PDF417 could not be written: ${out.error}`);
  return Buffer.from(await out.image.arrayBuffer());
}

const norm = (s: string | null | undefined): string => (s ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');

/** Barcode vs MRZ, field by field (names: the MRZ may truncate, so a prefix counts as agreement). */
export function compareWithMrz(fields: Partial<Record<AamvaField, string>>, mrz: MrzPrecheck | null): BarcodePrecheck['comparisons'] {
  if (!mrz || mrz.status === 'unreadable') return [];
  const pairs: Array<[string, string | undefined, string | null, 'exact' | 'prefix']> = [
    ['lastName', fields.lastName, mrz.lastName, 'prefix'],
    ['firstName', [fields.firstName, fields.middleName].filter(Boolean).join(' ') || undefined, mrz.firstName, 'prefix'],
    ['dateOfBirth', fields.dateOfBirth, mrz.dateOfBirth, 'exact'],
    ['documentNumber', fields.documentNumber, mrz.documentNumber, 'exact'],
    ['dateOfExpiry', fields.dateOfExpiry, mrz.dateOfExpiry, 'exact'],
  ];
  return pairs.map(([key, barcode, front, how]) => {
    const a = norm(barcode);
    const b = norm(front);
    const agree = !a || !b ? null : how === 'exact' ? a === b : a.startsWith(b) || b.startsWith(a);
    return { key, barcode: barcode ?? null, front, agree };
  });
}

export function createBarcodeChecker(): BarcodeChecker & { ready: Promise<unknown> } {
  const ready = loadZXing();
  ready.catch(() => {}); // reported by check()
  return {
    ready,
    async check(jpeg, { mrz }) {
      const symbols = await readPdf417(jpeg);
      const record = symbols.map((s) => parseAamva(s.text)).find((r) => r !== null) ?? null;
      if (!record) {
        // A licence side without a barcode (most fronts) is no news; a PDF417 that is not AAMVA is said.
        if (symbols.length === 0) return null;
        return { found: true, format: 'PDF417', fields: {}, comparisons: [], message: 'A barcode was read, but it does not hold licence data in the AAMVA format.' };
      }
      const comparisons = compareWithMrz(record.fields, mrz);
      const differs = comparisons.filter((c) => c.agree === false).map((c) => c.key);
      return {
        found: true,
        format: 'PDF417',
        fields: record.fields as Record<string, string>,
        comparisons,
        message: differs.length ? `The barcode differs from the machine-readable lines in: ${differs.join(', ')}. Check the document by hand.` : null,
      };
    },
  };
}
