// The renderer's source files, read from disk for the static checks.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const rendererSrc = resolve(import.meta.dirname, '../../../renderer/src');

export function sourceFiles(dir = rendererSrc): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(entry.name)) out.push({ path, text: readFileSync(path, 'utf8') });
  }
  return out;
}
