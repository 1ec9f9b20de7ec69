module.exports = { ...require('../../jest.preset.js'), displayName: 'sop-registry', rootDir: __dirname };
