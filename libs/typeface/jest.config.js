module.exports = { ...require('../../jest.preset.js'), displayName: 'typeface', rootDir: __dirname };
