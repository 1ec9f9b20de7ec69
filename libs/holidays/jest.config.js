module.exports = { ...require('../../jest.preset.js'), displayName: 'holidays', rootDir: __dirname };
