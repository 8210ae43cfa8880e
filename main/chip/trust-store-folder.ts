// The trust store as configured on a kiosk: a folder of CSCA certificates (DER or PEM: .der .cer .crt .pem),
// a folder of CRLs (.crl, DER or PEM) and a folder of CSCA master lists as states publish them (.ml, also
// .der .p7m .p7b .cms; see master-list.ts). A master list is believed only when its signer is issued by a CSCA
// from the certificate folder; its CSCAs then join the store. A file that cannot be read, or a master list
// that is refused, is listed with the reason and left out; it never stops the other files from loading.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type * as pkijs from 'pkijs';
import { ChipError } from './errors';
import { loadMasterList, type MasterList } from './master-list';
import type { TrustStore } from './passive-auth';
import { loadCertificate, loadCrl } from './trust-material';

const CERTIFICATE_EXTENSIONS = new Set(['.der', '.cer', '.crt', '.pem']);
const MASTER_LIST_EXTENSIONS = new Set(['.ml', '.der', '.p7m', '.p7b', '.cms']);

export interface TrustStoreFolders {
  cscaDir: string;
  crlDir?: string;
  masterListDir?: string;
}

export interface LoadedTrustStore {
  trust: TrustStore;
  skipped: { file: string; reason: string }[];
  /** Master lists read: file, publishing state and how many CSCAs each added. */
  masterLists: { file: string; publisher: string | null; cscas: number }[];
}

function filesIn(dir: string | undefined, keep: (name: string) => boolean): string[] {
  if (!dir) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && keep(e.name)).map((e) => join(dir, e.name)).sort();
}

const reasonOf = (e: unknown, fallback: string): string => (e instanceof ChipError ? e.message : fallback);

/** The certificate and CRL folders only (no master lists); synchronous. */
export function loadTrustStoreFolders(folders: { cscaDir: string; crlDir?: string }): Omit<LoadedTrustStore, 'masterLists'> {
  const out: Omit<LoadedTrustStore, 'masterLists'> = { trust: { cscas: [], crls: [] }, skipped: [] };
  const take = <T>(file: string, load: (bytes: Buffer) => T, into: T[]) => {
    try {
      into.push(load(readFileSync(file)));
    } catch (e) {
      out.skipped.push({ file, reason: reasonOf(e, 'The file cannot be read.') });
    }
  };
  for (const f of filesIn(folders.cscaDir, (n) => CERTIFICATE_EXTENSIONS.has(extname(n).toLowerCase()))) take(f, loadCertificate, out.trust.cscas);
  for (const f of filesIn(folders.crlDir, (n) => extname(n).toLowerCase() === '.crl')) take(f, loadCrl, out.trust.crls);
  return out;
}

/**
 * A loader for all three folders that re-reads them on each call (a dropped-in file takes effect at the next
 * read) but verifies each master list once per file version and day (they hold hundreds of certificates).
 */
export function createTrustStoreLoader(folders: TrustStoreFolders): (at?: Date) => Promise<LoadedTrustStore> {
  const verified = new Map<string, Promise<MasterList>>();
  return async (at = new Date()) => {
    const base = loadTrustStoreFolders(folders);
    const out: LoadedTrustStore = { ...base, masterLists: [] };
    const anchors: pkijs.Certificate[] = [...base.trust.cscas];
    // A list verified against one set of anchors is not believed under another (a CSCA removed from the folder).
    const anchorPrint = createHash('sha256');
    for (const a of anchors) anchorPrint.update(Buffer.from(a.toSchema().toBER()));
    const anchorKey = anchorPrint.digest('hex');
    const seen = new Set<string>();
    for (const file of filesIn(folders.masterListDir, (n) => MASTER_LIST_EXTENSIONS.has(extname(n).toLowerCase()))) {
      let key: string;
      try {
        const st = statSync(file);
        key = `${file}|${st.mtimeMs}|${st.size}|${at.toISOString().slice(0, 10)}|${anchorKey}`;
      } catch {
        out.skipped.push({ file, reason: 'The file cannot be read.' });
        continue;
      }
      seen.add(key);
      let pending = verified.get(key);
      if (!pending) {
        pending = Promise.resolve().then(() => loadMasterList(readFileSync(file), { anchors, at }));
        verified.set(key, pending);
      }
      try {
        const list = await pending;
        out.trust.cscas.push(...list.cscas);
        out.masterLists.push({ file, publisher: list.publisher, cscas: list.cscas.length });
      } catch (e) {
        out.skipped.push({ file, reason: reasonOf(e, 'The master list cannot be read.') });
      }
    }
    for (const key of verified.keys()) if (!seen.has(key)) verified.delete(key);
    return out;
  };
}
