// Sandbox "analysts" that read the MRZ with the kiosk's own precheck reader, so training mode answers
// the way the real services would for the same document:
//  - ZignSec (Judge): ACCEPTED with found_text_fields and identity from the MRZ when every check digit
//    passes and the document is in date; DECLINED naming the failing fields (Date_of_Expiry and
//    RemainderTerm when expired; Document_Number_CheckDigit, FinalCheckDigit… when check digits fail);
//    FAILED when no document or MRZ can be found. Field names and scores as in the ZignSec v3 spec
//    (scores: 1 passed, 2 failed).
//  - ZOLOZ (Analyzer): the emulator's default analyzer fed with the lines we read (it validates check
//    digits and answers NOT_REAL_DOC naming them); no MRZ on a passport/ID card → NO_REQUIRED_ID.
//    ZOLOZ's ID recognition does not judge expiry itself: it returns the dates and the client decides.
import { createDefaultAnalyzer, type Analyzer, type AnalysisVerdict } from './zoloz/analysis';
import { defaultJudge, inspectImage, TYPE_NAMES, type DocumentVerdict, type JudgedField, type JudgedIdentity, type Judge } from './zignsec/judge';
import type { MrzReader, MrzReadResult } from '../precheck/mrz-ocr';
import type { CheckDigitName } from '../precheck/mrz-parse';
import { ageOn, mrzDateToIso } from '../precheck/summary';

/** Reads every image and keeps the best result: accepted first, then the one with most valid check digits. */
export async function readBest(reader: Pick<MrzReader, 'read'>, images: Array<Buffer | null | undefined>): Promise<MrzReadResult | null> {
  let best: MrzReadResult | null = null;
  const rank = (r: MrzReadResult): number =>
    r.status === 'accepted' ? 1000 : r.status === 'invalid' ? 100 + Object.values(r.checks).filter(Boolean).length : 0;
  for (const img of images) {
    if (!img) continue;
    const r = await reader.read(img);
    if (!best || rank(r) > rank(best)) best = r;
    if (r.status === 'accepted') break;
  }
  return best;
}

/** ISO 3166 alpha-3 → alpha-2 for the states a branch is likely to see (ZignSec identity.country_code). */
const ALPHA2: Record<string, string> = {
  AUT: 'at', BEL: 'be', BGR: 'bg', CHE: 'ch', CYP: 'cy', CZE: 'cz', DEU: 'de', D: 'de', DNK: 'dk', ESP: 'es', EST: 'ee', FIN: 'fi',
  FRA: 'fr', GBR: 'gb', GRC: 'gr', HRV: 'hr', HUN: 'hu', IRL: 'ie', ISL: 'is', ITA: 'it', LIE: 'li', LTU: 'lt', LUX: 'lu', LVA: 'lv',
  MLT: 'mt', NLD: 'nl', NOR: 'no', POL: 'pl', PRT: 'pt', ROU: 'ro', SVK: 'sk', SVN: 'si', SWE: 'se', UKR: 'ua', USA: 'us',
};

const CHECK_FIELD_NAME: Record<CheckDigitName, string> = {
  documentNumber: 'Document_Number_CheckDigit',
  birthDate: 'Date_of_Birth_CheckDigit',
  expirationDate: 'Date_of_Expiry_CheckDigit',
  personalNumber: 'Optional_Data_CheckDigit',
  composite: 'FinalCheckDigit',
};
/** The data field each check digit protects (ZignSec names the field as failed too). */
const CHECKED_FIELD_NAME: Partial<Record<CheckDigitName, string>> = {
  documentNumber: 'Document_Number',
  birthDate: 'Date_of_Birth',
  expirationDate: 'Date_of_Expiry',
  personalNumber: 'Optional_Data',
};

/** ZignSec writes dates as m/d/yyyy. */
const usDate = (iso: string | null): string | null => {
  if (!iso) return null;
  const [y, m, d] = iso.split('-').map(Number);
  return `${m}/${d}/${y}`;
};

function fieldValue(read: MrzReadResult, name: string): string | null {
  if (read.fields) {
    const v = read.fields as unknown as Record<string, string>;
    if (name === 'personalNumber' || name === 'optional' || name === 'optional1') return read.fields.personalNumber || null;
    return v[name] ?? null;
  }
  return read.fieldChecks.find((f) => f.field === name)?.value ?? null;
}

