// The vitest setup Stryker runs mutants against: the unit and integration projects of
// test/vitest.config.ts (e2e needs a built app and Chromium, and takes minutes per run), narrowed
// to the tests of the module under test when STRYKER_MODULE names one (build/stryker/modules.mjs).
import { defineConfig } from 'vitest/config';
import base from '../../test/vitest.config';
import { selectedModules } from './modules.mjs';

type Project = { test?: { name?: string; include?: string[] } };

const tests = process.env.STRYKER_MODULE ? selectedModules().flatMap(([, m]) => m.tests) : null;
const narrowed = (p: Project): Project => {
  if (!tests || !p.test) return p;
  const prefix = `test/${p.test.name}/`;
  return { ...p, test: { ...p.test, include: tests.filter((t) => t.startsWith(prefix)) } };
};
const projects = ((base.test?.projects ?? []) as Project[])
  .filter((p) => p.test?.name !== 'e2e')
  .map(narrowed)
  .filter((p) => !tests || (p.test?.include?.length ?? 0) > 0);

export default defineConfig({ ...base, test: { ...base.test, projects: projects as never } });
