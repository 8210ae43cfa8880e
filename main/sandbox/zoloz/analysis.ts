// How the emulator decides a recognition result from the uploaded images: it really decodes them
// (sharp), calls a blurred image BLUR (Laplacian-based sharpness estimate), and, when an MRZ reader
// is plugged in (the kiosk's precheck OCR), reads the MRZ, validates its check digits with `mrz`
// and returns the fields ZOLOZ returns for passports. Without a reader it returns a fixed specimen.
import sharp, { type Metadata } from 'sharp';
import { parse as parseMrz } from 'mrz';

export interface AnalysisInput {
  front: Buffer;
  back: Buffer | null;
  docType: string | null;
  autoDocCategory: string[] | null;
}

export interface AnalysisVerdict {
  certType: string;
  docCategory: string;
  docEdition: number;
  recognitionResult: 'Y' | 'N';
  recognitionErrorCode: string;
  recognitionErrorDescription: string;
  ocrResult: Record<string, string>;
  ocrResultDetail: Record<string, { name: string; source: string; value: string }>;
  spoofResult: Record<string, string>;
  /** JPEG of the portrait area, base64, for CROPPED_FACE_FROM_DOC. */
  croppedFace: string | null;
}

export type Analyzer = (input: AnalysisInput) => Promise<AnalysisVerdict>;

export interface AnalyzerOptions {
  /** Returns the MRZ lines found in an image, or null. Plug in the precheck OCR here. */
  readMrz?: (image: Buffer) => Promise<string[] | null>;
  /** sharp `stats().sharpness` below this is BLUR. Synthetic specimens: ~2.9 sharp, ~0.16 at blur σ=4. */
  blurThreshold?: number;
  /** Shortest side below this is BLUR (too little detail to read). */
  minSide?: number;
}

const PASS_SPOOF = { TAMPER_CHECK: 'Y', MATERIAL_CHECK: 'Y', SCREEN_RECAPTURE_CHECK: 'Y' };

function categoryOf(input: AnalysisInput): { certType: string; docCategory: string } {
  if (input.docType) return { certType: input.docType, docCategory: input.docType.startsWith('0000000100') ? 'PASSPORT' : 'ID_CARD' };
  const cat = input.autoDocCategory?.[0] ?? 'PASSPORT';
  return { certType: cat === 'PASSPORT' || cat === 'ALL' ? '00000001003' : cat === 'DRIVING_LICENSE' ? '00610000001' : '08520000001', docCategory: cat === 'ALL' ? 'PASSPORT' : cat };
}

function fail(base: { certType: string; docCategory: string }, code: string, description: string): AnalysisVerdict {
  return { ...base, docEdition: 1, recognitionResult: 'N', recognitionErrorCode: code, recognitionErrorDescription: description, ocrResult: {}, ocrResultDetail: {}, spoofResult: {}, croppedFace: null };
}

/** yymmdd → yyyy/mm/dd (STANDARDIZED_* format). */
function standardized(yymmdd: string, kind: 'birth' | 'expiry', now: Date): string {
  const yy = Number(yymmdd.slice(0, 2));
  const cur = now.getUTCFullYear() % 100;
  const century = kind === 'birth' ? (yy > cur ? 1900 : 2000) : yy > cur + 20 ? 1900 : 2000;
  return `${century + yy}/${yymmdd.slice(2, 4)}/${yymmdd.slice(4, 6)}`;
}

