// Parses and validates an MRZ (ICAO 9303 TD1, TD2, TD3) with the `mrz` package and, when the reader says
// it was unsure of a character, tries the look-alike it hesitated between — under rules that keep false
// accepts out:
//  - only positions the reader marks as doubtful are ever changed (`uncertain`: the characters it hesitated
//    between; `repairablePositions`: where independent reads disagreed, so any OCR-B look-alike of the read
//    character may be tried there). A character read with confidence is never changed: a printed `B` where
//    the check digit needs `8` is an invalid MRZ, not a misread;
//  - a look-alike swap in an alphanumeric position (document / personal number) is only tried where a
//    check digit covers it;
//  - at most `maxSubstitutions` changes (default one), each at a doubtful position;
//  - ambiguity rejects: every way of resolving the doubtful positions (up to AMBIGUITY_DEPTH changes) is
//    tried, and the MRZ is accepted only when exactly one of them passes EVERY check digit (composite
//    included) and field. So two `0`→`O` misreads whose 7-3-1 weights cancel (7·4 + 3·4 ≡ 0 mod 10) are
//    not accepted when the reader was unsure of them, even though the text as read passes every check.
// An MRZ is accepted only when all check digits and fields are valid; otherwise the caller asks for
// another frame.
import { parse as parseWithMrz, type Details } from 'mrz';

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export const MRZ_LINE_LENGTH: Record<MrzFormat, number> = { TD1: 30, TD2: 36, TD3: 44 };
export const MRZ_LINE_COUNT: Record<MrzFormat, number> = { TD1: 3, TD2: 2, TD3: 2 };

/** The check digits of an MRZ, named as ICAO does (personal number = TD3 optional data). */
export type CheckDigitName = 'documentNumber' | 'birthDate' | 'expirationDate' | 'personalNumber' | 'composite';

export type MrzFieldName =
  | 'documentCode'
  | 'issuingState'
  | 'lastName'
  | 'firstName'
  | 'documentNumber'
  | 'nationality'
  | 'birthDate'
  | 'sex'
  | 'expirationDate'
  | 'personalNumber'
  | 'optional'
  | 'optional1'
  | 'optional2';

export interface MrzFieldCheck {
  /** Our field name; check digits appear in `checkDigits`. */
  field: MrzFieldName;
  /** Value as read (YYMMDD for dates, names with '<' turned into spaces); null when unreadable. */
  value: string | null;
  valid: boolean;
  error: string | null;
}

export interface MrzValues {
  documentCode: string;
  issuingState: string;
  lastName: string;
  firstName: string;
  documentNumber: string;
  nationality: string;
  /** YYMMDD as printed. */
  birthDate: string;
  sex: 'M' | 'F' | 'X';
  /** YYMMDD as printed. */
  expirationDate: string;
  /** TD3 personal number / TD1 optional data 1 / TD2 optional data; '' when empty. */
  personalNumber: string;
}

export interface MrzRepair {
  line: number;
  column: number;
  from: string;
  to: string;
}

export interface MrzParseResult {
  accepted: boolean;
  format: MrzFormat | null;
  /** The lines validated (after the repair, if one was made). */
  lines: string[];
  /** Field values; null unless accepted. */
  values: MrzValues | null;
  fields: MrzFieldCheck[];
  /** true = passes, false = fails; a name missing means the format has no such check digit. */
  checkDigits: Partial<Record<CheckDigitName, boolean>>;
  repaired: MrzRepair | null;
  /** Why it was not accepted (empty when accepted). */
  problems: string[];
}

