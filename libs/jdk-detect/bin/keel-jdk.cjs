#!/usr/bin/env node
// Runs the TypeScript CLI in place (no build step): ts-node transpiles it on the fly.
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
const { runCli } = require('../src/cli/keel-jdk.ts');
Promise.resolve(runCli(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