function identityFrom(read: MrzReadResult, now: Date): JudgedIdentity {
  const sex = read.fields?.sex ?? (fieldValue(read, 'sex') === 'male' ? 'M' : fieldValue(read, 'sex') === 'female' ? 'F' : null);
  const nationality = fieldValue(read, 'nationality');
  return {
    firstName: fieldValue(read, 'firstName'),
    lastName: fieldValue(read, 'lastName'),
    dateOfBirth: mrzDateToIso(fieldValue(read, 'birthDate'), 'birth', now),
    gender: sex === 'M' || sex === 'F' ? sex : null,
    personalNumber: read.fields?.personalNumber || null,
    documentNumber: fieldValue(read, 'documentNumber'),
    nationality,
    countryCode: nationality ? (ALPHA2[nationality] ?? null) : null,
    issuerState: fieldValue(read, 'issuingState'),
    expirationDate: mrzDateToIso(fieldValue(read, 'expirationDate'), 'expiry', now),
  };
}

/** found_text_fields for an MRZ read: data fields, check digits, remainder term and the raw strings. */
function textFields(read: MrzReadResult, id: JudgedIdentity, now: Date): JudgedField[] {
  const out: JudgedField[] = [];
  const score = (ok: boolean | undefined): JudgedField['scores'] => ({ Mrz: ok === undefined ? 0 : ok ? 1 : 2 });
  const lines = read.status === 'accepted' ? read.lines : read.rawLines;
  const add = (name: string, mrz: string | null, ok: boolean | undefined): void => {
    if (mrz !== null) out.push({ name, mrz, visual: null, barcode: null, scores: score(ok) });
  };
  const expired = id.expirationDate ? id.expirationDate < now.toISOString().slice(0, 10) : undefined;
  add('Document_Class_Code', fieldValue(read, 'documentCode'), true);
  add('Issuing_State_Code', id.issuerState, true);
  add('Surname', id.lastName, true);
  add('Given_Names', id.firstName, true);
  add('Document_Number', id.documentNumber, read.checks.documentNumber);
  add('Nationality_Code', id.nationality, true);
  add('Date_of_Birth', usDate(id.dateOfBirth), read.checks.birthDate);
  add('Age', id.dateOfBirth ? String(ageOn(id.dateOfBirth, now)) : null, true);
  add('Sex', id.gender, true);
  add('Date_of_Expiry', usDate(id.expirationDate), read.checks.expirationDate === false ? false : expired === undefined ? undefined : !expired);
  if (id.expirationDate) {
    // Days left (ZignSec reports 0 once expired).
    const days = Math.max(0, Math.floor((Date.parse(`${id.expirationDate}T00:00:00Z`) - now.getTime()) / 86_400_000));
    add('RemainderTerm', String(days), !expired);
  }
  if (id.personalNumber) add('Personal_Number', id.personalNumber, read.checks.personalNumber);
  for (const [name, field] of Object.entries(CHECK_FIELD_NAME) as Array<[CheckDigitName, string]>) {
    if (read.checks[name] === undefined) continue;
    add(field, checkDigitChar(read, name), read.checks[name]);
  }
  add('MRZ_Strings', lines.join(' '), undefined);
  if (read.status === 'accepted') add('MRZ_Strings_With_Correct_CheckSums', read.lines.join(' '), true);
  return out;
}

/** The check digit character as printed, from the MRZ lines. */
function checkDigitChar(read: MrzReadResult, name: CheckDigitName): string | null {
  const lines = read.status === 'accepted' ? read.lines : read.rawLines;
  const at: Record<string, Partial<Record<CheckDigitName, [number, number]>>> = {
    TD1: { documentNumber: [0, 14], birthDate: [1, 6], expirationDate: [1, 14], composite: [1, 29] },
    TD2: { documentNumber: [1, 9], birthDate: [1, 19], expirationDate: [1, 27], composite: [1, 35] },
    TD3: { documentNumber: [1, 9], birthDate: [1, 19], expirationDate: [1, 27], personalNumber: [1, 42], composite: [1, 43] },
  };
  const pos = read.format ? at[read.format]?.[name] : undefined;
  return pos ? (lines[pos[0]]?.[pos[1]] ?? null) : null;
}