export interface MrzParseOptions {
  /**
   * State codes to accept besides the real ones `mrz` knows, e.g. ['UTO'] for the ICAO 9303 specimen
   * state "Utopia" in tests. Empty in production: a real document never carries UTO.
   */
  extraStates?: readonly string[];
  /** Most substitutions a repair may make (default 1). 0 disables repair (ambiguity still rejects). */
  maxSubstitutions?: number;
  /**
   * Positions ("line:column") where independent reads disagreed: an OCR-B look-alike of the character
   * read may be tried there. Absent or empty = no position (nothing is repaired from this option).
   * Why: the document number's check digit and the composite use the same 7-3-1 weights at the same
   * offsets, so for an error inside the document number the composite adds nothing — one mod-10 check
   * is all there is, and a swap at a position the OCR was sure about passes it by chance 1 time in 10.
   */
  repairablePositions?: ReadonlySet<string>;
  /**
   * Per-character doubt from a reader that scores its reads: position ("line:column") → the characters it
   * hesitated between besides the one it read. Only these are tried there. Positions absent were read with
   * confidence and are never changed.
   */
  uncertain?: ReadonlyMap<string, readonly string[]>;
}

export type CharClass = 'num' | 'alpha' | 'alnum';

interface Layout {
  /** Character class per line and column. */
  classes: CharClass[][];
  /** Check digit position → positions it covers. */
  checks: Array<{ name: CheckDigitName; at: [number, number]; covers: Array<[number, number, number]> }>;
}

function layoutOf(format: MrzFormat): Layout {
  const len = MRZ_LINE_LENGTH[format];
  const lines = MRZ_LINE_COUNT[format];
  const classes: CharClass[][] = Array.from({ length: lines }, () => Array<CharClass>(len).fill('alnum'));
  const set = (line: number, start: number, end: number, c: CharClass): void => {
    for (let i = start; i < end; i++) classes[line]![i] = c;
  };
  if (format === 'TD1') {
    set(0, 0, 5, 'alpha');
    set(0, 14, 15, 'num');
    set(1, 0, 7, 'num');
    set(1, 7, 8, 'alpha');
    set(1, 8, 15, 'num');
    set(1, 15, 18, 'alpha');
    set(1, 29, 30, 'num');
    set(2, 0, 30, 'alpha');
    return {
      classes,
      checks: [
        { name: 'documentNumber', at: [0, 14], covers: [[0, 5, 14]] },
        { name: 'birthDate', at: [1, 6], covers: [[1, 0, 6]] },
        { name: 'expirationDate', at: [1, 14], covers: [[1, 8, 14]] },
        { name: 'composite', at: [1, 29], covers: [[0, 5, 30], [1, 0, 7], [1, 8, 15], [1, 18, 29]] },
      ],
    };
  }
  // TD2 and TD3 share the second-line layout up to the optional data.
  set(0, 0, len, 'alpha');
  set(1, 9, 10, 'num');
  set(1, 10, 13, 'alpha');
  set(1, 13, 20, 'num');
  set(1, 20, 21, 'alpha');
  set(1, 21, 28, 'num');
  set(1, len - 1, len, 'num');
  const checks: Layout['checks'] = [
    { name: 'documentNumber', at: [1, 9], covers: [[1, 0, 9]] },
    { name: 'birthDate', at: [1, 19], covers: [[1, 13, 19]] },
    { name: 'expirationDate', at: [1, 27], covers: [[1, 21, 27]] },
  ];
  if (format === 'TD3') {
    set(1, 42, 43, 'num');
    checks.push({ name: 'personalNumber', at: [1, 42], covers: [[1, 28, 42]] });
  }
  checks.push({ name: 'composite', at: [1, len - 1], covers: [[1, 0, 10], [1, 13, 20], [1, 21, len - 1]] });
  return { classes, checks };
}

const LAYOUTS: Record<MrzFormat, Layout> = { TD1: layoutOf('TD1'), TD2: layoutOf('TD2'), TD3: layoutOf('TD3') };

/** Which characters each position may hold ([line][column]): digits, letters, or both (ICAO 9303). */
export function positionClasses(format: MrzFormat): readonly (readonly CharClass[])[] {
  return LAYOUTS[format].classes;
}

