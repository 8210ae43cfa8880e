// The package ships index.d.ts but its package.json "exports" map has no "types" condition, so
// TypeScript's bundler resolution cannot find it. Point the module name at the shipped declarations.
declare module 'better-sqlite3-multiple-ciphers' {
  type Shipped = typeof import('../../node_modules/better-sqlite3-multiple-ciphers/index.d.ts');
  const Database: Shipped;
  namespace Database {
    type Database = import('../../node_modules/better-sqlite3-multiple-ciphers/index.d.ts').Database;
    type Statement<B extends unknown[] | object = unknown[], R = unknown> = import('../../node_modules/better-sqlite3-multiple-ciphers/index.d.ts').Statement<B, R>;
    type RunResult = import('../../node_modules/better-sqlite3-multiple-ciphers/index.d.ts').RunResult;
    type Options = import('../../node_modules/better-sqlite3-multiple-ciphers/index.d.ts').Options;
  }
  export = Database;
}
