import { dataSourceOptionsFromUrl } from '@keel/datasource';
import { uniqueName } from '@keel/test-harness';
import { DataSource } from 'typeorm';
import { TransactionsNotVisible, checkTransactionVisibility, oldestOpenTransactions } from '../src';
import { type IsolatedShopDb, dialects, openIsolatedShopDb } from './isolated-shop-db';

// The batch's long-transaction hold reads other sessions' open transactions. A shop DB user without
// PROCESS (MySQL/MariaDB) or pg_read_all_stats (PostgreSQL) silently sees none of them: the doctor
// must say so and print the grant. Checked with a real unprivileged user against a real open write.
describe.each(dialects)('transaction visibility on %s', (dialect) => {
  let db: IsolatedShopDb;
  let user: string;
  let asUser: DataSource;

  beforeAll(async () => {
    db = await openIsolatedShopDb(dialect);
    await db.dataSource.query('CREATE TABLE visibility_probe (id bigint PRIMARY KEY, v integer NOT NULL)');
    await db.dataSource.query('INSERT INTO visibility_probe (id, v) VALUES (1, 0)');
    user = uniqueName('keel_np').replace(/-/g, '_').slice(0, 30);
    const url = new URL(db.url);
    if (dialect === 'mysql') {
      await db.dataSource.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'np-secret'`);
      await db.dataSource.query(`GRANT SELECT ON \`${url.pathname.slice(1)}\`.* TO '${user}'@'%'`);
      url.username = user;
      url.password = 'np-secret';
    } else {
      await db.dataSource.query(`CREATE ROLE ${user} LOGIN`);
      await db.dataSource.query(`GRANT USAGE ON SCHEMA ${db.schema} TO ${user}`);
      url.username = user;
    }
    asUser = new DataSource(dataSourceOptionsFromUrl(url.toString(), { poolSize: 1 }));
    await asUser.initialize();
  });

  afterAll(async () => {
    await asUser?.destroy();
    if (dialect === 'mysql') await db?.dataSource.query(`DROP USER IF EXISTS '${user}'@'%'`);
    else {
      await db?.dataSource.query(`REVOKE ALL ON SCHEMA ${db.schema} FROM ${user}`);
      await db?.dataSource.query(`DROP ROLE IF EXISTS ${user}`);
    }
    await db?.drop();
  });

  it("says a user without the privilege cannot see another session's open write, prints the grant, and sees it once granted", async () => {
    const writer = db.dataSource.createQueryRunner();
    await writer.connect();
    try {
      await writer.startTransaction();
      await writer.query('UPDATE visibility_probe SET v = v + 1 WHERE id = 1');
      const [session] = await writer.query(
        dialect === 'mysql' ? 'SELECT CONNECTION_ID() AS id' : 'SELECT pg_backend_pid()::text AS id',
      );
      const sessionId = String(session.id);

      // the privileged user sees the open write
      const asAdmin = await oldestOpenTransactions(db.dataSource);
      expect(asAdmin.transactions.map((t) => t.session)).toContain(sessionId);

      const before = await checkTransactionVisibility(asUser);
      expect(before.visible).toBe(false);
      expect(before.grant).toBe(
        dialect === 'mysql'
          ? `GRANT PROCESS ON *.* TO '${user}'@'%';`
          : `GRANT pg_read_all_stats TO "${user}";`,
      );
      // and that is the danger: the unprivileged user's probe does not see it (MariaDB refuses to
      // answer, PostgreSQL answers without it)
      const unprivileged = await oldestOpenTransactions(asUser).then(
        (snapshot) => (snapshot.transactions.some((t) => t.session === sessionId) ? 'seen' : 'not seen'),
        (error: unknown) => (error instanceof TransactionsNotVisible ? 'refused' : String(error)),
      );
      expect(unprivileged).toBe(dialect === 'mysql' ? 'refused' : 'not seen');

      await db.dataSource.query(
        dialect === 'mysql' ? `GRANT PROCESS ON *.* TO '${user}'@'%'` : `GRANT pg_read_all_stats TO ${user}`,
      );
      // MariaDB reads global privileges at connect: a new connection
      await asUser.destroy();
      await asUser.initialize();
      const after = await checkTransactionVisibility(asUser);
      expect(after).toMatchObject({ visible: true, grant: '' });
      expect((await oldestOpenTransactions(asUser)).transactions.map((t) => t.session)).toContain(sessionId);
    } finally {
      await writer.rollbackTransaction();
      await writer.release();
    }
  });
});
