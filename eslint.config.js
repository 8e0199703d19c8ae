// Lint enforces which environment each folder runs in (the VS Code rule):
// a wrong import fails `npm test`, not a code review.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*'], message: 'Node built-ins belong in src/main (or test/, scripts/).' };
const electron = { name: 'electron', message: 'Only src/main and src/preload may import electron.' };
const buildTooling = { group: ['**/scripts/*'], message: 'scripts/ is build tooling (policy templates, dev server); the app does not ship it.' };
const matrixSdk = { group: ['matrix-js-sdk', 'matrix-js-sdk/*'], message: 'Components render view-model snapshots; the SDK stays in lib/matrix.' };

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      globals: { ...globals.node },
      // Type-aware rules read tsconfig.json through TypeScript's project service. The same
      // extraFileExtensions for every file, or the service is rebuilt between .ts and .svelte.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.svelte'] },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // A promise nobody awaits or catches loses its error: await it, .catch it, or `void` it
      // where it cannot reject. Handlers that expect nothing back must not be handed a promise.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // The two config files are plain JavaScript outside tsconfig.json: no types to check.
    files: ['*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [nodeBuiltins, { group: ['../main/*', '../renderer/*', '../preload/*'], message: 'src/shared imports nothing from the processes.' }] }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [nodeBuiltins, { group: ['**/main/*', '**/preload/*'], message: 'The renderer reaches main only through window.depesche.' }] }],
    },
  },
  {
    files: ['src/renderer/lib/components/**', 'src/renderer/*.svelte'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [nodeBuiltins, matrixSdk] }],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, { group: ['../main/*', '../renderer/*'], message: 'The preload uses electron and src/shared only.' }] }],
    },
  },
  {
    files: ['src/main/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [buildTooling] }] },
  },
  {
    // Inside main, only src/main/electron (the composition root and the thin adapters) touches
    // Electron; everything else lives in src/main/core (test/unit/main-layers.test.ts keeps it there).
    files: ['src/main/core/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'src/main/core takes small injected interfaces; Electron stays in src/main/electron.' }], patterns: [buildTooling, { group: ['**/electron/*', '../electron/*'], message: 'src/main/core does not import the adapters (that would bring Electron in).' }] }] },
  },
  {
    files: ['test/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
