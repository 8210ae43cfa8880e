// What the kiosk found when it refused to open its database at start (open-checks.ts), in the shape the
// supervisor's recovery screen shows: damaged (only a restore helps) or rolled back (restore, or accept
// the loss), with the plain sentence, the file and the counts the checks measured.
import { basename } from 'node:path';
import { kioskMessage } from '../../shared/kiosk-message';
import type { RecoveryFinding } from '../../shared/contract-recovery';
import { StoreDamagedError, StoreRolledBackError } from '../store/open-checks';

/** The finding for a start-up failure the supervisor can act on; null for any other error. */
export function findingOf(e: unknown): RecoveryFinding | null {
  if (e instanceof StoreRolledBackError) {
    return {
      kind: 'rolled_back',
      sentence: e.message,
      said:
        e.missingRows > 0
          ? kioskMessage('recovery_finding_rolled_back', { file: basename(e.file), missingRows: e.missingRows })
          : kioskMessage('recovery_finding_replaced', { file: basename(e.file) }),
      file: e.file,
      missingRows: e.missingRows,
      databaseRows: e.head.seq,
      databaseLastAt: e.head.at,
      anchor: e.anchor ? { rows: e.anchor.seq, writtenAt: e.anchor.writtenAt } : null,
      forwarded: e.forwarded ? { destination: e.forwarded.destination, rows: e.forwarded.seq, confirmedAt: e.forwarded.confirmedAt } : null,
    };
  }
  if (e instanceof StoreDamagedError) {
    return {
      kind: 'damaged',
      sentence: e.message,
      said: kioskMessage('recovery_finding_damaged', { file: basename(e.file) }),
      file: e.file, missingRows: null, databaseRows: null, databaseLastAt: null, anchor: null, forwarded: null };
  }
  return null;
}
