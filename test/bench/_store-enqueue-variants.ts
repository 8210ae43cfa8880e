// (Underscore: an investigation, not part of `npm run bench`.) Measures the enqueue commit of
// store-enqueue.ts under different database settings, each against the write+fsync baseline measured
// interleaved in the same run, to choose the settings db.ts uses. The results are tabled in
// store-enqueue.ts.
//   npx tsx test/bench/_store-enqueue-variants.ts [iterations] [variant-name-filter]
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';
import { AuditLog } from '../../main/store/audit';
import { migrate } from '../../main/store/db';
import { photo1080p } from './store-enqueue';
import { median } from './timing';

interface Variant {
  name: string;
  cipher: string | null; // null = plain SQLite
  pageSize: number;
  journal: 'WAL' | 'DELETE' | 'TRUNCATE' | 'PERSIST';
  memorySecurity?: boolean;
  /** One prepared statement reused (true) or prepared per call (false). */
  reuse?: boolean;
  /** Checkpoint the WAL after every commit (counts the second write WAL mode defers). */
  checkpointEach?: boolean;
  /** Diagnosis only (never used by the store): synchronous=OFF isolates CPU from fsync. */
  syncOff?: boolean;
  autoVacuum?: 'INCREMENTAL' | 'NONE';
  /** wal_autocheckpoint=0: the commit only appends to the WAL; checkpoints run elsewhere (timed separately). */
  deferCheckpoint?: boolean;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function open(file: string, v: Variant): Database.Database {
  const db = new Database(file);
  if (v.cipher) {
    if (v.cipher === 'sqlcipher') {
      db.pragma("cipher='sqlcipher'");
      db.pragma('legacy=4');
      db.pragma(`legacy_page_size=${v.pageSize}`);
    } else {
      db.pragma(`cipher='${v.cipher}'`);
      if (v.cipher === 'aegis') db.pragma("algorithm='aegis-256'");
    }
    if (v.memorySecurity !== undefined) db.pragma(`memory_security=${v.memorySecurity ? 'ON' : 'OFF'}`);
    db.pragma(`key="x'${randomBytes(32).toString('hex')}'"`);
  }
  if (!v.cipher || v.cipher !== 'sqlcipher') db.pragma(`page_size=${v.pageSize}`);
  db.pragma(`auto_vacuum=${v.autoVacuum ?? 'INCREMENTAL'}`);
  db.pragma(`journal_mode=${v.journal}`);
  db.pragma(v.syncOff ? 'synchronous=OFF' : 'synchronous=FULL');
  db.pragma('foreign_keys=ON');
  if (v.deferCheckpoint) db.pragma('wal_autocheckpoint=0');
  migrate(db);
  return db;
}

export async function run(iterations: number, filter?: string): Promise<void> {
  const jpegs = await Promise.all([photo1080p(1), photo1080p(2), photo1080p(3)]);
  const preview = await sharp(jpegs[0]).resize(320).jpeg({ quality: 70 }).toBuffer();
  const variants: Variant[] = [
    { name: 'plain 4K WAL', cipher: null, pageSize: 4096, journal: 'WAL' },
    { name: 'plain 64K WAL', cipher: null, pageSize: 65536, journal: 'WAL' },
    { name: 'sqlcipher 4K WAL (before)', cipher: 'sqlcipher', pageSize: 4096, journal: 'WAL' },
    { name: 'sqlcipher 4K WAL +ckpt', cipher: 'sqlcipher', pageSize: 4096, journal: 'WAL', checkpointEach: true },
    { name: 'sqlcipher 4K WAL memsec ON', cipher: 'sqlcipher', pageSize: 4096, journal: 'WAL', memorySecurity: true },
    { name: 'sqlcipher 4K WAL no stmt reuse', cipher: 'sqlcipher', pageSize: 4096, journal: 'WAL', reuse: false },
    { name: 'sqlcipher 4K WAL ckpt deferred', cipher: 'sqlcipher', pageSize: 4096, journal: 'WAL', deferCheckpoint: true },
    { name: 'sqlcipher 4K PERSIST', cipher: 'sqlcipher', pageSize: 4096, journal: 'PERSIST' },
    { name: 'sqlcipher 4K TRUNCATE', cipher: 'sqlcipher', pageSize: 4096, journal: 'TRUNCATE' },
    { name: 'sqlcipher 4K DELETE', cipher: 'sqlcipher', pageSize: 4096, journal: 'DELETE' },
    { name: 'sqlcipher 16K WAL', cipher: 'sqlcipher', pageSize: 16384, journal: 'WAL' },
    { name: 'sqlcipher 64K WAL', cipher: 'sqlcipher', pageSize: 65536, journal: 'WAL' },
    { name: 'sqlcipher 64K WAL +ckpt', cipher: 'sqlcipher', pageSize: 65536, journal: 'WAL', checkpointEach: true },
    { name: 'sqlcipher 16K DELETE', cipher: 'sqlcipher', pageSize: 16384, journal: 'DELETE' },
    { name: 'sqlcipher 64K DELETE', cipher: 'sqlcipher', pageSize: 65536, journal: 'DELETE' },
    { name: 'sqlcipher 64K TRUNCATE', cipher: 'sqlcipher', pageSize: 65536, journal: 'TRUNCATE' },
    { name: 'diag sqlcipher 4K WAL syncOFF', cipher: 'sqlcipher', pageSize: 4096, journal: 'WAL', syncOff: true },
    { name: 'diag sqlcipher 64K WAL syncOFF', cipher: 'sqlcipher', pageSize: 65536, journal: 'WAL', syncOff: true },
    { name: 'diag sqlcipher 4K WAL noautovac', cipher: 'sqlcipher', pageSize: 4096, journal: 'WAL', autoVacuum: 'NONE' },
    { name: 'diag sqlcipher 64K WAL noautovac', cipher: 'sqlcipher', pageSize: 65536, journal: 'WAL', autoVacuum: 'NONE' },
    { name: 'diag plain 4K WAL syncOFF', cipher: null, pageSize: 4096, journal: 'WAL', syncOff: true },
    { name: 'chacha20 4K WAL', cipher: 'chacha20', pageSize: 4096, journal: 'WAL' },
    { name: 'chacha20 64K WAL', cipher: 'chacha20', pageSize: 65536, journal: 'WAL' },
    { name: 'aes256cbc 4K WAL ckpt deferred', cipher: 'aes256cbc', pageSize: 4096, journal: 'WAL', deferCheckpoint: true },
    { name: 'aegis 4K WAL ckpt deferred', cipher: 'aegis', pageSize: 4096, journal: 'WAL', deferCheckpoint: true },
    { name: 'aegis 16K WAL ckpt deferred', cipher: 'aegis', pageSize: 16384, journal: 'WAL', deferCheckpoint: true },
    { name: 'aegis 32K WAL ckpt deferred', cipher: 'aegis', pageSize: 32768, journal: 'WAL', deferCheckpoint: true },
    { name: 'aegis 64K WAL ckpt deferred', cipher: 'aegis', pageSize: 65536, journal: 'WAL', deferCheckpoint: true },
    { name: 'plain 4K WAL ckpt deferred', cipher: null, pageSize: 4096, journal: 'WAL', deferCheckpoint: true },
    { name: 'plain 16K WAL ckpt deferred', cipher: null, pageSize: 16384, journal: 'WAL', deferCheckpoint: true },
    { name: 'sqlcipher 4K WAL ckpt deferred (before)', cipher: 'sqlcipher', pageSize: 4096, journal: 'WAL', deferCheckpoint: true },
  ].filter((v) => !filter || v.name.includes(filter)) as Variant[];

  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-variants-'));
  try {
    const baseline = (i: number) => {
      const fd = openSync(join(dir, `baseline-${i % 4}.bin`), 'w');
      for (const j of jpegs) writeSync(fd, j);
      writeSync(fd, preview);
      fsyncSync(fd);
      closeSync(fd);
    };
    const runs = variants.map((v) => {
      const db = open(join(dir, `${v.name.replace(/\W+/g, '_')}.db`), v);
      const audit = new AuditLog(db, Date.now);
      const stmts = new Map<string, Database.Statement>();
      const q = (sql: string) => {
        if (v.reuse === false) return db.prepare(sql);
        let s = stmts.get(sql);
        if (!s) stmts.set(sql, (s = db.prepare(sql)));
        return s;
      };
      const enqueue = db.transaction(() => {
        const id = randomUUID();
        const now = Date.now();
        q(`INSERT INTO verifications (id, document_type, provider, locale, state, created_at, updated_at) VALUES (?, 'id_card', 'zignsec', 'en', 'capturing', ?, ?)`).run(id, now, now);
        audit.append({ actor: 'teller', action: 'verification_created', verificationId: id, detail: {} });
        (['front', 'back', 'selfie'] as const).forEach((side, i) => {
          q('DELETE FROM captures WHERE verification_id = ? AND side = ? RETURNING id').get(id, side);
          q(`INSERT INTO captures (id, verification_id, side, device_id, jpeg, preview, width, height, bytes, quality, created_at) VALUES (?, ?, ?, 'bench', ?, ?, 1920, 1080, ?, NULL, ?)`).run(
            randomUUID(), id, side, jpegs[i]!, preview, jpegs[i]!.length, now,
          );
          q('UPDATE verifications SET updated_at = ? WHERE id = ?').run(now, id);
          audit.append({ actor: 'teller', action: 'capture_added', verificationId: id, detail: { side } });
        });
        q(`UPDATE verifications SET state = 'queued', queued_at = ? WHERE id = ?`).run(now, id);
        audit.append({ actor: 'teller', action: 'state_changed', verificationId: id, detail: { to: 'queued' } });
      });
      const commit = () => {
        enqueue();
        if (v.checkpointEach) db.pragma('wal_checkpoint(PASSIVE)');
      };
      commit(); // warm-up
      if (v.journal === 'WAL') db.pragma('wal_checkpoint(TRUNCATE)');
      return { v, db, commit, b: [] as number[], s: [] as number[] };
    });
    baseline(-1);
    // Round-robin: every variant sees the same disk and CPU weather (other work on this machine).
    for (let i = 0; i < iterations; i++) {
      for (const r of runs) {
        let t = performance.now();
        baseline(i);
        r.b.push(performance.now() - t);
        t = performance.now();
        r.commit();
        r.s.push(performance.now() - t);
      }
    }
    console.log(`${iterations} commits per variant, round-robin. amortized = (all commits + final WAL checkpoint) / commits`);
    console.log('variant                          | base med | store med | ratio med | base mean | store amortized | ratio amortized');
    for (const r of runs) {
      const t = performance.now();
      if (r.v.journal === 'WAL') r.db.pragma('wal_checkpoint(TRUNCATE)');
      const ckpt = performance.now() - t;
      r.db.close();
      const amort = (r.s.reduce((a, x) => a + x, 0) + ckpt) / r.s.length;
      if (r.v.deferCheckpoint) console.log(`  (${r.v.name}: deferred checkpoint of ${r.s.length} commits took ${ckpt.toFixed(0)} ms = ${(ckpt / r.s.length).toFixed(1)} ms per commit, off the commit path)`);
      console.log(
        `${r.v.name.padEnd(32)} | ${median(r.b).toFixed(1).padStart(8)} | ${median(r.s).toFixed(1).padStart(9)} | ${(median(r.s) / median(r.b)).toFixed(2).padStart(9)} | ${mean(r.b).toFixed(1).padStart(9)} | ${amort.toFixed(1).padStart(15)} | ${(amort / mean(r.b)).toFixed(2)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
}

await run(Number(process.argv[2] ?? 15), process.argv[3]);
