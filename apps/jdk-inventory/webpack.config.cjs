module.exports = require('../../tools/build/webpack-app.cjs')(__dirname, {
  cli: 'src/cli/inventory.cli.ts',
  'upgrade-plan': 'src/upgrade-planner/upgrade-plan.cli.ts',
});
