/**
 * @keel/service-runtime: what every Keel service shares at its edges: typed configuration from the
 * environment (fail fast, naming the variable), JSON logs with a correlation ID, `/health` and
 * `/health/live` (terminus), Prometheus `/metrics`, and one bootstrap with graceful shutdown.
 */
export * from './lib/config';
export * from './lib/readiness-registry.service';
export * from './lib/service-runtime.module';
export * from './lib/bootstrap';
export * from './lib/metrics';
