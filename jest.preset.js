// Shared Jest settings: every project compiles TypeScript with the same SWC
// options as the build, so path aliases and decorator metadata behave alike.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const swcrc = JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8'));
const swcOptions = {
  ...swcrc,
  swcrc: false,
  exclude: [],
  sourceMaps: 'inline',
  jsc: { ...swcrc.jsc, baseUrl: __dirname },
  // Jest runs CommonJS without VM modules, so a real import() cannot load; Nest 12
  // loads its optional transports (e.g. @nats-io/transport-node) with import().
  module: { ...swcrc.module, ignoreDynamic: false },
};

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swcOptions] },
  // ESM-only packages the services require (Node 20 loads them natively; Jest's own
  // module system needs them compiled to CommonJS first). Nest 12 ships ESM only.
  transformIgnorePatterns: ['/node_modules/(?!(?:@nestjs|jose|request-filtering-agent)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/*.spec.ts', '**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  setupFiles: [join(__dirname, 'libs/testing/src/jest-setup.js')],
  testTimeout: 30_000,
};
