import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCatalogMigrations } from '../src';
import { type IsolatedShopDb, dialects, openIsolatedShopDb } from './isolated-shop-db';

const workspaceRoot = path.resolve(__dirname, '../../..');

interface DoctorRun {
  exitCode: number;
  report: { findings: { table: string; problem: string }[]; statements: string[] };
}

/** Runs the real CLI, as `nx run catalog:doctor` does, and reads its JSON report. */
async function runDoctor(db: IsolatedShopDb): Promise<DoctorRun> {
  const args = [
    '-r',
    'ts-node/register',
    '-r',
    'tsconfig-paths/register',
    'libs/catalog/src/cli/schema-doctor.ts',
  ];
  args.push('--url', db.url, '--json', ...(db.schema ? ['--schema', db.schema] : []));
  const env = { ...process.env, TS_NODE_PROJECT: 'tsconfig.json', TS_NODE_TRANSPILE_ONLY: 'true' };
  try {
    const { stdout } = await promisify(execFile)('node', args, { cwd: workspaceRoot, env });
    return { exitCode: 0, report: JSON.parse(stdout) as DoctorRun['report'] };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (failed.code !== 1) throw new Error(`doctor crashed (${failed.code}): ${failed.stderr}`);
    return { exitCode: 1, report: JSON.parse(failed.stdout ?? '') as DoctorRun['report'] };
  }
}

describe.each(dialects)('schema doctor on %s', (dialect) => {
  let db: IsolatedShopDb;

  beforeAll(async () => {
    db = await openIsolatedShopDb(dialect);
    await runCatalogMigrations(db.dataSource);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('finds tables without a database-kept update_ts, and its printed SQL fixes them', async () => {
    await db.dataSource.query('CREATE TABLE legacy_orders (id bigint PRIMARY KEY, total integer NOT NULL)');
    // a column the application maintains: no default, no on-update, no trigger, no index
    const clientKept = dialect === 'mysql' ? 'DATETIME NULL' : 'timestamp NULL';
    await db.dataSource.query(
      `CREATE TABLE legacy_items (order_id bigint, line integer, update_ts ${clientKept}, PRIMARY KEY (order_id, line))`,
    );
    await db.dataSource.query('INSERT INTO legacy_orders (id, total) VALUES (1, 100), (2, 200)');
    await db.dataSource.query('INSERT INTO legacy_items (order_id, line, update_ts) VALUES (1, 1, NULL)');

    const sick = await runDoctor(db);
    expect(sick.exitCode).toBe(1);
    const problems = sick.report.findings.map((f) => `${f.table}:${f.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'legacy_orders:missing-column',
        'legacy_orders:missing-index',
        'legacy_items:missing-default',
        'legacy_items:nullable',
        'legacy_items:missing-index',
      ]),
    );
    // the catalogue's own tables are healthy
    expect(sick.report.findings.every((f) => f.table.startsWith('legacy_'))).toBe(true);

    for (const sql of sick.report.statements) await db.dataSource.query(sql);

    const healed = await runDoctor(db);
    expect(healed.report.findings).toEqual([]);
    expect(healed.exitCode).toBe(0);

    // and the fix works: a hand-written UPDATE now moves update_ts
    await db.dataSource.query('UPDATE legacy_items SET line = line + 1 WHERE order_id = 1');
    const [row] = (await db.dataSource.query('SELECT update_ts FROM legacy_items WHERE order_id = 1')) as {
      update_ts: Date;
    }[];
    expect(Math.abs((row?.update_ts.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });
});
