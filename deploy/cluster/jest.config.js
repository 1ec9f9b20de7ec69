module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'cluster',
  rootDir: __dirname,
  // Hooks that may build a Go program on a machine's first run set their own limit (progress-log.ts).
  testTimeout: 120_000,
};
