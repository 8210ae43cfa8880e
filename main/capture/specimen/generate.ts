// Synthetic SPECIMEN identity documents, drawn from SVG with sharp (librsvg + pango; the MRZ in the real
// OCR-B typeface, drawn as outlines from the font file shipped with the kiosk: main/fonts/ocr-b.ts). Used by training mode,
// tests and benchmarks: no real photo or person is ever involved, the portrait is a drawing and every page
// carries a large SPECIMEN watermark.
import sharp from 'sharp';
import type { OcrBFont } from '../../fonts/ocr-b';
import { checkedOcrBFont } from './ocr-b-check';
import { buildMrz, type BrokenCheckDigit, type MrzFormat, type MrzHolder } from './mrz';
import { seededRandom } from '../../../shared/seeded-random';

export type { BrokenCheckDigit, MrzFormat } from './mrz';

export interface SpecimenSpec extends MrzHolder {
  /** TD1 cards have the MRZ on the back; TD2 and TD3 on the front (the data page). */
  side: 'front' | 'back';
  /** Title printed on the document, e.g. 'PASSPORT', 'IDENTITY CARD', 'DRIVING LICENCE'. */
  title: string;
  personalNumber: string;
  /** Print one check digit wrong, for tests of the MRZ checks. */
  brokenCheckDigit?: BrokenCheckDigit | undefined;
  /** Render resolution; 300 dpi matches a scanner. */
  dpi?: number;
}

/** What a generated specimen really says: the spec's fields, minus how it was drawn. */
export interface SpecimenTruth extends MrzHolder {
  side: 'front' | 'back';
  personalNumber: string;
  brokenCheckDigit: BrokenCheckDigit | null;
  /** Whether the MRZ as printed passes every check digit. */
  checkDigitsValid: boolean;
}

export interface Specimen {
  jpeg: Buffer;
  width: number;
  height: number;
  /** The MRZ lines printed on this page (empty for sides without an MRZ, e.g. a TD1 front). */
  mrz: string[];
  /** The MRZ of the document (also for sides that do not show it), for cross-checks. */
  documentMrz: string[];
  truth: SpecimenTruth;
}

/** Physical sizes (mm) per ICAO 9303: ID-1 (TD1), ID-2 (TD2), ID-3 passport data page (TD3). */
export const DOCUMENT_SIZE_MM: Record<MrzFormat, { width: number; height: number }> = {
  TD1: { width: 85.6, height: 54 },
  TD2: { width: 105, height: 74 },
  TD3: { width: 125, height: 88 },
};

const MRZ_CHARS: Record<MrzFormat, number> = { TD1: 30, TD2: 36, TD3: 44 };

/** Issuing states for specimens. Real codes because the `mrz` parser (rightly) rejects the ICAO test state UTO. */
export const SPECIMEN_STATES: readonly { code: string; name: string }[] = [
  { code: 'NLD', name: 'NETHERLANDS' },
  { code: 'SWE', name: 'SWEDEN' },
  { code: 'NOR', name: 'NORWAY' },
  { code: 'DEU', name: 'GERMANY' },
  { code: 'BEL', name: 'BELGIUM' },
  { code: 'FIN', name: 'FINLAND' },
  { code: 'ESP', name: 'SPAIN' },
  { code: 'DNK', name: 'DENMARK' },
];

const SURNAMES = ['ERIKSSON', 'VAN DER BERG', 'MUSTERMANN', 'LAMBERT', 'VIRTANEN', 'HANSEN', 'GARCIA LOPEZ', 'DE VRIES', 'NYSTROM', 'PEETERS'];
const GIVEN_F = ['ANNA MARIA', 'ELIN', 'SOFIE', 'INGRID', 'LAURA', 'EMMA', 'CARMEN', 'FREJA'];
const GIVEN_M = ['JOHAN', 'PIETER JAN', 'LUKAS', 'MATTI', 'ERIK', 'PABLO', 'OLE', 'THOMAS'];