/** How many check digits cover each position (a check digit covers itself too). */
function coverage(layout: Layout): number[][] {
  const cov = layout.classes.map((row) => row.map(() => 0));
  for (const c of layout.checks) {
    const seen = new Set<string>();
    for (const [line, start, end] of [...c.covers, [c.at[0], c.at[1], c.at[1] + 1] as [number, number, number]]) {
      for (let i = start; i < end; i++) {
        const k = `${line}:${i}`;
        if (!seen.has(k)) {
          seen.add(k);
          cov[line]![i]! += 1;
        }
      }
    }
  }
  return cov;
}
const COVERAGE: Record<MrzFormat, number[][]> = { TD1: coverage(LAYOUTS.TD1), TD2: coverage(LAYOUTS.TD2), TD3: coverage(LAYOUTS.TD3) };

/** How many check digits cover each position ([line][column]); 0 for names, states, sex. */
export function checkCoverage(format: MrzFormat): readonly (readonly number[])[] {
  return COVERAGE[format];
}

/** ICAO 9303 check digit weights, repeating over the characters a check digit covers. */
const CHECK_WEIGHTS = [7, 3, 1] as const;

function weightsOf(layout: Layout): Map<string, number>[] {
  return layout.checks.map((c) => {
    const weights = new Map<string, number>();
    let k = 0;
    for (const [line, start, end] of c.covers) for (let i = start; i < end; i++) weights.set(`${line}:${i}`, CHECK_WEIGHTS[k++ % 3]!);
    return weights;
  });
}
const WEIGHTS: Record<MrzFormat, Map<string, number>[]> = { TD1: weightsOf(LAYOUTS.TD1), TD2: weightsOf(LAYOUTS.TD2), TD3: weightsOf(LAYOUTS.TD3) };

/**
 * Per check digit of the format's standard layout: the weight ("line:column" → 7, 3 or 1) each position
 * it covers is multiplied by; the check digit is the sum of value × weight mod 10.
 */
export function checkWeights(format: MrzFormat): ReadonlyArray<ReadonlyMap<string, number>> {
  return WEIGHTS[format];
}

/** Per check digit of the format's standard layout (in checkWeights' order): where it stands, "line:column". */
export function checkDigitCells(format: MrzFormat): readonly string[] {
  return LAYOUTS[format].checks.map((c) => `${c.at[0]}:${c.at[1]}`);
}

/** OCR-B look-alikes: a letter where only a digit may stand, and back. */
const LETTER_TO_DIGIT: Record<string, string> = { O: '0', Q: '0', D: '0', U: '0', I: '1', L: '1', Z: '2', S: '5', G: '6', B: '8' };
// A '0' in a letter position may be O, D or Q: all are tried, and if more than one passes (as in a name,
// which no check digit covers) the MRZ is ambiguous and not accepted.
const DIGIT_TO_LETTERS: Record<string, string[]> = { '0': ['O', 'D', 'Q'], '1': ['I'], '2': ['Z'], '5': ['S'], '6': ['G'], '8': ['B', 'S'], '4': ['A'] };
/** Look-alike swaps tried in alphanumeric positions (both directions). */
const ALNUM_SWAPS: Array<[string, string]> = [
  ['0', 'O'],
  ['0', 'D'],
  ['0', 'Q'],
  ['1', 'I'],
  ['2', 'Z'],
  ['5', 'S'],
  ['6', 'G'],
  ['8', 'B'],
  ['8', 'S'],
];

const CHECK_FIELD: Record<string, CheckDigitName> = {
  documentNumberCheckDigit: 'documentNumber',
  birthDateCheckDigit: 'birthDate',
  expirationDateCheckDigit: 'expirationDate',
  personalNumberCheckDigit: 'personalNumber',
  compositeCheckDigit: 'composite',
};

const FIELD_NAMES = new Set<string>([
  'documentCode',
  'issuingState',
  'lastName',
  'firstName',
  'documentNumber',
  'nationality',
  'birthDate',
  'sex',
  'expirationDate',
  'personalNumber',
  'optional',
  'optional1',
  'optional2',
]);

/** Upper-case, drop spaces and anything outside the MRZ alphabet's neighbourhood. */
export function normaliseMrzLine(line: string): string {
  return line.toUpperCase().replace(/[\s]/g, '').replace(/[«‹]/g, '<');
}

