module.exports = require('../../jest.preset.js')('tickets', __dirname);
