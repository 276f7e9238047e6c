// Lint: typescript-eslint's recommended rules plus the house rules (module boundaries, function
// length). No file is exempted from a rule it is in scope of; where a rule does not apply, the
// scope below says so and why.
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TESTS = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.rel-spec.ts', '**/*.browser-spec.ts', 'test/**'];

const THROUGH_INDEX = [
  { group: ['@app/*/*'], message: 'Import a library through its index: @app/<name>.' },
  { group: ['**/libs/**', '../../*/src/**'], message: "Another library's internals are off limits; import @app/<name>." },
];

export default tseslint.config(
  // Build output, the benchmark's build and results, and the client's generated schema are not written by hand.
  {
    ignores: [
      'dist/**',
      'bench/.dist/**',
      'bench/results/**',
      'node_modules/**',
      'coverage/**',
      'test/reliability/.dist/**',
      'clients/*/dist/**',
      'clients/typescript/src/schema.ts',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Tests and a few narrow boundaries (job data, raw driver rows) use `any` on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Services log through Nest's logger (JSON via pino), never console.
      'no-console': 'error',
    },
  },
  {
    // The cabinet: plain ES modules served to the browser as they are (no build step).
    files: ['apps/api/src/cabinet/public/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'module' },
    rules: { 'no-undef': 'error' },
  },
  {
    // Scripts and the helpers they share with the tests and the benchmark: plain Node ES modules.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: globals.node, sourceType: 'module' },
    rules: { 'no-undef': 'error', 'no-console': 'off' },
  },
  {
    // The benchmark harness and its bare baselines: plain Node ES modules (baselines print their readiness line).
    files: ['bench/**/*.mjs'],
    languageOptions: { globals: globals.node, sourceType: 'module' },
    rules: { 'no-undef': 'error', 'no-console': 'off' },
  },
  {
    // Preloaded with `node -r` into the processes being measured (heap probe, query tracer): CommonJS by necessity.
    files: ['bench/**/*.cjs'],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
    rules: { 'no-undef': 'error', '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
  {
    // Module boundaries (docs/API.md is the contract; README "Layout" the rooms): another library is
    // used through its public index only, the apps are started only through their bootstrap.
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...THROUGH_INDEX,
            {
              regex: '(^|/)apps/(?!\\w+/src/bootstrap\\.js$)',
              message: 'Start an app through its bootstrap (createApiApp / createWorkerApp), nothing else of it.',
            },
          ],
        },
      ],
    },
  },
  {
    // Service code never depends on the test stack.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@app/testing', message: 'The test stack is for tests only.' }],
          patterns: [
            ...THROUGH_INDEX,
            { group: ['**/apps/**', '**/test/**', '**/scripts/**'], message: 'Service code does not reach into apps, tests or scripts.' },
          ],
        },
      ],
    },
  },
  {
    // Functions stay short enough to read in one go. Not applied to tests (a describe block holds its
    // cases) nor to migrations (generated DDL listings that are never edited once released).
    files: ['apps/**/*.{ts,js}', 'libs/**/*.ts', 'scripts/**/*.mjs', 'bench/**/*.mjs'],
    ignores: [...TESTS, 'libs/database/src/migrations/**'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: [...TESTS, '**/main.ts', 'clients/*/examples/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
