// Unit tests of the console's pure logic (i18n, countdowns, diffs, editor HTML): Node only,
// no DOM. Screens are tested in the browser by test/e2e/console.e2e.ts.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'console',
  rootDir: __dirname,
};
