module.exports = require('../../jest.preset.js')('residents', __dirname);
