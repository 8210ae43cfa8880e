// What the sync worker reads from the outbox: which verifications are due for their next provider
// step, everything a step needs (image bytes only when an upload asks for them), whether one is
// still being synced, and which ones wait at a provider (failover candidates).
import type { DocumentType, ProviderId, VerificationState } from '../../shared/domain';
import { faceForDisplay } from '../chip/face-display';
import type { FramedUploadRequest } from '../providers/http-transport';
import type { ProviderProgress, SyncJob } from '../providers/provider';
import type { CaptureUploadThread } from './capture-upload-thread';
import type { StoreContext } from './store-context';
import { CAPTURE_COLS, type CaptureRow, SYNC_STATES, type VerificationRow } from './verification-rows';

/** What the sync worker needs to run the next provider step of one verification. */
export interface SyncTask {
  id: string;
  provider: ProviderId;
  state: VerificationState;
  attempts: number;
  progress: ProviderProgress;
  job: SyncJob;
}

export class SyncQueue {
  constructor(
    private readonly ctx: StoreContext,
    /** The store's upload thread while it runs (null: uploads load their image on this thread). */
    private readonly uploadThread: () => CaptureUploadThread | null,
  ) {}

  /**
   * Verifications due for their next provider step, oldest first. `exclude` = ids already in flight;
   * `skipProviders` = paused providers or providers whose circuit is open.
   */
  due(now: number, limit: number, exclude: ReadonlySet<string>, skipProviders: readonly string[]): Array<{ id: string; provider: ProviderId }> {
    if (limit <= 0) return [];
    const take = limit + exclude.size;
    const skip = skipProviders.length ? `AND provider NOT IN (${skipProviders.map(() => '?').join(',')})` : '';
    // One arm per sync state, each walking the (state, seq) index oldest first and stopping at
    // `take`: the worker asks on every wake, and one IN (...) over the three states made SQLite
    // read every waiting row and sort them (a 2,000-deep offline queue: 2,000 rows per wake).
    const arm = (state: string) =>
      `SELECT * FROM (SELECT id, provider, seq FROM verifications INDEXED BY verifications_state_seq
         WHERE state = '${state}' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ${skip} ORDER BY seq LIMIT ?)`;
    const rows = this.ctx
      .q<unknown[], { id: string; provider: ProviderId }>(`SELECT id, provider FROM (${SYNC_STATES.map(arm).join(' UNION ALL ')}) ORDER BY seq LIMIT ?`)
      .all(...SYNC_STATES.flatMap(() => [now, ...skipProviders, take]), take);
    return rows.filter((r) => !exclude.has(r.id)).slice(0, limit);
  }

  /** Loads what the adapter needs for the next step; image bytes are read only when an upload asks. */
  task(id: string): SyncTask | null {
    const { ctx } = this;
    const row = ctx.q<[string], VerificationRow>('SELECT * FROM verifications WHERE id = ?').get(id);
    if (!row || !SYNC_STATES.includes(row.state)) return null;
    const caps = ctx.q<[string], CaptureRow>(`SELECT ${CAPTURE_COLS} FROM captures WHERE verification_id = ? ORDER BY created_at, side`).all(id);
    const loadStmt = ctx.q<[string], { jpeg: Buffer | null }>('SELECT jpeg FROM captures WHERE id = ?');
    const thread = this.uploadThread();
    const chipFace = this.chipFace(id);
    return {
      id,
      provider: row.provider,
      state: row.state,
      attempts: row.attempts,
      progress: JSON.parse(row.progress) as ProviderProgress,
      job: {
        verificationId: id,
        documentType: row.document_type,
        locale: row.locale,
        captures: caps.map((c) => ({
          id: c.id,
          side: c.side,
          bytes: c.bytes,
          width: c.width,
          height: c.height,
          load: () => {
            const r = loadStmt.get(c.id);
            if (!r?.jpeg) throw new Error(`capture ${c.id} has no image bytes (purged or missing)`);
            return r.jpeg;
          },
          ...(thread?.active ? { sendFramed: (url: string, req: FramedUploadRequest) => thread.send(c.id, url, req) } : {}),
        })),
        ...(chipFace ? { chipFace } : {}),
      },
    };
  }

  /** The face of the verification's latest chip read when that read is verified and kept its face. */
  private chipFace(verificationId: string): SyncJob['chipFace'] {
    const { ctx } = this;
    const read = ctx
      .q<[string], { id: number; outcome: string; has_face: number; face_format: 'jpeg' | 'jpeg2000' | null }>(
        'SELECT id, outcome, face IS NOT NULL AS has_face, face_format FROM chip_reads WHERE verification_id = ? ORDER BY id DESC LIMIT 1',
      )
      .get(verificationId);
    if (!read || read.outcome !== 'verified' || !read.has_face || !read.face_format) return undefined;
    const format = read.face_format;
    return {
      readId: read.id,
      // The bytes are read only when the upload asks (every sync step builds this job).
      loadJpeg: async () => {
        const row = ctx.q<[number], { face: Buffer | null }>('SELECT face FROM chip_reads WHERE id = ?').get(read.id);
        if (!row?.face) throw new Error(`chip read ${read.id} has no face any more (purged)`);
        return (await faceForDisplay({ bytes: row.face, format, width: 0, height: 0 })).bytes;
      },
      markSent: (provider) =>
        ctx.db.transaction(() => {
          if (ctx.q<[number], unknown>('UPDATE chip_reads SET face_sent = 1 WHERE id = ? AND face_sent = 0').run(read.id).changes === 1)
            ctx.audit.append({ actor: 'sync', action: 'chip_face_sent', verificationId, detail: { provider, format } });
        })(),
    };
  }

  /** Is the verification still one the sync worker may step (not cancelled, overridden or final meanwhile)? */
  isSyncing(id: string): boolean {
    const row = this.ctx.q<[string], { state: VerificationState }>('SELECT state FROM verifications WHERE id = ?').get(id);
    return row !== undefined && SYNC_STATES.includes(row.state);
  }

  /** Waiting verifications of one provider, oldest first (failover candidates). */
  waitingFor(provider: ProviderId, limit: number): Array<{ id: string; documentType: DocumentType; progress: ProviderProgress }> {
    return this.ctx
      .q<[ProviderId, number], { id: string; document_type: DocumentType; progress: string }>(
        `SELECT id, document_type, progress FROM verifications WHERE provider = ? AND state IN ('queued', 'submitting') ORDER BY seq LIMIT ?`,
      )
      .all(provider, limit)
      .map((r) => ({ id: r.id, documentType: r.document_type, progress: JSON.parse(r.progress) as ProviderProgress }));
  }
}
