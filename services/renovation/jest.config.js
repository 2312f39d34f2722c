module.exports = require('../../jest.preset.js')('renovation', __dirname);
