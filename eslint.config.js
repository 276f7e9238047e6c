// Lint: typescript-eslint's recommended rules plus a few house rules (STYLE.md).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'bench/**', 'node_modules/**', 'coverage/**', 'test/reliability/.dist/**', 'apps/api/src/cabinet/public/**', 'scripts/**', 'clients/*/dist/**', 'clients/typescript/src/schema.ts'] },
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
    // Module boundaries (STYLE.md): another library is used through its public index only.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@app/*/*'], message: 'Import a library through its index: @app/<name>.' },
            { group: ['**/libs/*/src/**', '../../*/src/**', '../../../libs/**'], message: "Another library's internals are off limits; import @app/<name>." },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.rel-spec.ts', '**/*.browser-spec.ts', 'test/**', 'libs/testing/**', '**/main.ts', 'clients/*/examples/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
