// One Jest setup for every project: SWC transpiles TypeScript (with the decorator metadata NestJS
// needs) and @keel/<lib> imports resolve to the lib's source, as tsconfig.base.json paths do.
const path = require('node:path');

const workspaceRoot = __dirname;

const base = (projectDir) => ({
  rootDir: projectDir,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@keel/([a-z0-9-]+)$': path.join(workspaceRoot, 'libs/$1/src/index.ts'),
    // a lib's set-up for integration tests and benches (`libs/<lib>/testing/index.ts`)
    '^@keel/([a-z0-9-]+)/testing$': path.join(workspaceRoot, 'libs/$1/testing/index.ts'),
  },
});

/** Unit tests: `*.spec.ts` beside the code, no servers needed. */
exports.unit = (projectDir) => ({
  ...base(projectDir),
  displayName: `${path.basename(projectDir)}:unit`,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
});

/** Integration tests: `test/**\/*.spec.ts` against the real local stack, one file at a time. */
exports.integration = (projectDir) => ({
  ...base(projectDir),
  displayName: `${path.basename(projectDir)}:integration`,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
});