export function detectFormat(lines: readonly string[]): MrzFormat | null {
  const n = lines.length;
  const len = lines[0]?.length ?? 0;
  if (!lines.every((l) => l.length === len)) return null;
  if (n === 3 && len === 30) return 'TD1';
  if (n === 2 && len === 36) return 'TD2';
  if (n === 2 && len === 44) return 'TD3';
  return null;
}

interface Evaluation {
  ok: boolean;
  fields: MrzFieldCheck[];
  checkDigits: Partial<Record<CheckDigitName, boolean>>;
  problems: string[];
  details: Details[];
}

/**
 * A check digit must be a digit. ICAO allows '<' in two places only: the TD3 personal-number check digit
 * when the personal number is empty, and the TD1/TD2 document-number check digit when the number is too
 * long and continues in the optional data (whose last character before the filler is then the check digit;
 * the filler must follow it).
 * The `mrz` package reads an empty embedded digit as 0, so a '<' printed over a 0 would pass there: we
 * enforce the rule ourselves.
 */
function checkDigitShapeProblems(format: MrzFormat, lines: string[]): string[] {
  const problems: string[] = [];
  for (const c of LAYOUTS[format].checks) {
    const ch = lines[c.at[0]]![c.at[1]]!;
    if (/[0-9]/.test(ch)) continue;
    if (ch === '<' && c.name === 'personalNumber' && /^<+$/.test(lines[1]!.slice(28, 42))) continue;
    if (ch === '<' && c.name === 'documentNumber' && format !== 'TD3') {
      const optional = format === 'TD1' ? lines[0]!.slice(15, 30) : lines[1]!.slice(28, 35);
      // Long document number: the overflow plus its check digit, then at least one filler (ICAO: the
      // check digit is followed by a filler). `mrz` takes the character before the first filler as the
      // check digit; with none it verifies nothing and drops the number's last character.
      if (/^[A-Z0-9]*[0-9]<+$/.test(optional) && !optional.startsWith('<')) continue;
    }
    problems.push(`${c.name} check digit: "${ch}" is not a digit`);
  }
  return problems;
}

/**
 * `mrz` parses every 2 × 36 zone that begins `IDFRA` as France's old national identity card, a layout
 * of its own whose check digits are not where TD2 has them; the reader checks the ICAO layout, which an
 * ICAO TD2 card of France follows. The document code's second character is hidden from `mrz` so that
 * its TD2 parser reads the zone, and then given back (no check digit covers line 1 of a TD2).
 */
function parseAsIcaoLayout(lines: string[], format: MrzFormat): ReturnType<typeof parseWithMrz> {
  if (format !== 'TD2' || !lines[0]!.startsWith('IDFRA')) return parseWithMrz(lines);
  const parsed = parseWithMrz([`I<${lines[0]!.slice(2)}`, ...lines.slice(1)]);
  return { ...parsed, details: parsed.details.map((d) => (d.field === 'documentCode' ? { ...d, value: 'ID' } : d)) };
}

/**
 * The name zone's own grammar (ICAO 9303-3, 4.6): the name's components are separated by one filler and
 * the primary and secondary identifiers by two, so three or more fillers are only ever the zone's tail.
 * A letter after three fillers is a misread — a name's last letter read as a filler (WOZNIAK<<HELGA read
 * WOZNIA<<<HELGA) — that no check digit covers, so the zone is refused rather than a changed name accepted.
 */
function nameZoneProblems(format: MrzFormat, lines: string[]): string[] {
  const zone = format === 'TD1' ? lines[2]! : lines[0]!.slice(5);
  return /<<<+[A-Z]/.test(zone) ? ['Names: three fillers followed by a letter (a letter read as a filler)'] : [];
}