const failed = (error: string): DocumentVerdict => ({
  result: 'FAILED',
  reason: 'Document not found',
  error,
  documentTypeName: null,
  failedFields: [],
  fields: [],
  identity: null,
});

/** The ZignSec emulator's judge, reading the MRZ with the kiosk's reader. */
export function createMrzJudge(reader: Pick<MrzReader, 'read'>): Judge {
  return async (docs, ctx) => {
    const base = await defaultJudge(docs, ctx);
    // Selfie, "not requested", no upload, blank/undecodable images and "other document" (upload only,
    // no analysis at ZignSec): the default judge already answers those as ZignSec would.
    if (base.document.result !== 'ACCEPTED' || docs.filter((d) => d.documentType !== 'Selfie').every((d) => d.documentType === 'OtherDocument')) return base;
    const idDocs = docs.filter((d) => d.documentType !== 'Selfie' && d.documentType !== 'OtherDocument');
    const sane = await Promise.all(idDocs.map(async (d) => ((await inspectImage(d.jpeg)).ok ? d : null)));
    const read = await readBest(
      reader,
      sane.map((d) => d?.jpeg),
    );
    const typeName = `${TYPE_NAMES[idDocs[0]!.documentType]} (training sandbox)`;
    if (!read || read.status === 'unreadable') {
      // Driving licences usually carry no MRZ (their data is in the visual zone and the PDF417): keep the
      // default judge's image-sanity answer for them rather than failing a genuine licence.
      if (idDocs.every((d) => d.documentType === 'DriversLicense')) return base;
      return { ...base, document: failed('Document not found: no machine-readable zone could be found on the image') };
    }
    const identity = identityFrom(read, ctx.now);
    const fields = textFields(read, identity, ctx.now);
    const failedFields: string[] = [];
    for (const [name, field] of Object.entries(CHECK_FIELD_NAME) as Array<[CheckDigitName, string]>) {
      if (read.checks[name] === false) {
        failedFields.push(field);
        const data = CHECKED_FIELD_NAME[name];
        if (data && !failedFields.includes(data)) failedFields.push(data);
      }
    }
    if (read.status === 'invalid' && failedFields.length === 0) {
      // Check digits pass but a field is malformed (unknown state code, impossible date…).
      for (const f of read.fieldChecks) if (!f.valid) failedFields.push(f.field);
      // Read, but never consistently enough to validate: the MRZ itself is what failed.
      if (failedFields.length === 0) failedFields.push('MRZ_Strings');
    }
    const expired = identity.expirationDate !== null && identity.expirationDate < ctx.now.toISOString().slice(0, 10);
    if (expired) for (const f of ['Date_of_Expiry', 'RemainderTerm']) if (!failedFields.includes(f)) failedFields.push(f);

    const document: DocumentVerdict =
      read.status === 'accepted' && !expired
        ? { result: 'ACCEPTED', reason: null, error: null, documentTypeName: typeName, failedFields: [], fields, identity }
        : { result: 'DECLINED', reason: failedFields.join(','), error: null, documentTypeName: typeName, failedFields, fields, identity };
    return { ...base, document };
  };
}

/** The ZOLOZ emulator's analyzer, reading the MRZ (front, then back) with the kiosk's reader. */
export function createMrzAnalyzer(reader: Pick<MrzReader, 'read'>, now: () => Date = () => new Date()): Analyzer {
  return async (input) => {
    const read = await readBest(reader, [input.front, input.back]);
    const lines = !read || read.status === 'unreadable' ? null : read.status === 'accepted' ? read.lines : read.rawLines;
    const verdict: AnalysisVerdict = await createDefaultAnalyzer({ readMrz: async () => lines }, now)(input);
    if (lines || verdict.recognitionResult === 'N' || verdict.docCategory === 'DRIVING_LICENSE') return verdict;
    // No MRZ on a passport or ID card: the default analyzer would return its fixed specimen person here.
    return {
      ...verdict,
      recognitionResult: 'N',
      recognitionErrorCode: 'NO_REQUIRED_ID',
      recognitionErrorDescription: 'No machine-readable zone was found on the document',
      ocrResult: {},
      ocrResultDetail: {},
      spoofResult: {},
      croppedFace: null,
    };
  };
}
