// Browser tests: Debian's Chromium driven by playwright-core against the apps started from dist/.
module.exports = {
  ...require('../../jest.preset.cjs').integration(__dirname),
  displayName: 'console:e2e',
  testMatch: ['<rootDir>/test/**/*.e2e.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 150_000,
};
