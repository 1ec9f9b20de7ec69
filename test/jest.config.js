// Tests across services: the whole platform runs once (global setup) as `npm start`
// runs it, against the stack, with its own database, NATS prefix, task queue and ports.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 300_000,
};
