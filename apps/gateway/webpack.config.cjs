module.exports = require('../../tools/build/webpack-app.cjs')(__dirname, { cli: 'src/cli/token.cli.ts' });
