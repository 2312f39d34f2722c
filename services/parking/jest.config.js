module.exports = require('../../jest.preset.js')('parking', __dirname);
