// Native ESM under jest: run with NODE_OPTIONS=--experimental-vm-modules (see package.json scripts).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const libs = ['config', 'common', 'database', 'queue', 'auth', 'accounts', 'partners', 'bindings', 'notifications', 'health', 'mail'];
const moduleNameMapper = Object.fromEntries(libs.map((name) => [`^@app/${name}$`, `<rootDir>/libs/${name}/src/index.ts`]));
moduleNameMapper['^@partner-binding/client$'] = '<rootDir>/clients/typescript/src/index.ts';
moduleNameMapper['^@partner-binding/client/webhooks$'] = '<rootDir>/clients/typescript/src/webhooks.ts';
// The test stack lives beside the apps (test/support), not among the libraries.
moduleNameMapper['^@app/testing$'] = '<rootDir>/test/support/index.ts';
moduleNameMapper['^(\\.{1,2}/.*)\\.js$'] = '$1';

const shared = {
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
};

export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/support/**/*.spec.ts', '<rootDir>/clients/typescript/src/**/*.spec.ts'],
    },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
    {
      ...shared,
      displayName: 'reliability',
      testMatch: ['<rootDir>/test/reliability/**/*.rel-spec.ts'],
      modulePathIgnorePatterns: ['<rootDir>/test/reliability/.dist'],
    },
  ],
};
