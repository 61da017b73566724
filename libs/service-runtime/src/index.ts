/**
 * @keel/service-runtime: what every Keel service shares at its edges: typed configuration from the
 * environment (fail fast, naming the variable), JSON logs with a correlation ID, `/health` and
 * `/health/live` (terminus), Prometheus `/metrics`, and one bootstrap with graceful shutdown; and
 * service identity: signed service tokens on every RPC and admin HTTP call, checked against the
 * per-operation authorisation tables of @keel/api-contracts, the caller passed along, one RpcError;
 * and the one home of small mechanisms: metric registration, env booleans, backoff, a seeded PRNG.
 */
export * from './lib/config';
export * from './lib/env-boolean';
export * from './lib/readiness-registry.service';
export * from './lib/service-runtime.module';
export * from './lib/bootstrap';
export * from './lib/cli-options';
export * from './lib/error-message';
export * from './lib/metrics';
export * from './lib/metric-registration';
export * from './lib/backoff';
export * from './lib/prng';
export * from './lib/in-flight';
export * from './lib/identity/service-token';
export * from './lib/identity/keyring';
export * from './lib/identity/principal';
export * from './lib/identity/rpc-transport';
export * from './lib/identity/rpc-errors';
export * from './lib/identity/http-identity.guard';
export * from './lib/identity/agent-key';
