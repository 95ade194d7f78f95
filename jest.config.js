// @ts-check
/** SWC compiles TypeScript for Jest; decorators and their metadata are kept for Nest. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  // ESM-only dependencies are compiled to CommonJS for Jest's module system.
  transformIgnorePatterns: ['/node_modules/(?!(@marcbachmann/cel-js)/)'],
  moduleNameMapper: { '^@postventa/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
};

/**
 * Unit specs live next to the code. End-to-end specs in test/ run against real Kafka, Postgres
 * and SMTP, started once per run by test/global-setup.ts unless the environment points at them.
 * @type {import('jest').Config}
 */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      setupFiles: ['<rootDir>/test/support/load-env.ts'],
    },
  ],
  // End-to-end tests wait on real services; Jest's own timeout stays a safety net, not a speed check.
  testTimeout: 120000,
  maxWorkers: 2,
};
