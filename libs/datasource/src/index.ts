/**
 * @keel/datasource: TypeORM data sources built from one URL (`postgres://` for the platform DB,
 * `mysql://` or `postgres://` for a shop DB), so every app and tool connects the same way.
 */
export * from './lib/datasource-options';
export * from './lib/datasource-probe';
export * from './lib/database.module';
export * from './lib/advisory-lock';
export * from './lib/migration-lock';
export * from './lib/query-counter';