/** The same seed always gives the same specimen. */
export { seededRandom };

export interface RandomSpecimenOptions {
  format?: MrzFormat;
  side?: 'front' | 'back';
  /** Give the document an expiry date in the past. */
  expired?: boolean;
  brokenCheckDigit?: BrokenCheckDigit;
  issuingState?: string;
  /** Reference date for "expired"/"valid" (ISO); defaults to today. */
  now?: string;
  dpi?: number;
}

const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

export function randomSpecimenSpec(seed: number, opts: RandomSpecimenOptions = {}): SpecimenSpec {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const format = opts.format ?? pick<MrzFormat>(['TD1', 'TD2', 'TD3']);
  const state = opts.issuingState ?? pick(SPECIMEN_STATES).code;
  const sex = rnd() < 0.5 ? 'F' : 'M';
  const now = opts.now ? new Date(`${opts.now}T00:00:00Z`) : new Date();
  const year = now.getUTCFullYear();
  const birth = new Date(Date.UTC(year - 19 - Math.floor(rnd() * 60), Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)));
  // Valid documents expire 1..9 years from now; expired ones expired 1..3 years ago.
  const expiryYear = opts.expired ? year - 1 - Math.floor(rnd() * 3) : year + 1 + Math.floor(rnd() * 9);
  const expiry = new Date(Date.UTC(expiryYear, Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)));
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
  const documentNumber = pick(letters.split('')) + pick(letters.split('')) + digits(7);
  const titles: Record<MrzFormat, { title: string; code: string }> = {
    TD1: { title: 'IDENTITY CARD', code: 'ID' },
    TD2: { title: 'RESIDENCE CARD', code: 'IR' },
    TD3: { title: 'PASSPORT', code: 'P' },
  };
  return {
    format,
    side: opts.side ?? 'front',
    title: titles[format].title,
    documentCode: titles[format].code,
    issuingState: state,
    nationality: state,
    surname: pick(SURNAMES),
    givenNames: pick(sex === 'F' ? GIVEN_F : GIVEN_M),
    documentNumber,
    dateOfBirth: isoDate(birth),
    dateOfExpiry: isoDate(expiry),
    sex,
    personalNumber: format === 'TD2' ? '' : digits(format === 'TD3' ? 11 : 10),
    brokenCheckDigit: opts.brokenCheckDigit,
    dpi: opts.dpi ?? 300,
  };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** dd MMM yyyy as printed in the visual zone. */
function printedDate(iso: string): string {
  const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
  const [y, m, d] = iso.split('-');
  return `${d} ${months[Number(m) - 1]} ${y}`;
}

function stateName(code: string): string {
  return SPECIMEN_STATES.find((s) => s.code === code)?.name ?? code;
}

/** A drawn head-and-shoulders silhouette: obviously not a person, but face-shaped for layout and quality checks. */
export function portraitSvg(x: number, y: number, w: number, h: number, tone = '#c9a58b'): string {
  // Drawn in local coordinates inside a nested <svg>, which clips the shoulders to the photo frame.
  const cx = w / 2;
  return `<svg x="${x}" y="${y}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
  <rect x="0" y="0" width="${w}" height="${h}" fill="#dfe7ee"/>
  <ellipse cx="${cx}" cy="${h * 1.02}" rx="${w * 0.46}" ry="${h * 0.3}" fill="#3d4f63"/>
  <rect x="${cx - w * 0.09}" y="${h * 0.55}" width="${w * 0.18}" height="${h * 0.2}" fill="${tone}"/>
  <ellipse cx="${cx}" cy="${h * 0.42}" rx="${w * 0.26}" ry="${h * 0.24}" fill="${tone}"/>
  <path d="M ${cx - w * 0.27} ${h * 0.4} Q ${cx} ${h * 0.05} ${cx + w * 0.27} ${h * 0.4} Q ${cx} ${h * 0.22} ${cx - w * 0.27} ${h * 0.4} Z" fill="#4a3426"/>
  <ellipse cx="${cx - w * 0.09}" cy="${h * 0.42}" rx="${w * 0.03}" ry="${h * 0.018}" fill="#222"/>
  <ellipse cx="${cx + w * 0.09}" cy="${h * 0.42}" rx="${w * 0.03}" ry="${h * 0.018}" fill="#222"/>
  <path d="M ${cx - w * 0.08} ${h * 0.54} Q ${cx} ${h * 0.58} ${cx + w * 0.08} ${h * 0.54}" stroke="#7a3b30" stroke-width="${w * 0.015}" fill="none"/>
  <rect x="0" y="0" width="${w}" height="${h}" fill="none" stroke="#5b6b7a" stroke-width="${w * 0.02}"/>
  </svg>`;
}

