module.exports = require('../../jest.preset.js')('surveys', __dirname);
