// Lint config. Besides the usual TypeScript rules it enforces the runtime layers (docs/architecture.md):
// renderer never imports main/preload; shared imports only zod; only main/electron/ and preload/ import
// electron. A violation fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const electronOnlyHere = {
  paths: [{ name: 'electron', message: 'Only main/electron/ and preload/ may import electron.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-artifacts/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-imports': ['error', electronOnlyHere],
    },
  },
  {
    files: ['main/electron/**', 'preload/**', 'test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronOnlyHere.paths,
          patterns: [
            { group: ['**/main/**', '**/main', '**/preload/**', '**/preload'], message: 'The renderer talks to main only through window.kiosk (shared/contract.ts).' },
            { group: ['node:*'], message: 'The renderer runs in a browser: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod$|\\./|\\.\\./shared/).*', message: 'shared/ may import only zod and other shared/ modules.' },
          ],
        },
      ],
    },
  },
);
