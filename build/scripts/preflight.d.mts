// Types for preflight.mjs (imported by test/unit/build/preflight.test.ts).
export interface Requirement {
  name: string;
  kind: 'program' | 'file';
  pkg: string;
  neededBy: string;
  dirs?: string[];
}
export declare const REQUIREMENTS: Requirement[];
export declare const RSYSLOG_MODULE_DIRS: string[];
export declare const SANE_TEST_BACKEND_FIX: string;
export declare function findProgram(name: string, path?: string): string | null;
export declare function saneTestBackendEnabled(saneConfigDir?: string): boolean;
export declare function findMissing(options?: { path?: string; saneConfigDir?: string; dirs?: string[] }): { missing: Requirement[]; saneTestBackend: boolean };
export declare function installCommand(requirements: Requirement[]): string | null;
export declare function report(found: { missing: Requirement[]; saneTestBackend: boolean }): string | null;
export declare function listing(): string;
export declare function main(argv?: string[]): number;