function evaluate(lines: string[], extraStates: ReadonlySet<string>, format: MrzFormat): Evaluation {
  const parsed = parseAsIcaoLayout(lines, format);
  const fields: MrzFieldCheck[] = [];
  const checkDigits: Partial<Record<CheckDigitName, boolean>> = {};
  const problems: string[] = [];
  for (const d of parsed.details) {
    let valid = d.valid;
    let error = d.error ?? null;
    let value = d.value;
    // `mrz` rejects codes it does not know; the caller may allow extra ones (the ICAO test state UTO).
    if (!valid && (d.field === 'issuingState' || d.field === 'nationality')) {
      const raw = lines[d.line]!.slice(d.start, d.start + 3).replace(/</g, '');
      if (extraStates.has(raw)) {
        valid = true;
        error = null;
        value = raw;
      }
    }
    const check = d.field ? CHECK_FIELD[d.field] : undefined;
    if (check) {
      checkDigits[check] = valid;
      if (!valid) problems.push(`${d.label}: ${error ?? 'invalid'}`);
    } else if (d.field && FIELD_NAMES.has(d.field)) {
      fields.push({ field: d.field as MrzFieldName, value: value ?? null, valid, error });
      if (!valid) problems.push(`${d.label}: ${error ?? 'invalid'}`);
    } else if (!valid) {
      problems.push(`${d.label}: ${error ?? 'invalid'}`);
    }
  }
  problems.push(...nameZoneProblems(format, lines));
  for (const p of checkDigitShapeProblems(format, lines)) {
    const name = p.split(' ')[0] as CheckDigitName;
    checkDigits[name] = false;
    problems.push(p);
  }
  return { ok: problems.length === 0, fields, checkDigits, problems, details: parsed.details };
}

function valuesOf(format: MrzFormat, ev: Evaluation): MrzValues {
  const get = (f: MrzFieldName): string => ev.fields.find((x) => x.field === f)?.value ?? '';
  const sexRaw = get('sex');
  // A long TD1/TD2 document number's overflow and its check digit fill the optional data (nothing else is accepted after them).
  const personal = format === 'TD3' ? get('personalNumber') : get('documentNumber').length > 9 ? '' : format === 'TD1' ? get('optional1') : get('optional');
  return {
    documentCode: get('documentCode'),
    issuingState: get('issuingState'),
    lastName: get('lastName'),
    firstName: get('firstName'),
    documentNumber: get('documentNumber'),
    nationality: get('nationality'),
    birthDate: get('birthDate'),
    sex: sexRaw === 'male' ? 'M' : sexRaw === 'female' ? 'F' : 'X',
    expirationDate: get('expirationDate'),
    personalNumber: (personal ?? '').replace(/</g, ''),
  };
}

/** Look-alikes of `c` the repair may try at a position of class `cls` (OCR-B confusions). */
function lookalikes(c: string, cls: CharClass): string[] {
  if (cls === 'num') return LETTER_TO_DIGIT[c] ? [LETTER_TO_DIGIT[c]] : [];
  if (cls === 'alpha') return DIGIT_TO_LETTERS[c] ?? [];
  const out: string[] = [];
  for (const [a, b] of ALNUM_SWAPS) {
    if (c === a) out.push(b);
    else if (c === b) out.push(a);
  }
  return out;
}

/**
 * The doubtful positions and what each may become. A position counts only where the reader said it was
 * unsure; an alphanumeric one only where two check digits cover it (see `repairablePositions`).
 */
function doubtfulPositions(format: MrzFormat, lines: string[], options: MrzParseOptions): Array<{ line: number; column: number; options: string[] }> {
  const layout = LAYOUTS[format];
  const cov = COVERAGE[format];
  const out: Array<{ line: number; column: number; options: string[] }> = [];
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line]!;
    for (let column = 0; column < text.length; column++) {
      const key = `${line}:${column}`;
      const c = text[column]!;
      const cls = layout.classes[line]![column]!;
      const wanted = new Set<string>();
      for (const a of options.uncertain?.get(key) ?? []) if (a !== c && /^[A-Z0-9<]$/.test(a)) wanted.add(a);
      if (options.repairablePositions?.has(key)) for (const a of lookalikes(c, cls)) wanted.add(a);
      if (wanted.size === 0) continue;
      if (cls === 'alnum' && cov[line]![column]! < 2) continue;
      out.push({ line, column, options: [...wanted] });
    }
  }
  return out;
}

/** How many changes the ambiguity search combines (two covers the paired swaps whose weights cancel). */
const AMBIGUITY_DEPTH = 2;
/** Stop enumerating once this many resolutions pass: two already make the MRZ ambiguous. */
const ENOUGH = 2;

