// One audit row as one RFC 5424 message the SIEM can check on its side: the row's sequence number,
// hash and previous hash, actor, action and verification id as structured data, its detail (the
// canonical JSON the hash covers) as the message. Nothing beyond what the audit row holds.
import type { StoredAuditRow } from '../store/audit';
import { formatSyslog, isSyslogTimestamp, octetCountingFrame, toMsgId, type SdElement } from './syslog-message';

export interface AuditSyslogOptions {
  facility: number;
  appName: string;
  hostname: string;
  kioskId: string;
  version: string;
  /** IANA private enterprise number of the SD-IDs (`audit@<n>`, RFC 5424 §7.2.2). */
  enterpriseId: number;
}

/** Severity "notice" for supervisors' actions, "informational" for the rest. */
const severityOf = (actor: string): number => (actor.startsWith('supervisor') ? 5 : 6);

export function auditRowToSyslog(row: StoredAuditRow, o: AuditSyslogOptions): string {
  const audit: SdElement = {
    id: `audit@${o.enterpriseId}`,
    params: [
      ['seq', String(row.seq)],
      ['hash', row.hash],
      ['prevHash', row.prevHash],
      ['at', row.at],
      ['actor', row.actor],
      ['action', row.action],
      ...(row.verificationId !== null ? ([['verificationId', row.verificationId]] as const) : []),
      ['kioskId', o.kioskId],
    ],
  };
  const origin: SdElement = { id: 'origin', params: [['software', o.appName], ['swVersion', o.version]] };
  return formatSyslog({
    facility: o.facility,
    severity: severityOf(row.actor),
    // A row whose time is not an RFC 5424 TIMESTAMP still goes (its `at` is in the SD): a row that
    // could never be formatted would otherwise hold back every row after it.
    timestamp: isSyslogTimestamp(row.at) ? row.at : null,
    hostname: o.hostname,
    appName: o.appName,
    procId: null,
    msgId: toMsgId(row.action),
    structuredData: [audit, origin],
    message: row.detail,
  });
}

/** A batch of rows as one buffer of RFC 5425 frames, in order. */
export function frameAuditRows(rows: readonly StoredAuditRow[], o: AuditSyslogOptions): Buffer {
  return Buffer.concat(rows.map((r) => octetCountingFrame(auditRowToSyslog(r, o))));
}
