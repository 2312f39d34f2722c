module.exports = require('../../jest.preset.js')('events', __dirname);
