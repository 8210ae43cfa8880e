import { describe, expect, it } from 'vitest';
import { escapeParamValue, formatStructuredData, formatSyslog, octetCountingFrame, SyslogFormatError, toMsgId, type SyslogMessage } from '../../../main/fleet/syslog-message';
import { auditRowToSyslog } from '../../../main/fleet/audit-syslog';

const base: SyslogMessage = {
  facility: 13,
  severity: 6,
  timestamp: '2026-12-06T15:00:00.123Z',
  hostname: 'kiosk-host',
  appName: 'branch-id-kiosk',
  procId: null,
  msgId: 'capture_added',
  structuredData: [{ id: 'audit@32473', params: [['seq', '7']] }],
  message: 'hello',
};

describe('RFC 5424 formatting', () => {
  it('writes PRI, version, header fields, structured data and the message with its BOM', () => {
    expect(formatSyslog(base)).toBe('<110>1 2026-12-06T15:00:00.123Z kiosk-host branch-id-kiosk - capture_added [audit@32473 seq="7"] \uFEFFhello');
    expect(formatSyslog({ ...base, facility: 0, severity: 0, timestamp: null, hostname: null, appName: null, msgId: null, structuredData: [], message: null })).toBe('<0>1 - - - - - -');
  });

  it('escapes exactly ", \\ and ] in PARAM-VALUE (§6.3.3) and keeps UTF-8 as it is', () => {
    expect(escapeParamValue('a"b\\c]d[e=f é')).toBe('a\\"b\\\\c\\]d[e=f é');
    expect(formatStructuredData([{ id: 'x@1', params: [['v', '"]\\']] }])).toBe('[x@1 v="\\"\\]\\\\"]');
  });

  it('refuses invalid SD-NAMEs, duplicate SD-IDs, header fields with spaces or too long, bad facility and timestamp', () => {
    for (const id of ['', 'a b', 'a=b', 'a]b', 'a"b', 'x'.repeat(33), 'é']) expect(() => formatStructuredData([{ id, params: [] }])).toThrow(SyslogFormatError);
    expect(() => formatStructuredData([{ id: 'a@1', params: [['na me', 'v']] }])).toThrow(SyslogFormatError);
    expect(() => formatStructuredData([{ id: 'a@1', params: [] }, { id: 'a@1', params: [] }])).toThrow(/twice/);
    expect(() => formatSyslog({ ...base, hostname: 'has space' })).toThrow(/HOSTNAME/);
    expect(() => formatSyslog({ ...base, appName: 'a'.repeat(49) })).toThrow(/APP-NAME/);
    expect(() => formatSyslog({ ...base, msgId: 'm'.repeat(33) })).toThrow(/MSGID/);
    expect(() => formatSyslog({ ...base, facility: 24 })).toThrow(/facility/);
    expect(() => formatSyslog({ ...base, severity: -1 })).toThrow(/severity/);
    expect(() => formatSyslog({ ...base, timestamp: '2026-12-06 15:00:00' })).toThrow(/TIMESTAMP/);
    expect(() => formatSyslog({ ...base, timestamp: '2026-12-06T15:00:00.1234567Z' })).toThrow(/TIMESTAMP/);
  });

  it('makes a MSGID from any action: printable ASCII, at most 32 characters', () => {
    expect(toMsgId('step:document_uploaded:front')).toBe('step:document_uploaded:front');
    expect(toMsgId('a b\té')).toBe('a_b__');
    expect(toMsgId('x'.repeat(40))).toHaveLength(32);
    expect(toMsgId('')).toBeNull();
  });

  it('frames with the octet count of the UTF-8 bytes (RFC 5425 §4.3)', () => {
    const frame = octetCountingFrame('é漢');
    expect(frame.toString('utf8')).toBe('5 é漢');
    const two = Buffer.concat([octetCountingFrame('ab'), octetCountingFrame('c d')]).toString();
    expect(two).toBe('2 ab3 c d');
  });
});

describe('an audit row as a syslog message', () => {
  const row = { seq: 12, at: '2026-12-06T15:00:00.123Z', actor: 'supervisor:Åsa "Ö"', action: 'override accepted', verificationId: 'v-1', detail: '{"reason":"ok ]"}', prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) };
  const opts = { facility: 13, appName: 'branch-id-kiosk', hostname: 'h', kioskId: 'sto-01', version: '1.2.3', enterpriseId: 32473 };

  it('carries seq, hashes, actor, action and verification id as SD params and the detail as the message', () => {
    const m = auditRowToSyslog(row, opts);
    expect(m).toBe(
      `<109>1 2026-12-06T15:00:00.123Z h branch-id-kiosk - override_accepted [audit@32473 seq="12" hash="${'b'.repeat(64)}" prevHash="${'a'.repeat(64)}" at="2026-12-06T15:00:00.123Z" actor="supervisor:Åsa \\"Ö\\"" action="override accepted" verificationId="v-1" kioskId="sto-01"][origin software="branch-id-kiosk" swVersion="1.2.3"] \uFEFF{"reason":"ok ]"}`,
    );
  });

  it('sends a row whose time is not an RFC 5424 TIMESTAMP with the NILVALUE there and its time in the SD', () => {
    const m = auditRowToSyslog({ ...row, at: '2026-12-06 15:00' }, opts);
    expect(m.startsWith('<109>1 - h branch-id-kiosk - ')).toBe(true);
    expect(m).toContain(' at="2026-12-06 15:00" ');
  });

  it('leaves verificationId out when the row has none, and uses severity informational for non-supervisors', () => {
    const m = auditRowToSyslog({ ...row, actor: 'sync', verificationId: null }, opts);
    expect(m.startsWith('<110>1 ')).toBe(true);
    expect(m).not.toContain('verificationId=');
  });
});
