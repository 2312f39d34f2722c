module.exports = require('../../jest.preset.js')('calendar', __dirname);
