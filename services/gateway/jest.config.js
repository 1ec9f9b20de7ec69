module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'gateway',
  rootDir: __dirname,
  // Each file starts its own gateway on its own database; the stack is shared.
  testTimeout: 60_000,
};
