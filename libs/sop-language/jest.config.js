module.exports = { ...require('../../jest.preset.js'), displayName: 'sop-language', rootDir: __dirname };
