// ESLint for the whole repository (flat config). Type-aware where it matters: promises that are
// neither awaited nor handled, promises passed where a callback's result is ignored, and type-only
// imports. Each workspace's `lint` runs it on its own files after `tsc --noEmit`.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));

// The injected clock (apps/server/src/clock.ts) is the only way server code reads the time, so
// tests that drive a manual clock cannot be bypassed.
const wallClock = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Read the time from the injected Clock (apps/server/src/clock.ts).',
  },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read the time from the injected Clock (apps/server/src/clock.ts).' },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/generated/**',
      '**/coverage/**',
      '**/data/**',
      'test-artifacts/**',
      'tools/**',
      // Generated from the spec by packages/api-types/scripts/generate.mjs.
      'packages/api-types/src/schema.d.ts',
      'packages/api-types/src/enums.ts',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Type-level tests declare types and values only for the compiler to check them.
    files: ['**/*.test-d.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    files: ['apps/server/src/**/*.ts'],
    ignores: ['apps/server/src/clock.ts'],
    rules: { 'no-restricted-syntax': ['error', ...wallClock] },
  },
  {
    // The worker loops are handed the store methods they use (WorkerStore, AttemptStore,
    // DeliveryStore in interfaces.ts), never the whole JobStore nor a store module.
    files: ['apps/server/src/worker/**/*.ts', 'apps/server/src/webhooks/deliveryWorker.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '../interfaces.js', importNames: ['JobStore'], message: 'Take WorkerStore / AttemptStore / DeliveryStore: only the methods used.' }],
          patterns: [{ group: ['**/store/**'], message: 'Workers never touch SQL: take the narrow store interface from interfaces.ts.' }],
        },
      ],
    },
  },
);
