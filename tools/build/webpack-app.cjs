// The one webpack setup for every Nest app: bundle the app and its @keel libs (resolved from the
// paths in tsconfig.base.json) into dist/apps/<app>/main.js. Packages from the registry stay
// external (node_modules at run time), and a package.json listing exactly those the bundle uses,
// at the versions installed, is written beside it for the production image.
const path = require('node:path');
const fs = require('node:fs');

const workspaceRoot = path.join(__dirname, '../..');
const rootPackage = require(path.join(workspaceRoot, 'package.json'));
const tsconfigBase = require(path.join(workspaceRoot, 'tsconfig.base.json'));

const aliases = Object.fromEntries(
  Object.entries(tsconfigBase.compilerOptions.paths).map(([name, [target]]) => [
    `${name}$`,
    path.join(workspaceRoot, target),
  ]),
);
const registryPackages = new Set(Object.keys(rootPackage.dependencies));

// loaded at run time by name, so webpack never sees the import
const loadedByName = {
  '@nestjs/core': ['@nestjs/platform-express', 'rxjs'],
  typeorm: ['pg', 'mysql2'],
  'nestjs-pino': ['pino', 'pino-http'],
  // the Apollo driver loads its Express 5 integration by name at start-up
  '@nestjs/apollo': ['@as-integrations/express5'],
};

/** `lodash/fp` → `lodash`, `@nestjs/core/x` → `@nestjs/core`. */
const packageOf = (request) =>
  request
    .split('/')
    .slice(0, request.startsWith('@') ? 2 : 1)
    .join('/');

class ProductionPackageJsonPlugin {
  constructor(name) {
    this.name = name;
  }
  apply(compiler) {
    compiler.hooks.afterEmit.tap('ProductionPackageJsonPlugin', (compilation) => {
      const used = new Set();
      for (const module of compilation.modules) {
        if (module.externalType && typeof module.request === 'string') used.add(packageOf(module.request));
      }
      for (const name of [...used]) for (const extra of loadedByName[name] ?? []) used.add(extra);
      const dependencies = {};
      for (const name of [...used].sort()) {
        if (!registryPackages.has(name)) continue;
        const installed = require(path.join(workspaceRoot, 'node_modules', name, 'package.json')).version;
        dependencies[name] = installed;
      }
      const manifest = {
        name: `@keel/${this.name}`,
        version: rootPackage.version,
        private: true,
        main: 'main.js',
        dependencies,
      };
      fs.writeFileSync(
        path.join(compiler.outputPath, 'package.json'),
        `${JSON.stringify(manifest, null, 2)}\n`,
      );
    });
  }
}

/** `entries`: extra bundles beside main.js, e.g. `{ cli: 'src/cli/recovery.cli.ts' }` → cli.js. */
module.exports = (projectDir, entries = {}) => {
  const name = path.basename(projectDir);
  return {
    mode: 'none',
    target: 'node20',
    devtool: 'source-map',
    context: projectDir,
    entry: {
      main: path.join(projectDir, 'src/main.ts'),
      ...Object.fromEntries(
        Object.entries(entries).map(([entry, file]) => [entry, path.join(projectDir, file)]),
      ),
    },
    output: {
      path: path.join(workspaceRoot, 'dist/apps', name),
      filename: '[name].js',
      clean: true,
      library: { type: 'commonjs2' },
    },
    resolve: { extensions: ['.ts', '.js', '.json'], alias: aliases },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          loader: 'ts-loader',
          // typecheck runs separately (npm run typecheck); the bundle only needs transpiling
          options: { transpileOnly: true, configFile: path.join(projectDir, 'tsconfig.app.json') },
        },
      ],
    },
    // everything from the registry, and Node built-ins, load from node_modules at run time
    externals: [
      ({ request }, callback) => {
        if (
          request &&
          !request.startsWith('.') &&
          !request.startsWith('@keel/') &&
          !path.isAbsolute(request)
        ) {
          return callback(undefined, `commonjs ${request}`);
        }
        return callback();
      },
    ],
    externalsPresets: { node: true },
    optimization: { minimize: false, nodeEnv: false },
    node: { __dirname: false, __filename: false },
    plugins: [new ProductionPackageJsonPlugin(name)],
  };
};
