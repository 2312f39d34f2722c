module.exports = require('../../jest.preset.js')('graphql', __dirname);
