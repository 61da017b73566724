import type { SqlDialect } from '@keel/datasource';
import { databaseNow, dialects, openIsolatedDb, type IsolatedDb } from '@keel/test-harness';
import { catalogEntities } from '../src';

export { databaseNow, dialects };
export type IsolatedShopDb = IsolatedDb;

/** A shop DB of its own for one test file (see `openIsolatedDb`). */
export const openIsolatedShopDb = (dialect: SqlDialect): Promise<IsolatedShopDb> =>
  openIsolatedDb(dialect, { entities: catalogEntities, poolSize: 3, prefix: 'catalog' });
