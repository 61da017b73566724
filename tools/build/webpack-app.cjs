// The one webpack setup for every Nest app: bundle the app and its @keel libs (resolved through
// tsconfig.base.json paths) into dist/apps/<app>/main.js; node_modules stay external and a
// package.json with only the production dependencies the bundle uses is generated for the image.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const path = require('node:path');

// @keel/* are npm workspaces too (symlinked into node_modules), so "all externals" would leave them
// out of the bundle; only packages from the registry stay external.
const rootPackage = require('../../package.json');
const registryPackages = Object.keys({ ...rootPackage.dependencies, ...rootPackage.devDependencies });

/** `entries`: extra bundles beside main.js, e.g. `{ cli: 'src/cli/recovery.cli.ts' }` → cli.js. */
module.exports = (projectDir, entries = {}) => {
  const name = path.basename(projectDir);
  return {
    output: { path: path.join(__dirname, '../../dist/apps', name) },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: path.join(projectDir, 'src/main.ts'),
        tsConfig: path.join(projectDir, 'tsconfig.app.json'),
        outputHashing: 'none',
        optimization: false,
        sourceMap: true,
        skipTypeChecking: true,
        generatePackageJson: true,
        externalDependencies: registryPackages,
        additionalEntryPoints: Object.entries(entries).map(([entryName, entryPath]) => ({
          entryName,
          entryPath: path.join(projectDir, entryPath),
        })),
      }),
    ],
  };
};
