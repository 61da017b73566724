import type { DataSource } from 'typeorm';

/** Readiness probe: the database answers a trivial query. */
export function dataSourceProbe(dataSource: DataSource) {
  return async () => {
    if (!dataSource.isInitialized) throw new Error('not connected');
    await dataSource.query('SELECT 1');
    return { type: dataSource.options.type };
  };
}
