import { counter } from '@keel/service-runtime';
import type { Logger, QueryRunner } from 'typeorm';

/**
 * Every SQL statement an app sends, by DB role and database. Tests read it from `/metrics` to show that
 * a page costs a bounded number of queries (DataLoader, no N+1); operators see query rates per app.
 */
export const dbQueriesTotal = counter({
  name: 'keel_db_queries_total',
  help: 'SQL statements sent, by DB role',
  labelNames: ['role'] as const,
});

/** A TypeORM logger that counts statements (and logs failed ones at warn through the app's logger). */
export class QueryCountingLogger implements Logger {
  constructor(private readonly role: string) {}

  logQuery(_query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    dbQueriesTotal.inc({ role: this.role });
  }

  logQueryError(): void {
    // the error reaches the caller, which decides how loud it is
  }

  logQuerySlow(): void {
    // not logged: the counter is all this logger is for
  }

  logSchemaBuild(): void {
    // not logged: the counter is all this logger is for
  }

  logMigration(): void {
    // not logged: the counter is all this logger is for
  }

  log(): void {
    // not logged: the counter is all this logger is for
  }
}
