// RFC 5424 syslog messages and RFC 5425 (syslog over TLS) octet-counting frames.
// No npm formatter fitted: the maintained clients either do not write STRUCTURED-DATA or do not
// escape PARAM-VALUEs, so this is the grammar of RFC 5424 §6 written out, strict on every field.

/** One SD-ELEMENT: `[id name="value" ...]`. */
export interface SdElement {
  id: string;
  params: ReadonlyArray<readonly [name: string, value: string]>;
}

export interface SyslogMessage {
  /** 0-23 (RFC 5424 §6.2.1); 13 is "log audit". */
  facility: number;
  /** 0 emergency … 7 debug. */
  severity: number;
  /** RFC 3339 as RFC 5424 §6.2.3 restricts it (at most 6 fraction digits), or null for the NILVALUE. */
  timestamp: string | null;
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  msgId: string | null;
  structuredData: readonly SdElement[];
  /** Free text, sent as UTF-8 with the BOM (§6.4); null for none. */
  message: string | null;
}

const BOM = '\uFEFF';
// PRINTUSASCII = %d33-126
const PRINTUSASCII = /^[\x21-\x7e]+$/;
// SD-NAME = 1*32PRINTUSASCII except '=', SP, ']', %d34 (")
const SD_NAME = /^[\x21-\x7e]{1,32}$/;
const SD_NAME_FORBIDDEN = /[= \]"]/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

export class SyslogFormatError extends Error {
  override name = 'SyslogFormatError';
}

/** Whether `value` is a TIMESTAMP as RFC 5424 §6.2.3 allows it. */
export function isSyslogTimestamp(value: string): boolean {
  return TIMESTAMP.test(value);
}

/** PARAM-VALUE escaping (RFC 5424 §6.3.3): '"', '\' and ']' MUST be escaped with a backslash. */
export function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** A header field: PRINTUSASCII of at most `max` characters, or "-" (NILVALUE) when null. */
function headerField(name: string, value: string | null, max: number): string {
  if (value === null) return '-';
  if (!PRINTUSASCII.test(value) || value.length > max) throw new SyslogFormatError(`${name} must be 1-${max} printable US-ASCII characters without spaces (got ${JSON.stringify(value)})`);
  return value;
}

function sdName(kind: string, name: string): string {
  if (!SD_NAME.test(name) || SD_NAME_FORBIDDEN.test(name)) throw new SyslogFormatError(`${kind} ${JSON.stringify(name)} is not a valid SD-NAME (1-32 printable US-ASCII, no '=', space, ']' or '"')`);
  return name;
}

/** STRUCTURED-DATA: the elements in order, or "-" when there are none. SD-IDs must be unique (§6.3.2). */
export function formatStructuredData(elements: readonly SdElement[]): string {
  if (!elements.length) return '-';
  const seen = new Set<string>();
  let out = '';
  for (const e of elements) {
    const id = sdName('SD-ID', e.id);
    if (seen.has(id)) throw new SyslogFormatError(`SD-ID ${id} appears twice in one message`);
    seen.add(id);
    out += `[${id}`;
    for (const [name, value] of e.params) out += ` ${sdName('PARAM-NAME', name)}="${escapeParamValue(value)}"`;
    out += ']';
  }
  return out;
}

/** The SYSLOG-MSG of RFC 5424 §6. */
export function formatSyslog(m: SyslogMessage): string {
  if (!Number.isInteger(m.facility) || m.facility < 0 || m.facility > 23) throw new SyslogFormatError(`facility must be 0-23 (got ${m.facility})`);
  if (!Number.isInteger(m.severity) || m.severity < 0 || m.severity > 7) throw new SyslogFormatError(`severity must be 0-7 (got ${m.severity})`);
  if (m.timestamp !== null && !TIMESTAMP.test(m.timestamp)) throw new SyslogFormatError(`timestamp ${JSON.stringify(m.timestamp)} is not an RFC 5424 TIMESTAMP`);
  const header = [
    `<${m.facility * 8 + m.severity}>1`,
    m.timestamp ?? '-',
    headerField('HOSTNAME', m.hostname, 255),
    headerField('APP-NAME', m.appName, 48),
    headerField('PROCID', m.procId, 128),
    headerField('MSGID', m.msgId, 32),
  ].join(' ');
  const sd = formatStructuredData(m.structuredData);
  return m.message === null ? `${header} ${sd}` : `${header} ${sd} ${BOM}${m.message}`;
}

/** A MSGID from free text: printable US-ASCII only (others become '_'), at most 32 characters, "-" when empty. */
export function toMsgId(text: string): string | null {
  const s = text.replace(/[^\x21-\x7e]/g, '_').slice(0, 32);
  return s.length ? s : null;
}

/** RFC 5425 §4.3 octet-counting: MSG-LEN SP SYSLOG-MSG, the length in octets of the UTF-8 message. */
export function octetCountingFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
