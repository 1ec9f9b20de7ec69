module.exports = { ...require('../../jest.preset.js'), displayName: 'sop-cli', rootDir: __dirname };