/** Fine wavy lines like a security background; gives the page texture (as real documents have). */
function guillocheSvg(w: number, h: number, rnd: () => number, colour: string): string {
  const paths: string[] = [];
  const lines = 14;
  for (let i = 0; i < lines; i++) {
    const y0 = (h * (i + 0.5)) / lines;
    const amp = h * (0.015 + rnd() * 0.03);
    const period = w / (3 + rnd() * 4);
    let d = `M 0 ${y0.toFixed(1)}`;
    for (let x = 0; x <= w; x += w / 120) d += ` L ${x.toFixed(1)} ${(y0 + amp * Math.sin((2 * Math.PI * x) / period + i)).toFixed(1)}`;
    paths.push(`<path d="${d}" stroke="${colour}" stroke-width="${Math.max(1, w / 900)}" fill="none" opacity="0.55"/>`);
  }
  return paths.join('');
}

function mrzSvg(ocrB: OcrBFont, lines: string[], format: MrzFormat, mm: (v: number) => number, pageH: number): string {
  // OCR-B at the ICAO pitch of 2.54 mm per character (10 cpi); each character placed explicitly so the
  // pitch is exact whatever the font's advance width.
  const pitch = mm(2.54);
  const left = mm(format === 'TD3' ? 6 : format === 'TD2' ? 6.5 : 4.7);
  const lineGap = mm(format === 'TD1' ? 4.6 : 5.2);
  const fontSize = mm(3.4);
  const lastBaseline = pageH - mm(format === 'TD1' ? 3.6 : 4.2);
  const out: string[] = [`<rect x="0" y="${lastBaseline - lineGap * lines.length - mm(1)}" width="100%" height="${pageH}" fill="#fafaf7" opacity="0.6"/>`];
  lines.forEach((line, row) => {
    const baseline = lastBaseline - lineGap * (lines.length - 1 - row);
    for (let i = 0; i < line.length; i++) {
      out.push(ocrB.svgText(line[i]!, +(left + i * pitch).toFixed(1), +baseline.toFixed(1), +fontSize.toFixed(1), { fill: '#111' }));
    }
  });
  return out.join('');
}

