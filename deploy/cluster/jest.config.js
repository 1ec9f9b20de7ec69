module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'cluster',
  rootDir: __dirname,
  // The first run on a machine builds helm and nats-server with Go (minutes, once).
  testTimeout: 900_000,
};
