import { defaultKnowledgeDir, loadKnowledge } from '@keel/jdk-detect';
import { openIsolatedDb, type IsolatedDb } from '@keel/test-harness';
import { WebhookNotifier } from '@keel/webhooks';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reportOf } from '../bench/fleet-generator';
import { inventoryMigrations } from '../src/inventory/inventory.migration';
import { ReportIngestService } from '../src/ingest/report-ingest.service';
import { LicenceExposureScheduler } from '../src/notify/licence-exposure.scheduler';

// The licence-exposure webhook on the real inventory schema: reports go in through the ingest, the
// watch counts, a local receiver plays Slack.
describe('licence exposure webhook', () => {
  let db: IsolatedDb;
  let server: Server;
  const received: string[] = [];

  beforeAll(async () => {
    db = await openIsolatedDb('postgres', { prefix: 'licence_hook', migrations: inventoryMigrations });
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db?.drop();
  });

  it('says so once when paid-licence installations grow: not at the first count, not twice from two instances', async () => {
    const knowledge = loadKnowledge(defaultKnowledgeDir());
    const ingest = new ReportIngestService(db.dataSource, () => knowledge);
    const oracleHost = (n: number) =>
      reportOf({
        hostname: `oracle-${n}`,
        labels: { team: 'ledger' },
        jdks: [{ distribution: 'oracle', version: '8.0.381' }],
      });
    await ingest.ingest([1, 2].map((n) => ({ report: oracleHost(n), source: 'cli' as const })));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/licence`;
    const settings = {
      urls: { 'fleet.licence-exposure-grew': url },
      maxAttempts: 3,
      backoffBaseMs: 1000,
      backoffMaxMs: 1000,
      timeoutMs: 1000,
    } as const;
    const watch = new LicenceExposureScheduler(
      db.dataSource,
      new WebhookNotifier(db.dataSource, settings),
      0,
    );
    // another instance of the app, sharing the table: it must not repeat what the first sent
    const other = new LicenceExposureScheduler(
      db.dataSource,
      new WebhookNotifier(db.dataSource, settings),
      0,
    );

    expect(await watch.check()).toBeNull(); // the first count is the baseline
    await ingest.ingest([3, 4, 5].map((n) => ({ report: oracleHost(n), source: 'cli' as const })));
    expect(await watch.check()).toMatchObject({ dedupKey: 'fleet.licence-exposure-grew:2->5' });
    expect(await other.check()).toBeNull();
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0] as string).text).toMatch(/5 installations need a paid licence \(was 2\)/);
    const rows: { status: string; attempts: number }[] = await db.dataSource.query(
      "SELECT status, attempts FROM webhook_deliveries WHERE kind = 'fleet.licence-exposure-grew'",
    );
    expect(rows).toEqual([{ status: 'delivered', attempts: 1 }]);
  });
});
