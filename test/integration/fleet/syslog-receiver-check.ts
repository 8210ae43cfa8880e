// The receiving side's own reading of what the kiosk sent, written from RFC 5424 and the audit
// log's documented hash rule, without the kiosk's code: parses each message, recomputes each row's
// hash (sha256 of the previous hash followed by the row as JSON with its keys in sorted order, the
// detail being the JSON text stored with the row) and walks the chain by sequence number.
import { createHash } from 'node:crypto';

export interface ReceivedMessage {
  pri: number;
  timestamp: string;
  hostname: string;
  appName: string;
  msgId: string;
  sd: Map<string, Map<string, string>>;
  message: string;
}

const HEADER = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) /;

/** Parses one RFC 5424 message: header, STRUCTURED-DATA with §6.3.3 escapes undone, MSG (BOM dropped). */
export function parseRfc5424(line: string): ReceivedMessage {
  const h = HEADER.exec(line);
  if (!h) throw new Error(`not an RFC 5424 message: ${line.slice(0, 80)}`);
  let i = h[0].length;
  const sd = new Map<string, Map<string, string>>();
  if (line[i] === '-') i++;
  else {
    while (line[i] === '[') {
      i++;
      let id = '';
      while (line[i] !== ' ' && line[i] !== ']') id += line[i++];
      const params = new Map<string, string>();
      while (line[i] === ' ') {
        i++;
        let name = '';
        while (line[i] !== '=') name += line[i++];
        i++; // =
        if (line[i] !== '"') throw new Error(`PARAM-VALUE of ${name} does not start with a quote`);
        i++;
        let value = '';
        for (;;) {
          const c = line[i++];
          if (c === undefined) throw new Error('unterminated PARAM-VALUE');
          if (c === '\\' && (line[i] === '"' || line[i] === '\\' || line[i] === ']')) value += line[i++];
          else if (c === '"') break;
          else value += c;
        }
        params.set(name, value);
      }
      if (line[i] !== ']') throw new Error(`SD-ELEMENT ${id} not closed`);
      i++;
      sd.set(id, params);
    }
  }
  let message = '';
  if (line[i] === ' ') {
    message = line.slice(i + 1);
    if (message.startsWith('\uFEFF')) message = message.slice(1);
  }
  return { pri: Number(h[1]), timestamp: h[2]!, hostname: h[3]!, appName: h[4]!, msgId: h[6]!, sd, message };
}

export interface ReceivedRow {
  seq: number;
  hash: string;
  prevHash: string;
  at: string;
  actor: string;
  action: string;
  verificationId: string | null;
  detail: string;
}

export function toRow(m: ReceivedMessage, sdId: string): ReceivedRow {
  const a = m.sd.get(sdId);
  if (!a) throw new Error(`message without ${sdId}`);
  const need = (k: string) => {
    const v = a.get(k);
    if (v === undefined) throw new Error(`${sdId} has no ${k}`);
    return v;
  };
  return { seq: Number(need('seq')), hash: need('hash'), prevHash: need('prevHash'), at: need('at'), actor: need('actor'), action: need('action'), verificationId: a.get('verificationId') ?? null, detail: m.message };
}

export function expectedHash(r: ReceivedRow): string {
  // Keys in sorted order: action, actor, at, detail, seq, verificationId.
  const body = JSON.stringify({ action: r.action, actor: r.actor, at: r.at, detail: r.detail, seq: r.seq, verificationId: r.verificationId });
  return createHash('sha256').update(r.prevHash + body, 'utf8').digest('hex');
}

export type ChainVerdict = { ok: true; rows: number; headSeq: number; headHash: string } | { ok: false; at: number; reason: string };

/** Rows deduplicated by sequence number (a repeat must be identical), then the chain from the genesis. */
export function verifyReceived(rows: readonly ReceivedRow[]): ChainVerdict & { duplicates: number } {
  const bySeq = new Map<number, ReceivedRow>();
  let duplicates = 0;
  for (const r of rows) {
    const seen = bySeq.get(r.seq);
    if (seen) {
      duplicates++;
      if (JSON.stringify(seen) !== JSON.stringify(r)) return { ok: false, at: r.seq, reason: `row ${r.seq} arrived twice with different content`, duplicates };
    } else bySeq.set(r.seq, r);
  }
  let prev = '0'.repeat(64);
  const seqs = [...bySeq.keys()].sort((a, b) => a - b);
  for (let i = 0; i < seqs.length; i++) {
    const r = bySeq.get(seqs[i]!)!;
    if (r.seq !== i + 1) return { ok: false, at: i + 1, reason: `row ${i + 1} never arrived`, duplicates };
    if (r.prevHash !== prev) return { ok: false, at: r.seq, reason: `row ${r.seq} does not link to row ${r.seq - 1}`, duplicates };
    if (expectedHash(r) !== r.hash) return { ok: false, at: r.seq, reason: `row ${r.seq}'s hash does not match its content`, duplicates };
    prev = r.hash;
  }
  return { ok: true, rows: seqs.length, headSeq: seqs.length, headHash: prev, duplicates };
}
