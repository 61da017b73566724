import { diagnoseTable } from './schema-diagnosis';
import type { TableFacts, UpdateTsColumnFacts } from './schema-findings';
import { fixScript, fixSql } from './schema-fix';

const mariadbColumn: UpdateTsColumnFacts = {
  dataType: 'timestamp',
  precision: 3,
  nullable: false,
  defaultExpression: 'current_timestamp(3)',
  extra: 'on update current_timestamp(3)',
};

const healthyMysql: TableFacts = {
  table: 'products',
  primaryKey: ['id'],
  updateTs: mariadbColumn,
  hasTouchTrigger: false,
  hasUpdateTsIndex: true,
};

const healthyPostgres: TableFacts = {
  ...healthyMysql,
  updateTs: {
    dataType: 'timestamp with time zone',
    precision: 3,
    nullable: false,
    defaultExpression: 'now()',
    extra: '',
  },
  hasTouchTrigger: true,
};

const bare = (table: string, primaryKey = ['id']): TableFacts => ({
  table,
  primaryKey,
  updateTs: null,
  hasTouchTrigger: false,
  hasUpdateTsIndex: false,
});

describe('diagnoseTable', () => {
  it('finds nothing wrong with the catalogue definition on either dialect', () => {
    expect(diagnoseTable('mysql', healthyMysql)).toEqual([]);
    expect(
      diagnoseTable('mysql', {
        ...healthyMysql,
        updateTs: {
          ...mariadbColumn,
          defaultExpression: 'CURRENT_TIMESTAMP(3)',
          extra: 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)',
        },
      }),
    ).toEqual([]);
    expect(diagnoseTable('postgres', healthyPostgres)).toEqual([]);
  });

  it('reports a missing column with its index (and trigger on PostgreSQL)', () => {
    expect(diagnoseTable('mysql', bare('orders')).map((f) => f.problem)).toEqual([
      'missing-column',
      'missing-index',
    ]);
    expect(diagnoseTable('postgres', bare('orders')).map((f) => f.problem)).toEqual([
      'missing-column',
      'missing-trigger',
      'missing-index',
    ]);
  });

  it('reports a client-maintained column: no on-update, literal default, second precision, nullable', () => {
    const facts: TableFacts = {
      ...healthyMysql,
      updateTs: { dataType: 'datetime', precision: 0, nullable: true, defaultExpression: null, extra: '' },
    };
    expect(diagnoseTable('mysql', facts).map((f) => f.problem)).toEqual([
      'wrong-type',
      'nullable',
      'missing-default',
      'missing-on-update',
    ]);
  });

  it('reports a PostgreSQL table without the touch trigger', () => {
    expect(
      diagnoseTable('postgres', { ...healthyPostgres, hasTouchTrigger: false }).map((f) => f.problem),
    ).toEqual(['missing-trigger']);
  });
});

describe('fixSql', () => {
  it('adds a DB-maintained column and its (update_ts, pk) index on MySQL', () => {
    expect(fixSql('mysql', diagnoseTable('mysql', bare('orders')))).toEqual([
      'ALTER TABLE `orders` ADD COLUMN update_ts TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)',
      'CREATE INDEX `idx_orders_update_ts` ON `orders` (`update_ts`, `id`)',
    ]);
  });

  it('adds column, shared touch function, trigger and index on PostgreSQL', () => {
    const sql = fixSql('postgres', [
      ...diagnoseTable('postgres', bare('orders')),
      ...diagnoseTable('postgres', bare('order_lines', ['order_id', 'line'])),
    ]);
    expect(sql.filter((s) => s.startsWith('CREATE OR REPLACE FUNCTION keel_touch_update_ts()'))).toHaveLength(
      1,
    );
    expect(sql[0]).toMatch(/^CREATE OR REPLACE FUNCTION/);
    expect(sql).toContain(
      'ALTER TABLE "orders" ADD COLUMN update_ts timestamptz(3) NOT NULL DEFAULT clock_timestamp()',
    );
    expect(sql).toContain(
      'CREATE TRIGGER "orders_touch_update_ts" BEFORE UPDATE ON "orders" FOR EACH ROW EXECUTE FUNCTION keel_touch_update_ts()',
    );
    expect(sql).toContain(
      'CREATE INDEX IF NOT EXISTS "idx_order_lines_update_ts" ON "order_lines" ("update_ts", "order_id", "line")',
    );
  });

  it('redefines an existing MySQL column in one MODIFY, filling NULLs first', () => {
    const facts: TableFacts = {
      ...healthyMysql,
      table: 'shops',
      updateTs: { dataType: 'datetime', precision: 0, nullable: true, defaultExpression: null, extra: '' },
    };
    expect(fixSql('mysql', diagnoseTable('mysql', facts))).toEqual([
      'UPDATE `shops` SET update_ts = CURRENT_TIMESTAMP(3) WHERE update_ts IS NULL',
      'ALTER TABLE `shops` MODIFY COLUMN update_ts TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)',
    ]);
  });

  it('converts a zone-less PostgreSQL timestamp as UTC and sets the default', () => {
    const facts: TableFacts = {
      ...healthyPostgres,
      updateTs: {
        dataType: 'timestamp without time zone',
        precision: 6,
        nullable: false,
        defaultExpression: null,
        extra: '',
      },
    };
    expect(fixSql('postgres', diagnoseTable('postgres', facts))).toEqual([
      `ALTER TABLE "products" ALTER COLUMN update_ts TYPE timestamptz(3) USING update_ts AT TIME ZONE 'UTC'`,
      'ALTER TABLE "products" ALTER COLUMN update_ts SET DEFAULT clock_timestamp()',
    ]);
  });

  it('prints nothing for a healthy schema and terminates every statement in the script', () => {
    expect(fixSql('mysql', [])).toEqual([]);
    expect(
      fixScript('mysql', diagnoseTable('mysql', bare('t')))
        .split('\n')
        .every((line) => line.endsWith(';')),
    ).toBe(true);
  });
});