export function createDefaultAnalyzer(options: AnalyzerOptions = {}, now: () => Date = () => new Date()): Analyzer {
  const blurThreshold = options.blurThreshold ?? 0.3;
  const minSide = options.minSide ?? 300;
  return async (input) => {
    const base = categoryOf(input);
    let meta: Metadata;
    let sharpness: number;
    try {
      meta = await sharp(input.front).metadata();
      sharpness = (await sharp(input.front).stats()).sharpness;
    } catch {
      return fail(base, 'UNKNOWN', 'The image could not be decoded');
    }
    const w = meta.width ?? 0;
    const h = meta.height ?? 0;
    if (Math.min(w, h) < minSide || sharpness < blurThreshold) return fail(base, 'BLUR', 'The image is blurred');

    // Portrait region of an ID-1/TD3 data page: left third, upper three quarters.
    const croppedFace = (
      await sharp(input.front)
        .extract({ left: Math.round(w * 0.03), top: Math.round(h * 0.15), width: Math.max(1, Math.round(w * 0.3)), height: Math.max(1, Math.round(h * 0.6)) })
        .resize({ width: 240, withoutEnlargement: true })
        .jpeg({ quality: 80 })
        .toBuffer()
    ).toString('base64');

    const lines = options.readMrz ? await options.readMrz(input.front) : null;
    if (options.readMrz && base.docCategory === 'PASSPORT' && !lines) return fail(base, 'NO_REQUIRED_ID', 'No passport MRZ was found');
    if (!lines) {
      // No reader: a fixed synthetic specimen (ICAO 9303's example person).
      const ocr = { LAST_NAME: 'ERIKSSON', FIRST_NAME: 'ANNA MARIA', ID_NUMBER: 'L898902C3', SEX: 'F', DATE_OF_BIRTH: '740812', STANDARDIZED_DATE_OF_BIRTH: '1974/08/12', EXPIRY_DATE: '340415', STANDARDIZED_DATE_OF_EXPIRY: '2034/04/15', COUNTRY_CODE: 'UTO', ISSUING_STATE: 'UTO' };
      return { ...base, docEdition: 1, recognitionResult: 'Y', recognitionErrorCode: '', recognitionErrorDescription: '', ocrResult: ocr, ocrResultDetail: detail(ocr, 'MRZ'), spoofResult: { ...PASS_SPOOF }, croppedFace };
    }
    let parsed: ReturnType<typeof parseMrz>;
    try {
      parsed = parseMrz(lines);
    } catch {
      return fail(base, 'NO_REQUIRED_ID', 'The MRZ has an unknown format');
    }
    const badDigits = parsed.details.filter((d) => !d.valid && /CheckDigit$/.test(d.field ?? ''));
    if (badDigits.length > 0) return fail(base, 'NOT_REAL_DOC', `MRZ check digits do not match: ${badDigits.map((d) => d.field).join(', ')}`);
    const f = parsed.fields;
    const ocr: Record<string, string> = {};
    const put = (k: string, v: string | null | undefined) => {
      if (v) ocr[k] = v;
    };
    put('LAST_NAME', f.lastName);
    put('FIRST_NAME', f.firstName);
    put('ID_NUMBER', f.documentNumber);
    put('SEX', f.sex === 'male' ? 'M' : f.sex === 'female' ? 'F' : null);
    const birth = f.birthDate;
    const expiry = f.expirationDate;
    put('DATE_OF_BIRTH', birth);
    if (birth) put('STANDARDIZED_DATE_OF_BIRTH', standardized(birth, 'birth', now()));
    put('EXPIRY_DATE', expiry);
    if (expiry) put('STANDARDIZED_DATE_OF_EXPIRY', standardized(expiry, 'expiry', now()));
    // `mrz` nulls codes it does not know (e.g. the specimen state UTO); take them from the raw line.
    put('COUNTRY_CODE', f.nationality ?? lines[1]?.slice(10, 13).replace(/</g, '') ?? null);
    put('ISSUING_STATE', f.issuingState ?? lines[0]?.slice(2, 5).replace(/</g, '') ?? null);
    return { ...base, docEdition: 1, recognitionResult: 'Y', recognitionErrorCode: '', recognitionErrorDescription: '', ocrResult: ocr, ocrResultDetail: detail(ocr, 'MRZ'), spoofResult: { ...PASS_SPOOF }, croppedFace };
  };
}

function detail(ocr: Record<string, string>, source: string): AnalysisVerdict['ocrResultDetail'] {
  const out: AnalysisVerdict['ocrResultDetail'] = {};
  for (const [name, value] of Object.entries(ocr)) if (!name.startsWith('STANDARDIZED_')) out[`${source}_${name}`] = { name, source, value };
  return out;
}
