const path = require('node:path');
const fs = require('node:fs');

const config = require('../../tools/build/webpack-app.cjs')(__dirname);

// the agent identifies JDKs with jdk-detect's data files: they ship beside main.js (KEEL_JDK_DATA_DIR overrides)
class CopyJdkDetectDataPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyJdkDetectDataPlugin', () => {
      fs.cpSync(path.join(__dirname, '../../libs/jdk-detect/data'), path.join(compiler.outputPath, 'data'), {
        recursive: true,
        filter: (source) => !/\.(bak|tmp-\d+)$/.test(source),
      });
    });
  }
}
config.plugins.push(new CopyJdkDetectDataPlugin());

module.exports = config;
