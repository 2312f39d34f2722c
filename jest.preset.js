// Shared jest settings: SWC transpiles TypeScript with legacy decorators and their metadata
// (type-graphql and MikroORM read it), one config per Nx project.
const path = require('node:path');

const swc = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/**
 * `JEST_SCOPE=unit` runs only the specs beside the code (pure rules: no PostgreSQL, no NATS, no
 * global set-up); `integration` only the suites in test/; unset, both.
 * @param {string} name @param {string} dir @param {object} [extra]
 */
module.exports = function preset(name, dir, extra = {}) {
  const scope = process.env.JEST_SCOPE;
  const unit = ['<rootDir>/src/**/*.spec.ts'];
  const integration = ['<rootDir>/test/**/*.test.ts'];
  return {
    displayName: name,
    rootDir: dir,
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['@swc/jest', swc] },
    testMatch: scope === 'unit' ? unit : scope === 'integration' ? integration : [...unit, ...integration],
    moduleFileExtensions: ['ts', 'js', 'json'],
    setupFiles: [path.join(__dirname, 'libs/testing/src/jest-setup.js')],
    ...(scope === 'unit' ? {} : {
      globalSetup: path.join(__dirname, 'libs/testing/src/global-setup.ts'),
      globalTeardown: path.join(__dirname, 'libs/testing/src/global-teardown.ts'),
    }),
    reporters: ['default', [path.join(__dirname, 'libs/testing/src/totals-reporter.js'), { project: name }]],
    testTimeout: 60_000,
    passWithNoTests: true,
    // No forceExit: every suite closes what it opens (a leak would keep jest waiting, and the test
    // command's watchdog would fail the run rather than hang CI).
    ...extra,
  };
};
