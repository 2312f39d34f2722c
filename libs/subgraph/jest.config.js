module.exports = require('../../jest.preset.js')('subgraph', __dirname);