/** Characters that violate their position's class (each needs a substitution before the MRZ can be valid). */
function classViolations(format: MrzFormat, lines: string[]): number {
  const layout = LAYOUTS[format];
  let n = 0;
  lines.forEach((text, line) => {
    for (let column = 0; column < text.length; column++) {
      const c = text[column]!;
      const cls = layout.classes[line]![column]!;
      if (cls === 'num' && /[A-Z]/.test(c)) n++;
      else if (cls === 'alpha' && /[0-9]/.test(c)) n++;
    }
  });
  return n;
}

const applyRepair = (lines: string[], r: MrzRepair): string[] =>
  lines.map((l, i) => (i === r.line ? l.slice(0, r.column) + r.to + l.slice(r.column + 1) : l));

function rejected(format: MrzFormat | null, lines: string[], problems: string[], ev?: Evaluation): MrzParseResult {
  return { accepted: false, format, lines, values: null, fields: ev?.fields ?? [], checkDigits: ev?.checkDigits ?? {}, repaired: null, problems };
}

/** Parses, validates and (within the rules above) repairs an MRZ. Never throws on bad input. */
export function parseMrz(input: readonly string[], options: MrzParseOptions = {}): MrzParseResult {
  const lines = input.map(normaliseMrzLine).filter((l) => l.length > 0);
  const format = detectFormat(lines);
  if (!format) {
    return rejected(null, lines, [`not an MRZ layout: ${lines.length} line(s) of ${lines.map((l) => l.length).join('/') || 0} characters`]);
  }
  if (lines.some((l) => /[^A-Z0-9<]/.test(l))) return rejected(format, lines, ['characters outside the MRZ alphabet']);
  const extra = new Set(options.extraStates ?? []);
  const maxSubs = Math.max(0, options.maxSubstitutions ?? 1);

  const first = evaluate(lines, extra, format);
  const doubtful = doubtfulPositions(format, lines, options);
  if (!first.ok && (maxSubs < 1 || classViolations(format, lines) > maxSubs)) return rejected(format, lines, first.problems, first);

  // Every resolution of the doubtful positions with 1…depth changes that passes every check and field.
  const depth = Math.max(AMBIGUITY_DEPTH, maxSubs);
  const passing: Array<{ repairs: MrzRepair[]; lines: string[]; ev: Evaluation }> = [];
  if (first.ok) passing.push({ repairs: [], lines, ev: first });
  const search = (from: number, current: string[], repairs: MrzRepair[]): void => {
    for (let i = from; i < doubtful.length && passing.length < ENOUGH; i++) {
      const d = doubtful[i]!;
      for (const to of d.options) {
        const repair: MrzRepair = { line: d.line, column: d.column, from: lines[d.line]![d.column]!, to };
        const next = applyRepair(current, repair);
        const chain = [...repairs, repair];
        const ev = evaluate(next, extra, format);
        if (ev.ok) passing.push({ repairs: chain, lines: next, ev });
        if (passing.length >= ENOUGH) return;
        if (chain.length < depth) search(i + 1, next, chain);
      }
    }
  };
  search(0, lines, []);

  if (passing.length === 1 && passing[0]!.repairs.length <= maxSubs) {
    const fix = passing[0]!;
    const repaired = fix.repairs.length === 0 ? null : fix.repairs[0]!;
    return { accepted: true, format, lines: fix.lines, values: valuesOf(format, fix.ev), fields: fix.ev.fields, checkDigits: fix.ev.checkDigits, repaired, problems: [] };
  }
  if (passing.length > 1) {
    const problem = first.ok
      ? 'another reading of the characters the reader was unsure of passes every check too: ambiguous'
      : `${passing.length} different repairs would pass: ambiguous`;
    return rejected(format, lines, [...first.problems, problem], first);
  }
  if (passing.length === 1) return rejected(format, lines, [...first.problems, `passing needs ${passing[0]!.repairs.length} changes, more than allowed`], first);
  return rejected(format, lines, first.problems, first);
}
