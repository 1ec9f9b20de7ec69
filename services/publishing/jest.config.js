module.exports = { ...require('../../jest.preset.js'), displayName: 'publishing', rootDir: __dirname };
