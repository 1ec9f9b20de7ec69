module.exports = { ...require('../../jest.preset.js'), displayName: 'sop-render', rootDir: __dirname };
