// Types of modules.mjs (plain JavaScript so stryker.config.mjs can load it without a build step).
export interface MutationModule {
  name: string;
  mutate: string[];
  tests: string[];
  /** Leave out mutants in code that runs when a module loads (Stryker's ignoreStatic). */
  ignoreStatic?: boolean;
}
export declare const MODULES: Record<string, MutationModule>;
export declare function selectedModules(env?: Record<string, string | undefined>): Array<[string, MutationModule]>;
export declare function fileOf(entry: string): string;
