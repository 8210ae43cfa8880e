// The trust store as configured on a kiosk: a folder of CSCA certificates (DER or PEM: .der .cer .crt .pem)
// and a folder of CRLs (.crl, DER or PEM). A file that cannot be read is listed with the reason and left
// out; it never stops the other certificates from loading.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ChipError } from './errors';
import type { TrustStore } from './passive-auth';
import { loadCertificate, loadCrl } from './trust-material';

const CERTIFICATE_EXTENSIONS = new Set(['.der', '.cer', '.crt', '.pem']);

export interface LoadedTrustStore {
  trust: TrustStore;
  skipped: { file: string; reason: string }[];
}

function filesIn(dir: string | undefined, keep: (name: string) => boolean): string[] {
  if (!dir) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && keep(e.name)).map((e) => join(dir, e.name)).sort();
}

export function loadTrustStoreFolders(folders: { cscaDir: string; crlDir?: string }): LoadedTrustStore {
  const out: LoadedTrustStore = { trust: { cscas: [], crls: [] }, skipped: [] };
  const take = <T>(file: string, load: (bytes: Buffer) => T, into: T[]) => {
    try {
      into.push(load(readFileSync(file)));
    } catch (e) {
      out.skipped.push({ file, reason: e instanceof ChipError ? e.message : 'The file cannot be read.' });
    }
  };
  for (const f of filesIn(folders.cscaDir, (n) => CERTIFICATE_EXTENSIONS.has(extname(n).toLowerCase()))) take(f, loadCertificate, out.trust.cscas);
  for (const f of filesIn(folders.crlDir, (n) => extname(n).toLowerCase() === '.crl')) take(f, loadCrl, out.trust.crls);
  return out;
}
