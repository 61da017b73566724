import {
  dialectOfDataSource,
  oldestOpenTransactions,
  withCatalogSession,
  type OpenTransactionsSnapshot,
} from '@keel/catalog';
import type { SqlDialect } from '@keel/datasource';
import type { DataSource } from 'typeorm';

/** What "now" is for windows. */
export interface WindowClock {
  now(): Promise<Date>;
  /** The DB's now and the oldest transactions open on it (the long-transaction hold); optional. */
  openTransactions?(): Promise<OpenTransactionsSnapshot>;
}

/** How many open transactions one look lists, oldest first. */
export const openTransactionsListed = 50;

/**
 * The shop DB's clock: it sets `update_ts`, so windows measured by it need no agreement between the
 * app's clock and the DB's. Epoch milliseconds, so no session time zone can shift the answer.
 */
export class ShopClock implements WindowClock {
  private readonly dialect: SqlDialect;

  constructor(private readonly shop: DataSource) {
    this.dialect = dialectOfDataSource(shop);
  }

  async now(): Promise<Date> {
    const sql =
      this.dialect === 'mysql'
        ? 'SELECT UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS ms'
        : 'SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::float8 AS ms';
    const [row] = await withCatalogSession(this.shop, this.dialect, (q) => q<{ ms: string | number }>(sql));
    const ms = Math.floor(Number(row?.ms));
    if (!Number.isFinite(ms)) throw new Error(`the shop DB answered no time to "${sql}"`);
    return new Date(ms);
  }

  openTransactions(): Promise<OpenTransactionsSnapshot> {
    return oldestOpenTransactions(this.shop, openTransactionsListed);
  }
}
