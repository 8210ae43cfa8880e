// Where the key of a verification's latest chip read came from. The chip_read audit row records
// `accessKey: 'typed'` when the teller typed the access fields (the fields themselves are never stored
// or audited); a row without it used the kiosk's exact MRZ reading.
import type { Db } from './db';

export function createChipAccessAudit(db: Db) {
  const latest = db.prepare<[string], { detail: string }>(
    "SELECT detail FROM audit_log WHERE verification_id = ? AND action = 'chip_read' ORDER BY seq DESC LIMIT 1",
  );
  return {
    latestAccessKey(verificationId: string): 'mrz' | 'typed' {
      const row = latest.get(verificationId);
      if (!row) return 'mrz';
      try {
        return (JSON.parse(row.detail) as { accessKey?: unknown }).accessKey === 'typed' ? 'typed' : 'mrz';
      } catch {
        return 'mrz';
      }
    },
  };
}
