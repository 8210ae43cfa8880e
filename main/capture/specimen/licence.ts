// Specimen driving-licence back with a PDF417 barcode holding the licence data in the AAMVA format
// as North American licences carry it. Synthetic: the data is the specimen's, the card says
// SPECIMEN. The barcode is written with zxing-wasm, the same library the kiosk decodes it with — the tests
// check the decoded fields against the specimen's truth, not against the writer.
import sharp from 'sharp';
import { buildAamva, type AamvaField } from '../../precheck/aamva';
import { writePdf417Png } from '../../precheck/pdf417';
import { DOCUMENT_SIZE_MM, type SpecimenSpec } from './generate';

export interface LicenceBarcodeOptions {
  /** Fields written differently in the barcode than on the card (to test the comparison). */
  differ?: Partial<Record<AamvaField, string>>;
}

/** The AAMVA fields for a specimen (what the front shows). */
export function aamvaFieldsFor(spec: SpecimenSpec): Partial<Record<AamvaField, string>> {
  const [first, ...middle] = spec.givenNames.split(' ');
  return {
    lastName: spec.surname,
    firstName: first!,
    ...(middle.length ? { middleName: middle.join(' ') } : {}),
    dateOfBirth: spec.dateOfBirth,
    dateOfExpiry: spec.dateOfExpiry,
    documentNumber: spec.documentNumber,
    sex: spec.sex,
    country: 'USA',
  };
}

export async function generateLicenceBack(spec: SpecimenSpec, options: LicenceBarcodeOptions = {}): Promise<{ jpeg: Buffer; width: number; height: number; aamva: string }> {
  const dpi = spec.dpi ?? 300;
  const mm = (v: number): number => (v / 25.4) * dpi;
  const width = Math.round(mm(DOCUMENT_SIZE_MM.TD1.width));
  const height = Math.round(mm(DOCUMENT_SIZE_MM.TD1.height));
  const aamva = buildAamva({ fields: { ...aamvaFieldsFor(spec), ...options.differ } });
  const png = await writePdf417Png(aamva, 3);
  // The symbol fills most of the card's width, as on real licences; quiet zone kept white.
  const barcodeW = Math.round(width * 0.86);
  const symbol = await sharp(png).flatten({ background: '#ffffff' }).resize({ width: barcodeW, kernel: 'nearest' }).png().toBuffer();
  const symbolH = (await sharp(symbol).metadata()).height ?? 0;
  const top = Math.round(height * 0.3);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="${height}" rx="${mm(3)}" fill="#f3f1ea"/>
    <text x="${mm(4)}" y="${mm(7)}" font-family="DejaVu Sans" font-weight="bold" font-size="${mm(3.2)}" fill="#1d3557">DRIVING LICENCE · ${spec.issuingState}</text>
    <text x="${mm(4)}" y="${mm(12)}" font-family="DejaVu Sans" font-size="${mm(2.2)}" fill="#333">Restrictions: NONE   Endorsements: NONE   Class: D</text>
    <rect x="${(width - barcodeW) / 2 - mm(1)}" y="${top - mm(1)}" width="${barcodeW + mm(2)}" height="${symbolH + mm(2)}" fill="#ffffff"/>
    <text x="${width / 2}" y="${height - mm(3)}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${mm(4)}" fill="#d0202a" opacity="0.55">SPECIMEN</text>
  </svg>`;
  const jpeg = await sharp(Buffer.from(svg))
    .composite([{ input: symbol, left: Math.round((width - barcodeW) / 2), top }])
    .jpeg({ quality: 92 })
    .toBuffer();
  return { jpeg, width, height, aamva };
}
