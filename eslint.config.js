import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'http',
  'https',
  'net',
  'tls',
  'crypto',
  'child_process',
  'stream',
  'events',
  'url',
  'buffer',
  'zlib',
  'readline',
  'util',
];

/** `electron` and its subpaths, by module name (a path pattern would also match our own electron/ folder). */
const onlyInDesktop = {
  paths: [{ name: 'electron', message: 'Only electron/desktop/ imports electron; the rest is plain Node.' }],
  patterns: [
    { regex: '^electron/', message: 'Only electron/desktop/ imports electron; the rest is plain Node.' },
  ],
};

/** The Node side never reaches into the UI; the bridge API in shared/ is the contract between them. */
const noRenderer = {
  patterns: [
    {
      group: ['**/renderer/**'],
      message: 'electron/ talks to renderer/ only through the bridge API in shared/.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', 'test/fixtures/', 'test-results/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Rules that need the types: a promise nobody awaits or handles loses its rejection, and a promise
    // where a callback's void is expected runs unobserved. Each folder's own tsconfig supplies the types.
    files: ['shared/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // The Electron shell is one folder: `electron` is imported in electron/desktop/ (and its tests) only,
    // so the CLI, engine, proxy, store and web host stay plain Node.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['electron/desktop/**', 'test/unit/electron/desktop/**'],
    rules: { 'no-restricted-imports': ['error', onlyInDesktop] },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/desktop/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: onlyInDesktop.paths, patterns: [...onlyInDesktop.patterns, ...noRenderer.patterns] },
      ],
    },
  },
  {
    files: ['electron/desktop/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noRenderer] },
  },
  {
    // The layering of docs/architecture.md: shared/ is pure and runs anywhere.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**', 'electron'],
              message: 'shared/ imports nothing from electron/ or renderer/.',
            },
            { group: nodeBuiltins, message: 'shared/ must not use Node built-ins.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'window', 'document', 'require'],
    },
  },
  {
    // Hooks called in the same order on every render, and effects that name everything they read.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx', 'test/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', 'electron'],
              message: 'renderer/ talks to main only through the bridge API in shared/.',
            },
          ],
        },
      ],
    },
  },
);
