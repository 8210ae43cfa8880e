// Types for start.mjs (imported by test/unit/electron/start-script.test.ts and the Electron e2e).
export declare function findElectronBinary(root?: string, env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string | null;
export declare function buildIsStale(root?: string): boolean;
export declare const MISSING_ELECTRON_MESSAGE: string;
