// Lint: typescript-eslint's recommended rules plus a few house rules (STYLE.md).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'bench/**', 'node_modules/**', 'coverage/**', 'test/reliability/.dist/**', 'apps/api/src/cabinet/public/**', 'scripts/**'] },
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
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.rel-spec.ts', '**/*.browser-spec.ts', 'test/**', 'libs/testing/**', '**/main.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
