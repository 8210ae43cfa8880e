// The sandbox's "analyst": given the uploaded images, decide what ZignSec would answer. The default
// judge only knows what it can honestly see in the pixels (readable? big enough? not blank?) and
// never invents a person: identity stays null. An MRZ-reading judge (judge-mrz.ts) plugs in here.
import sharp from 'sharp';
import type { AnalysisType, ZignSecDocumentType } from '../../providers/zignsec/schemas';

export interface JudgeDocument {
  documentType: ZignSecDocumentType;
  jpeg: Buffer;
  fileName: string;
}

/** A field as read from each zone; scores per ZignSec: 0 not checked, 1 passed, 2 failed. */
export interface JudgedField {
  name: string;
  mrz: string | null;
  visual: string | null;
  barcode: string | null;
  scores?: Partial<Record<'Mrz' | 'Visual' | 'Barcode' | 'MrzVisual' | 'MrzBarcode' | 'VisualBarcode', number>>;
}

/** What the judge knows about the holder; everything null when it could not read it. */
export interface JudgedIdentity {
  firstName: string | null;
  lastName: string | null;
  /** ISO yyyy-mm-dd */
  dateOfBirth: string | null;
  gender: 'M' | 'F' | null;
  personalNumber: string | null;
  documentNumber: string | null;
  /** ISO 3166 alpha-3, as in the MRZ */
  nationality: string | null;
  /** ISO 3166 alpha-2 lower case, as ZignSec's identity.country_code */
  countryCode: string | null;
  issuerState: string | null;
  /** ISO yyyy-mm-dd */
  expirationDate: string | null;
}

export type JudgedResult = 'ACCEPTED' | 'DECLINED' | 'FAILED' | 'NOT_REQUESTED';

export interface DocumentVerdict {
  result: JudgedResult;
  /** Sentence for FAILED, comma-separated failed fields for DECLINED. */
  reason: string | null;
  error: string | null;
  documentTypeName: string | null;
  failedFields: string[];
  fields: JudgedField[];
  identity: JudgedIdentity | null;
  /** Crops found on the document (ZignSec: type 201 Portrait, 204 Signature), served back as found_image_parts. */
  imageParts?: Array<{ type: number; name: string; jpeg: Buffer }>;
}

export interface SelfieVerdict {
  result: JudgedResult;
  /** 0..1, null when no comparison was made. */
  confidence: number | null;
  message: string;
}

export interface Verdict {
  document: DocumentVerdict;
  selfie: SelfieVerdict;
}

export type Judge = (docs: JudgeDocument[], context: { analysisTypes: AnalysisType[]; now: Date }) => Promise<Verdict>;

/** Smallest short side a document photo may have before ZignSec could not find a document in it. */
const MIN_SHORT_SIDE = 300;
/** Below this luminance standard deviation the image is blank (lens cap, empty scanner bed). */
const MIN_STDEV = 6;

export type ImageCheck = { ok: true; width: number; height: number } | { ok: false; why: string };

export async function inspectImage(jpeg: Buffer): Promise<ImageCheck> {
  try {
    const img = sharp(jpeg);
    const meta = await img.metadata();
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    if (Math.min(width, height) < MIN_SHORT_SIDE) return { ok: false, why: `image too small (${width}×${height})` };
    const stats = await sharp(jpeg).greyscale().stats();
    if ((stats.channels[0]?.stdev ?? 0) < MIN_STDEV) return { ok: false, why: 'image is blank' };
    return { ok: true, width, height };
  } catch {
    return { ok: false, why: 'image could not be decoded' };
  }
}

/** How the emulator names each document type in its replies. */
export const TYPE_NAMES: Record<ZignSecDocumentType, string> = {
  Passport: 'Passport',
  IdentityCard: 'Identity card',
  DriversLicense: "Driver's license",
  Selfie: 'Selfie',
  OtherDocument: 'Other document',
};

const notRequested = (what: string): SelfieVerdict => ({ result: 'NOT_REQUESTED', confidence: null, message: `${what} analysis not requested` });

/** Default judge: image sanity only. */
export const defaultJudge: Judge = async (docs, { analysisTypes }) => {
  // An OtherDocument beside a real document is stored without analysis (ZignSec: "only an upload option,
  // no OCR or analysis is done"), so it neither passes nor fails the document check.
  const withOther = docs.filter((d) => d.documentType !== 'Selfie');
  const analysed = withOther.filter((d) => d.documentType !== 'OtherDocument');
  const idDocs = analysed.length > 0 ? analysed : withOther;
  const selfies = docs.filter((d) => d.documentType === 'Selfie');

  let document: DocumentVerdict;
  if (!analysisTypes.includes('document')) {
    document = { result: 'NOT_REQUESTED', reason: null, error: null, documentTypeName: null, failedFields: [], fields: [], identity: null };
  } else if (idDocs.length === 0) {
    document = { result: 'FAILED', reason: 'Document not found', error: 'No document image was uploaded', documentTypeName: null, failedFields: [], fields: [], identity: null };
  } else {
    const checks = await Promise.all(idDocs.map((d) => inspectImage(d.jpeg)));
    const bad = checks.find((c): c is { ok: false; why: string } => !c.ok);
    const typeName = `${TYPE_NAMES[idDocs[0]!.documentType]} (training sandbox)`;
    if (bad) document = { result: 'FAILED', reason: 'Document not found', error: `Document not found: ${bad.why}`, documentTypeName: null, failedFields: [], fields: [], identity: null };
    else if (idDocs.every((d) => d.documentType === 'OtherDocument'))
      // ZignSec: "Only an upload option, no OCR or analysis is done on document."
      document = { result: 'ACCEPTED', reason: 'Stored without analysis (other document)', error: null, documentTypeName: typeName, failedFields: [], fields: [], identity: null };
    else document = { result: 'ACCEPTED', reason: null, error: null, documentTypeName: typeName, failedFields: [], fields: [], identity: null };
  }

  let selfie: SelfieVerdict;
  if (!analysisTypes.includes('selfie')) selfie = notRequested('Selfie');
  else if (selfies.length === 0) selfie = { result: 'FAILED', confidence: null, message: 'No selfie was uploaded' };
  else {
    const check = await inspectImage(selfies[0]!.jpeg);
    selfie = check.ok
      ? // No face comparison in the default judge: accepted on image sanity, similarity unknown (null), said plainly.
        { result: 'ACCEPTED', confidence: null, message: 'Training sandbox: selfie accepted without face comparison' }
      : { result: 'FAILED', confidence: null, message: `Face not found: ${check.why}` };
  }
  return { document, selfie };
};
