module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'gateway',
  rootDir: __dirname,
  // jose ships ES modules only: let SWC compile it to CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  // Each file starts its own gateway on its own database; the stack is shared.
  testTimeout: 60_000,
};
