/**
 * @keel/test-harness: what every integration test starts from: the addresses of the real local
 * stack (`nx run local-stack:up`), polling with a deadline instead of sleeping, unique names so
 * test runs never share state, and databases of a test's own. Only tests import it.
 */
export * from './lib/stack-env';
export * from './lib/eventually';
export * from './lib/unique-name';
export * from './lib/isolated-db';
export * from './lib/service-identity';
export * from './lib/built-app';
export * from './lib/fixture-job';
export * from './lib/percentile';
export * from './lib/result-script';
