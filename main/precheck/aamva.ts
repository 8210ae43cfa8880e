// AAMVA DL/ID card design standard (2020), the data a North American driving licence carries in its PDF417:
// "@\n\x1e\rANSI " + issuer id (6) + AAMVA version (2) + jurisdiction version (2) + number of subfiles (2),
// then per subfile a designator ("DL"/"ID"), offset (4) and length (4); each subfile starts with its
// designator and holds elements "XXXvalue" separated by \n, ended by \r. Pure: build (for specimens) and
// parse (for the precheck).

/** The element ids we read, as our identity field names. */
export const AAMVA_ELEMENTS = {
  DCS: 'lastName',
  DAC: 'firstName',
  DAD: 'middleName',
  DBB: 'dateOfBirth',
  DBA: 'dateOfExpiry',
  DBD: 'dateOfIssue',
  DAQ: 'documentNumber',
  DBC: 'sex',
  DAJ: 'state',
  DCG: 'country',
} as const;
export type AamvaField = (typeof AAMVA_ELEMENTS)[keyof typeof AAMVA_ELEMENTS];

export interface AamvaRecord {
  issuerId: string;
  version: number;
  subfile: 'DL' | 'ID';
  /** Fields by our names; dates as ISO yyyy-mm-dd, sex as M/F/X. */
  fields: Partial<Record<AamvaField, string>>;
}

/** US licences write dates MMDDCCYY, Canadian ones CCYYMMDD. */
function isoDate(raw: string, country: string | undefined): string | null {
  if (!/^\d{8}$/.test(raw)) return null;
  const iso = country === 'CAN' ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}` : `${raw.slice(4, 8)}-${raw.slice(0, 2)}-${raw.slice(2, 4)}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

const RS = String.fromCharCode(0x1e);
const SEX: Record<string, string> = { '1': 'M', '2': 'F', '9': 'X' };

export function parseAamva(text: string): AamvaRecord | null {
  // Compliance indicator "@", data element separator LF, record separator RS (0x1e), segment terminator CR.
  if (!text.startsWith(`@\n${RS}\r`)) return null;
  const header = /^.{4}ANSI (\d{6})(\d{2})(\d{2})?(\d{2})?/s.exec(text);
  if (!header) return null;
  // The first subfile: its designator directly followed by an element id (the directory's "DL0041…" is
  // followed by digits, so it is skipped).
  const bodyMatch = /(DL|ID)(D[A-Z]{2}[^\r]*)/.exec(text.slice(header[0].length));
  if (!bodyMatch) return null;
  const raw: Record<string, string> = {};
  for (const line of bodyMatch[2]!.split('\n')) {
    const m = /^([A-Z]{3})(.*)$/.exec(line.trim());
    if (m && !(m[1]! in raw)) raw[m[1]!] = m[2]!.trim();
  }
  const country = raw.DCG;
  const fields: AamvaRecord['fields'] = {};
  for (const [id, name] of Object.entries(AAMVA_ELEMENTS) as Array<[keyof typeof AAMVA_ELEMENTS, AamvaField]>) {
    const v = raw[id];
    if (!v) continue;
    if (name === 'dateOfBirth' || name === 'dateOfExpiry' || name === 'dateOfIssue') {
      const iso = isoDate(v, country);
      if (iso) fields[name] = iso;
    } else if (name === 'sex') fields.sex = SEX[v] ?? v;
    else fields[name] = v;
  }
  return { issuerId: header[1]!, version: Number(header[2]), subfile: bodyMatch[1] as 'DL' | 'ID', fields };
}

/** Builds an AAMVA payload (one DL subfile) — for specimen licences. Dates ISO in, MMDDCCYY out (US). */
export function buildAamva(input: { issuerId?: string; fields: Partial<Record<AamvaField, string>> }): string {
  const us = (iso: string) => `${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(0, 4)}`;
  const elements: string[] = [];
  for (const [id, name] of Object.entries(AAMVA_ELEMENTS) as Array<[string, AamvaField]>) {
    const v = input.fields[name];
    if (v === undefined) continue;
    const value = name.startsWith('dateOf') ? us(v) : name === 'sex' ? ({ M: '1', F: '2', X: '9' }[v] ?? '9') : v;
    elements.push(`${id}${value}`);
  }
  const body = `DL${elements.join('\n')}\r`;
  const headerLength = 21 + 10; // "@\n\x1e\rANSI " (9) + 6 + 2 + 2 + 2 = 21, then one 10-byte directory entry
  const offset = String(headerLength).padStart(4, '0');
  const length = String(body.length).padStart(4, '0');
  return `@\n\x1e\rANSI ${input.issuerId ?? '636000'}100001DL${offset}${length}${body}`;
}