/** Rejects with an OcrBFontError, before drawing anything, when the MRZ cannot be drawn in OCR-B. */
export async function generateSpecimen(spec: SpecimenSpec): Promise<Specimen> {
  const ocrB = await checkedOcrBFont();
  const dpi = spec.dpi ?? 300;
  const mm = (v: number): number => (v / 25.4) * dpi;
  const size = DOCUMENT_SIZE_MM[spec.format];
  const width = Math.round(mm(size.width));
  const height = Math.round(mm(size.height));
  const rnd = seededRandom(spec.documentNumber.split('').reduce((a, c) => a * 31 + c.charCodeAt(0), 7));

  const documentMrz = buildMrz({
    format: spec.format,
    documentCode: spec.documentCode,
    issuingState: spec.issuingState,
    nationality: spec.nationality,
    surname: spec.surname,
    givenNames: spec.givenNames,
    documentNumber: spec.documentNumber,
    dateOfBirth: spec.dateOfBirth,
    dateOfExpiry: spec.dateOfExpiry,
    sex: spec.sex,
    optionalData: spec.personalNumber,
    broken: spec.brokenCheckDigit,
  });
  for (const line of documentMrz) if (line.length !== MRZ_CHARS[spec.format]) throw new Error(`MRZ line has ${line.length} characters`);
  const showsMrz = spec.format !== 'TD1' || spec.side === 'back';

  const font = 'DejaVu Sans';
  // ID-1 cards are small: a tighter type scale so all seven fields fit above the bottom edge.
  const small = spec.format === 'TD1';
  const label = (x: number, y: number, text: string): string =>
    `<text x="${x}" y="${y}" font-family="${font}" font-size="${mm(small ? 1.45 : 1.7)}" fill="#4b5d6e">${esc(text)}</text>`;
  const value = (x: number, y: number, text: string): string =>
    `<text x="${x}" y="${y}" font-family="${font}" font-weight="bold" font-size="${mm(small ? 2.2 : 2.6)}" fill="#101820">${esc(text)}</text>`;

  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="#eef3f1"/>`);
  parts.push(guillocheSvg(width, height, rnd, spec.format === 'TD3' ? '#9fc3b5' : '#a9b8d6'));
  parts.push(`<rect x="0" y="0" width="${width}" height="${mm(9)}" fill="#21445f"/>`);
  parts.push(
    `<text x="${mm(4)}" y="${mm(6.2)}" font-family="${font}" font-weight="bold" font-size="${mm(3.6)}" fill="#fff">${esc(
      `${spec.title} · ${stateName(spec.issuingState)}`,
    )}</text>`,
  );

  if (spec.side === 'front') {
    const pw = mm(spec.format === 'TD1' ? 24 : 32);
    const ph = pw * 1.28;
    parts.push(portraitSvg(mm(4), mm(12), pw, ph));
    const x = mm(4) + pw + mm(5);
    let y = mm(small ? 13 : 15);
    const row = mm(small ? 5.3 : 7.2);
    const fields: [string, string][] = [
      ['Surname', spec.surname],
      ['Given names', spec.givenNames],
      ['Nationality', spec.nationality],
      ['Date of birth', printedDate(spec.dateOfBirth)],
      ['Sex', spec.sex],
      ['Document no.', spec.documentNumber],
      ['Date of expiry', printedDate(spec.dateOfExpiry)],
    ];
    for (const [k, v] of fields) {
      parts.push(label(x, y, k), value(x, y + mm(small ? 2.6 : 3), v));
      y += row;
    }
  } else {
    parts.push(label(mm(4), mm(14), 'Personal number'), value(mm(4), mm(17.5), spec.personalNumber || '—'));
    parts.push(label(mm(4), mm(23), 'Issuing authority'), value(mm(4), mm(26.5), `SPECIMEN AUTHORITY ${spec.issuingState}`));
  }
  parts.push(
    `<text x="${width / 2}" y="${height * 0.58}" text-anchor="middle" transform="rotate(-18 ${width / 2} ${height / 2})" font-family="${font}" font-weight="bold" font-size="${
      width / 6.2
    }" fill="#d0202a" opacity="0.33">SPECIMEN</text>`,
  );
  // The MRZ goes over the watermark (as on real documents, the MRZ zone is kept clear for OCR).
  if (showsMrz) parts.push(mrzSvg(ocrB, documentMrz, spec.format, mm, height));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
  const jpeg = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer();

  return {
    jpeg,
    width,
    height,
    mrz: showsMrz ? documentMrz : [],
    documentMrz,
    truth: {
      format: spec.format,
      side: spec.side,
      documentCode: spec.documentCode,
      issuingState: spec.issuingState,
      nationality: spec.nationality,
      surname: spec.surname,
      givenNames: spec.givenNames,
      documentNumber: spec.documentNumber,
      dateOfBirth: spec.dateOfBirth,
      dateOfExpiry: spec.dateOfExpiry,
      sex: spec.sex,
      personalNumber: spec.personalNumber,
      brokenCheckDigit: spec.brokenCheckDigit ?? null,
      checkDigitsValid: !spec.brokenCheckDigit,
    },
  };
}

