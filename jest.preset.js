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

/** @param {string} name @param {string} dir @param {object} [extra] */
module.exports = function preset(name, dir, extra = {}) {
  return {
    displayName: name,
    rootDir: dir,
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['@swc/jest', swc] },
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
    moduleFileExtensions: ['ts', 'js', 'json'],
    setupFiles: [path.join(__dirname, 'libs/testing/src/jest-setup.js')],
    globalSetup: path.join(__dirname, 'libs/testing/src/global-setup.ts'),
    reporters: ['default', [path.join(__dirname, 'libs/testing/src/totals-reporter.js'), { project: name }]],
    testTimeout: 60_000,
    passWithNoTests: true,
    // A leaked socket must never hang CI; leaks show up as failures in the suites that cause them.
    forceExit: true,
    ...extra,
  };
};
