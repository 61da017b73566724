import type { SqlDialect } from '@keel/datasource';
import type { DataSource } from 'typeorm';
import { withCatalogSession } from '../read/catalog-session';
import { catalogTables, productTombstones } from '../schema/catalog-tables';

/**
 * Children before their products (a child's change bumps its product row, and so its update_ts),
 * products (and the tombstones deletes leave) before their parents: the order in which moving `update_ts` back leaves every row moved.
 */
export const backdatingOrder = [
  catalogTables.productOptions,
  catalogTables.productImages,
  catalogTables.productTags,
  catalogTables.products,
  productTombstones,
  catalogTables.shops,
  catalogTables.categories,
  catalogTables.tags,
];

/**
 * Moves every catalogue row's `update_ts` back by `minutes`, so that a change window opened now sees
 * only what changes after this call (tests and benches of the batch and the repairer). On
 * PostgreSQL the `update_ts` trigger would overwrite the old stamp, so triggers are off for this
 * one session (`session_replication_role = replica`); on MySQL/MariaDB an explicit value wins over
 * `ON UPDATE CURRENT_TIMESTAMP`, and the order above keeps the bumps of child rows from undoing it.
 */
export async function backdateCatalog(
  dataSource: DataSource,
  dialect: SqlDialect,
  minutes: number,
): Promise<void> {
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new RangeError(`backdateCatalog: minutes must be a positive whole number, got ${minutes}`);
  }
  await withCatalogSession(dataSource, dialect, async (q) => {
    if (dialect === 'postgres') await q("SET session_replication_role = 'replica'");
    try {
      for (const table of backdatingOrder) {
        await q(
          dialect === 'mysql'
            ? `UPDATE ${table.name} SET update_ts = update_ts - INTERVAL ${minutes} MINUTE`
            : `UPDATE ${table.name} SET update_ts = update_ts - interval '${minutes} minutes'`,
        );
      }
    } finally {
      if (dialect === 'postgres') await q("SET session_replication_role = 'origin'");
    }
  });
}
