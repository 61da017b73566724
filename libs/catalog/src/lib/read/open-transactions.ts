import type { SqlDialect } from '@keel/datasource';
import type { DataSource } from 'typeorm';
import { dialectOfDataSource } from '../migrations/catalog-migrations';
import { withCatalogSession } from './catalog-session';
import { checkedPageLimit } from './change-feed';
import { errorMessage } from '@keel/service-runtime';

type Raw = Record<string, unknown>;

/** A transaction open on the shop DB that may still commit rows stamped before now. */
export interface OpenTransaction {
  /** MySQL/MariaDB connection id (`KILL <id>`), PostgreSQL backend pid (`pg_terminate_backend`). */
  session: string;
  /** When it began, by the DB's clock. */
  startedAt: Date;
}

export interface OpenTransactionsSnapshot {
  /** The DB's own clock, read in the same statement as the transactions. */
  now: Date;
  /** Oldest first, at most `limit`. */
  transactions: OpenTransaction[];
}

/**
 * The shop DB user may not read other sessions' transactions (MySQL/MariaDB refuse
 * `information_schema.innodb_trx` without PROCESS). `catalog:doctor` prints the grant.
 */
export class TransactionsNotVisible extends Error {
  constructor(reason: string) {
    super(`cannot read the shop DB's open transactions: ${reason} (run catalog:doctor for the grant)`);
    this.name = 'TransactionsNotVisible';
  }
}

/**
 * The oldest open transactions of other sessions on the shop DB that may commit rows stamped
 * earlier than now: those that wrote something, or are inside a statement (which may be waiting
 * for a lock with an early stamp). An idle transaction that wrote nothing is left out: whatever it
 * writes later is stamped later than now.
 *
 * MySQL/MariaDB: `information_schema.innodb_trx` (needs the PROCESS privilege to see other
 * sessions; `trx_started` has second precision, truncated, so it errs early), limited to sessions
 * whose default schema is this one (the server may hold other databases). PostgreSQL:
 * `pg_stat_activity` with an assigned transaction id (`backend_xid`, given at the first write) in
 * this database (needs `pg_read_all_stats` to see other roles' sessions).
 */
export async function oldestOpenTransactions(
  dataSource: DataSource,
  limit = 10,
): Promise<OpenTransactionsSnapshot> {
  const dialect: SqlDialect = dialectOfDataSource(dataSource);
  checkedPageLimit(limit);
  const sql =
    dialect === 'mysql'
      ? `SELECT UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS now_ms, t.trx_mysql_thread_id AS session,
           UNIX_TIMESTAMP(t.trx_started) * 1000 AS started_ms
         FROM (SELECT 1) AS one
         LEFT JOIN (information_schema.innodb_trx t JOIN information_schema.processlist p
             ON p.ID = t.trx_mysql_thread_id AND p.DB = DATABASE())
           ON t.trx_mysql_thread_id <> CONNECTION_ID()
          AND (t.trx_rows_modified > 0 OR t.trx_query IS NOT NULL OR t.trx_state <> 'RUNNING')
         ORDER BY t.trx_started LIMIT ${limit}`
      : `SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::float8 AS now_ms, a.pid::text AS session,
           (EXTRACT(EPOCH FROM a.xact_start) * 1000)::float8 AS started_ms
         FROM (SELECT 1) AS one
         LEFT JOIN pg_stat_activity a
           ON a.pid <> pg_backend_pid() AND a.datname = current_database()
          AND a.backend_xid IS NOT NULL AND a.xact_start IS NOT NULL
         ORDER BY a.xact_start NULLS LAST LIMIT ${limit}`;
  let rows: Raw[];
  try {
    rows = await withCatalogSession(dataSource, dialect, (q) => q<Raw>(sql));
  } catch (error) {
    const message = errorMessage(error);
    if (/PROCESS privilege|access denied/i.test(message)) throw new TransactionsNotVisible(message);
    throw error;
  }
  const nowMs = Math.floor(Number(rows[0]?.['now_ms']));
  if (!Number.isFinite(nowMs)) throw new Error('the shop DB answered no time to the open-transactions query');
  const transactions = rows
    .filter((r) => r['session'] !== null && r['session'] !== undefined && r['started_ms'] !== null)
    .map((r) => ({
      session: String(r['session']),
      startedAt: new Date(Math.floor(Number(r['started_ms']))),
    }));
  return { now: new Date(nowMs), transactions };
}

/** Whether the connected user can see other sessions' transactions, and the grant when it cannot. */
export interface TransactionVisibility {
  user: string;
  visible: boolean;
  /** The statement an administrator runs to allow it (empty when visible). */
  grant: string;
  detail: string;
}

export async function checkTransactionVisibility(dataSource: DataSource): Promise<TransactionVisibility> {
  const dialect = dialectOfDataSource(dataSource);
  return withCatalogSession(dataSource, dialect, async (q) => {
    if (dialect === 'mysql') {
      const [who] = await q<Raw>('SELECT CURRENT_USER() AS who');
      const current = String(who?.['who'] ?? '');
      const at = current.lastIndexOf('@');
      const grantee = `'${current.slice(0, at)}'@'${current.slice(at + 1)}'`;
      // user_privileges lists the current user's own global privileges (all of them for root)
      const [row] = await q<Raw>(
        `SELECT COUNT(*) AS n FROM information_schema.user_privileges
         WHERE grantee = ? AND privilege_type IN ('PROCESS', 'SUPER')`,
        [grantee],
      );
      const visible = Number(row?.['n']) > 0;
      return {
        user: grantee,
        visible,
        grant: visible ? '' : `GRANT PROCESS ON *.* TO ${grantee};`,
        detail: visible
          ? 'PROCESS privilege: information_schema.innodb_trx shows every session'
          : "no PROCESS privilege: information_schema.innodb_trx shows only this user's own transactions, " +
            'so a long transaction of the shop application cannot hold the batch window',
      };
    }
    const [row] = await q<Raw>(
      `SELECT current_user AS who, r.rolsuper AS superuser,
         pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS stats
       FROM pg_roles r WHERE r.rolname = current_user`,
    );
    const user = String(row?.['who'] ?? '');
    const visible = row?.['superuser'] === true || row?.['stats'] === true;
    return {
      user,
      visible,
      grant: visible ? '' : `GRANT pg_read_all_stats TO "${user.replace(/"/g, '""')}";`,
      detail: visible
        ? "superuser or pg_read_all_stats: pg_stat_activity shows every session's transaction"
        : "no pg_read_all_stats (or pg_monitor): pg_stat_activity hides other roles' xact_start and " +
          'backend_xid, so a long transaction of the shop application cannot hold the batch window',
    };
  });
}