/**
 * Options of the drawn selfie. 'cartoon' (default) is the flat drawing; 'shaded' adds
 * shading, eye whites, brows, nose and lips — still a drawing, never a photo of anyone — which a face
 * detector recognises reliably (BlazeFace ≈ 0.7–0.8 against ≈ 0.3–0.7 for the cartoon), so face-presence
 * checks can be tested. `faces`, `faceScale` and `centreX` make the off-nominal selfies those tests need.
 */
export interface SelfieOptions {
  style?: 'cartoon' | 'shaded';
  /** Shaded style: face width as a share of the frame's shorter side (default 0.36). */
  faceScale?: number;
  /** Shaded style: horizontal position of the (first) face centre, share of the width (default 0.5). */
  centreX?: number;
  /** Shaded style: number of faces side by side (default 1). */
  faces?: number;
}

/** A drawn synthetic face for the selfie step (training mode): a cartoon, never a photo of anyone. */
export async function generateSelfie(seed: number, width = 960, height = 1280, options: SelfieOptions = {}): Promise<{ jpeg: Buffer; width: number; height: number }> {
  const rnd = seededRandom(seed);
  const tones = ['#f1c7a5', '#d9a47f', '#b07b57', '#8a5a3c', '#e8b896'];
  const tone = tones[Math.floor(rnd() * tones.length)]!;
  if (options.style === 'shaded') return shadedSelfie(width, height, tone, options);
  // Head-and-shoulders box in portrait proportions whatever the frame shape (webcams are landscape).
  const boxW = Math.min(width * 0.8, height * 0.92 * 0.75);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="${height}" fill="#c8d3dc"/>
    ${portraitSvg((width - boxW) / 2, height * 0.08, boxW, height * 0.92, tone)}
    <text x="${width / 2}" y="${height * 0.07}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${width / 12}" fill="#d0202a">SPECIMEN</text>
  </svg>`;
  const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
  return { jpeg, width, height };
}

/** Darker shade of a #rrggbb tone (for the shaded face's gradient). */
function darker(hex: string, factor = 0.72): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const c = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => Math.round(v * factor));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** One shaded drawn face (head and shoulders) centred at (cx, cy), face width s. */
function shadedFaceSvg(cx: number, cy: number, s: number, tone: string, id: number): string {
  const shade = darker(tone);
  const h = s * 1.3;
  return `<defs>
    <radialGradient id="skin${id}" cx="50%" cy="40%" r="60%"><stop offset="0%" stop-color="${tone}"/><stop offset="100%" stop-color="${shade}"/></radialGradient>
    <linearGradient id="nose${id}" x1="0" x2="1"><stop offset="0%" stop-color="${shade}" stop-opacity="0"/><stop offset="100%" stop-color="${shade}" stop-opacity="0.9"/></linearGradient>
    <filter id="soft${id}"><feGaussianBlur stdDeviation="${(s * 0.012).toFixed(2)}"/></filter>
  </defs>
  <ellipse cx="${cx}" cy="${cy + h * 0.95}" rx="${s * 1.1}" ry="${h * 0.45}" fill="#3d4f63"/>
  <rect x="${cx - s * 0.22}" y="${cy + h * 0.3}" width="${s * 0.44}" height="${h * 0.45}" fill="${shade}"/>
  <ellipse cx="${cx - s * 0.5}" cy="${cy + h * 0.02}" rx="${s * 0.08}" ry="${h * 0.1}" fill="${shade}"/>
  <ellipse cx="${cx + s * 0.5}" cy="${cy + h * 0.02}" rx="${s * 0.08}" ry="${h * 0.1}" fill="${shade}"/>
  <ellipse cx="${cx}" cy="${cy}" rx="${s * 0.5}" ry="${h * 0.5}" fill="url(#skin${id})"/>
  <path d="M ${cx - s * 0.52} ${cy - h * 0.05} Q ${cx - s * 0.55} ${cy - h * 0.62} ${cx} ${cy - h * 0.58} Q ${cx + s * 0.55} ${cy - h * 0.62} ${cx + s * 0.52} ${cy - h * 0.05} Q ${cx + s * 0.45} ${cy - h * 0.35} ${cx} ${cy - h * 0.36} Q ${cx - s * 0.45} ${cy - h * 0.35} ${cx - s * 0.52} ${cy - h * 0.05} Z" fill="#3b2a20"/>
  <g filter="url(#soft${id})">
    <path d="M ${cx - s * 0.33} ${cy - h * 0.13} Q ${cx - s * 0.2} ${cy - h * 0.19} ${cx - s * 0.07} ${cy - h * 0.13}" stroke="#3b2a20" stroke-width="${s * 0.04}" fill="none"/>
    <path d="M ${cx + s * 0.07} ${cy - h * 0.13} Q ${cx + s * 0.2} ${cy - h * 0.19} ${cx + s * 0.33} ${cy - h * 0.13}" stroke="#3b2a20" stroke-width="${s * 0.04}" fill="none"/>
    <ellipse cx="${cx - s * 0.2}" cy="${cy - h * 0.04}" rx="${s * 0.1}" ry="${h * 0.035}" fill="#fff"/>
    <ellipse cx="${cx + s * 0.2}" cy="${cy - h * 0.04}" rx="${s * 0.1}" ry="${h * 0.035}" fill="#fff"/>
    <circle cx="${cx - s * 0.2}" cy="${cy - h * 0.04}" r="${s * 0.045}" fill="#4a3222"/>
    <circle cx="${cx + s * 0.2}" cy="${cy - h * 0.04}" r="${s * 0.045}" fill="#4a3222"/>
    <circle cx="${cx - s * 0.2}" cy="${cy - h * 0.04}" r="${s * 0.02}" fill="#000"/>
    <circle cx="${cx + s * 0.2}" cy="${cy - h * 0.04}" r="${s * 0.02}" fill="#000"/>
    <path d="M ${cx} ${cy - h * 0.02} L ${cx + s * 0.07} ${cy + h * 0.14} L ${cx - s * 0.06} ${cy + h * 0.15} Z" fill="url(#nose${id})"/>
    <ellipse cx="${cx - s * 0.05}" cy="${cy + h * 0.155}" rx="${s * 0.025}" ry="${h * 0.01}" fill="#5a3a2a" opacity="0.7"/>
    <ellipse cx="${cx + s * 0.05}" cy="${cy + h * 0.155}" rx="${s * 0.025}" ry="${h * 0.01}" fill="#5a3a2a" opacity="0.7"/>
    <path d="M ${cx - s * 0.15} ${cy + h * 0.26} Q ${cx} ${cy + h * 0.22} ${cx + s * 0.15} ${cy + h * 0.26} Q ${cx} ${cy + h * 0.32} ${cx - s * 0.15} ${cy + h * 0.26} Z" fill="#a4534a"/>
  </g>`;
}

async function shadedSelfie(width: number, height: number, tone: string, options: SelfieOptions): Promise<{ jpeg: Buffer; width: number; height: number }> {
  const count = Math.max(1, options.faces ?? 1);
  const s = Math.min(width, height) * (options.faceScale ?? 0.36);
  const centre = (options.centreX ?? 0.5) * width;
  // Several faces stand side by side around the centre, a face and a half apart.
  const faces = Array.from({ length: count }, (_, i) => shadedFaceSvg(centre + (i - (count - 1) / 2) * s * 1.6, height * 0.48, s, tone, i)).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="${height}" fill="#c8d3dc"/>
    ${faces}
    <text x="${width / 2}" y="${height * 0.07}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="${Math.min(width / 20, height / 12)}" fill="#d0202a">SPECIMEN</text>
  </svg>`;
  const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
  return { jpeg, width, height };
}
