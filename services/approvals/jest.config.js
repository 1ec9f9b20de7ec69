module.exports = { ...require('../../jest.preset.js'), displayName: 'approvals', rootDir: __dirname };
