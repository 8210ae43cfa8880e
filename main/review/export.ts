// Exports for auditors: the audit log and verification metadata for a date range, as CSV or JSON.
// CSV follows RFC 4180 (quotes doubled, fields with separators quoted, CRLF) and is protected
// against formula injection: a cell a spreadsheet would run as a formula (= + - @ tab CR) gets a
// leading apostrophe, so a holder name like "=HYPERLINK(...)" stays text.
import { KioskError } from '../errors';
import { kioskMessage } from '../../shared/kiosk-message';
import { storedAuditRow, type AuditDbRow } from '../store/audit';
import type { Db } from '../store/db';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  // BOM: spreadsheet programs otherwise misread accented names.
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export type ExportKind = 'audit' | 'verifications';
export type ExportFormat = 'csv' | 'json';
export const MAX_EXPORT_ROWS = 200_000;

export interface ExportFile {
  fileName: string;
  mimeType: string;
  content: string;
  rows: number;
}

const AUDIT_COLUMNS = ['seq', 'at', 'actor', 'action', 'verificationId', 'detail', 'prevHash', 'hash'] as const;
const VERIFICATION_COLUMNS = [
  'id',
  'createdAt',
  'finishedAt',
  'state',
  'provider',
  'documentType',
  'teller',
  'documentNumber',
  'holderName',
  'decisionByProvider',
  'reasons',
  'attempts',
  'lastError',
  'overrideDecision',
  'overrideBy',
  'overrideConfirmedBy',
  'overrideReason',
  'overrideAt',
  'imagesPurgedAt',
] as const;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function buildExport(db: Db, kind: ExportKind, format: ExportFormat, fromIso: string, toIso: string, kioskId: string): ExportFile {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    throw new KioskError('bad_request', kioskMessage('export_dates_order'));
  }
  const rows = kind === 'audit' ? auditRows(db, from, to) : verificationRows(db, from, to);
  if (rows.length > MAX_EXPORT_ROWS) {
    throw new KioskError('conflict', kioskMessage('export_too_many_rows', { max: MAX_EXPORT_ROWS }));
  }
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const base = `${kioskId.replace(/[^A-Za-z0-9_-]/g, '_')}-${kind}-${day(from)}-to-${day(to - 1)}`;
  if (format === 'json') {
    const content = JSON.stringify({ kioskId, kind, from: new Date(from).toISOString(), to: new Date(to).toISOString(), exportedRows: rows.length, rows }, null, 2);
    return { fileName: `${base}.json`, mimeType: 'application/json', content, rows: rows.length };
  }
  const columns = kind === 'audit' ? AUDIT_COLUMNS : VERIFICATION_COLUMNS;
  return { fileName: `${base}.csv`, mimeType: 'text/csv', content: toCsv(columns, rows), rows: rows.length };
}

function auditRows(db: Db, from: number, to: number): Array<Record<string, unknown>> {
  return db
    .prepare<[string, string, number], AuditDbRow>('SELECT * FROM audit_log WHERE at >= ? AND at < ? ORDER BY seq LIMIT ?')
    .all(new Date(from).toISOString(), new Date(to).toISOString(), MAX_EXPORT_ROWS + 1)
    // `detail` stays the exact hashed text so an auditor can recompute each row's hash from the export.
    .map(storedAuditRow);
}

type VRow = {
  id: string;
  created_at: number;
  finished_at: number | null;
  state: string;
  provider: string;
  document_type: string;
  teller: string | null;
  document_number: string | null;
  holder_name: string | null;
  decision: string | null;
  reasons: string | null;
  attempts: number;
  last_error: string | null;
  override_decision: string | null;
  override_by: string | null;
  override_confirmed_by: string | null;
  override_reason: string | null;
  override_at: number | null;
  images_purged_at: number | null;
};

function verificationRows(db: Db, from: number, to: number): Array<Record<string, unknown>> {
  // Metadata only: no images, no portrait, no raw provider reply.
  return db
    .prepare<[number, number, number], VRow>(
      `SELECT id, created_at, finished_at, state, provider, document_type, teller, document_number, holder_name,
         CASE WHEN json_valid(outcome) THEN json_extract(outcome, '$.decision') END AS decision,
         CASE WHEN json_valid(outcome) THEN (SELECT group_concat(json_extract(value, '$.code'), ' ') FROM json_each(outcome, '$.reasons')) END AS reasons,
         attempts, last_error, override_decision, override_by, override_confirmed_by, override_reason, override_at, images_purged_at
       FROM verifications WHERE created_at >= ? AND created_at < ? ORDER BY created_at, seq LIMIT ?`,
    )
    .all(from, to, MAX_EXPORT_ROWS + 1)
    .map((r) => ({
      id: r.id,
      createdAt: iso(r.created_at),
      finishedAt: iso(r.finished_at),
      state: r.state,
      provider: r.provider,
      documentType: r.document_type,
      teller: r.teller,
      documentNumber: r.document_number,
      holderName: r.holder_name,
      decisionByProvider: r.decision,
      reasons: r.reasons,
      attempts: r.attempts,
      lastError: r.last_error,
      overrideDecision: r.override_decision,
      overrideBy: r.override_by,
      overrideConfirmedBy: r.override_confirmed_by,
      overrideReason: r.override_reason,
      overrideAt: iso(r.override_at),
      imagesPurgedAt: iso(r.images_purged_at),
    }));
}
