import type { Client } from '@elastic/elasticsearch';
import { ShopCatalog } from '@keel/catalog';
import { createElasticsearchClient, indicesOfAlias, type AliasPair } from '@keel/es-alias';
import { aliasPairOf } from '@keel/product-index';
import { verifyCatalogue } from '@keel/etl-core';
import { openSeededShop } from '@keel/etl-core/testing';
import { eventually, stackEnv, uniqueName, type IsolatedDb } from '@keel/test-harness';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RecoveryRun } from '../src/recovery/recovery-run';
import { RecoveryService, type RecoverySettings } from '../src/recovery/recovery.service';
import { dropRebuilds, openRecoveryPlatform } from './support';

// Invariant 5 (rebuilds are invisible to readers) on real MariaDB (shop), PostgreSQL (platform) and
// Elasticsearch: equal after a rebuild, readers never see an error or an empty index, a SIGKILLed
// run resumes from its checkpoint, rollback returns to the previous index.
const workspaceRoot = path.resolve(__dirname, '../../..');
const cli = path.join(workspaceRoot, 'dist/apps/indexer-recovery/cli.js');

describe('indexer-recovery', () => {
  let shop: IsolatedDb;
  let platform: IsolatedDb;
  let client: Client;
  let catalog: ShopCatalog;
  let aliases: AliasPair;
  let settings: RecoverySettings;
  const runs: RecoveryRun[] = [];

  const service = () => new RecoveryService(catalog, platform.dataSource, client, settings);
  const verifyAll = async () => {
    const report = await verifyCatalogue(catalog, client, { index: aliases.readAlias });
    return {
      missing: report.missing.length,
      extra: report.extra.length,
      stale: report.stale,
      checked: report.checked,
    };
  };

  function startCli(args: string[], env: Record<string, string>) {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npx nx build indexer-recovery" first`);
    const child = spawn(process.execPath, [cli, ...args], {
      env: {
        ...process.env,
        SHOP_DB_URL: shop.url,
        PLATFORM_DB_URL: platform.url,
        ELASTICSEARCH_URL: stackEnv().elasticsearchUrl,
        ZOOKEEPER_CONNECT: stackEnv().zookeeperConnect,
        PRODUCTS_ALIAS: aliases.readAlias,
        RECOVERY_LEASE_MS: '1000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
    );
    return { child, output: () => output, exited };
  }

  beforeAll(async () => {
    shop = await openSeededShop('mysql', 'recovery', { products: 1500, seed: 11 });
    catalog = new ShopCatalog(shop.dataSource);
    platform = await openRecoveryPlatform('recovery');
    client = createElasticsearchClient(stackEnv().elasticsearchUrl);
    const alias = uniqueName('products');
    aliases = aliasPairOf(alias);
    settings = {
      aliases,
      batchSize: 100,
      concurrency: 2,
      overlapMs: 60_000,
      analyzer: 'standard',
      sampleRanges: 3,
      sampleSize: 50,
      keepIndices: 5,
      // the SIGKILLed CLI's claimed range comes back this soon
      leaseMs: 1_000,
    };
  });

  afterAll(async () => {
    await dropRebuilds(client, aliases.readAlias);
    await shop.drop();
    await platform.drop();
  });

  it('rebuilds a seeded catalogue into an index equal to the DB and swaps both aliases', async () => {
    const run = await service().run();
    runs.push(run);
    expect(run).toMatchObject({ status: 'succeeded', phase: 'done', rangesDone: run.rangesTotal });
    expect(await indicesOfAlias(client, aliases.readAlias)).toEqual([run.index]);
    expect(await indicesOfAlias(client, aliases.writeAlias)).toEqual([run.index]);
    const report = await verifyAll();
    expect(report).toMatchObject({ missing: 0, extra: 0, stale: [] });
    expect(report.checked).toBeGreaterThan(1400);
  });

  it('readers querying the alias during a rebuild never see an error or an empty index', async () => {
    const seen = { queries: 0, errors: [] as string[], emptyResults: 0 };
    let reading = true;
    const reader = (async () => {
      while (reading) {
        try {
          const [count, search] = await Promise.all([
            client.count({ index: aliases.readAlias }),
            client.search({ index: aliases.readAlias, size: 5, query: { match_all: {} }, _source: false }),
          ]);
          seen.queries++;
          if (count.count === 0 || search.hits.hits.length === 0) seen.emptyResults++;
        } catch (error) {
          seen.errors.push(error instanceof Error ? error.message : String(error));
        }
      }
    })();
    let run: RecoveryRun;
    try {
      run = await service().run({ resume: false });
    } finally {
      reading = false;
      await reader;
    }
    runs.push(run);
    expect(run.status).toBe('succeeded');
    expect(run.index).not.toBe(runs[0].index);
    expect(run.previousIndex).toBe(runs[0].index);
    expect(seen.errors).toEqual([]);
    expect(seen.emptyResults).toBe(0);
    expect(seen.queries).toBeGreaterThan(10);
  });

  it('rolls back to the previous index the last run recorded', async () => {
    expect(await service().rollback()).toMatchObject({ index: runs[0].index, previous: [runs[1].index] });
    expect(await indicesOfAlias(client, aliases.readAlias)).toEqual([runs[0].index]);
    expect(await indicesOfAlias(client, aliases.writeAlias)).toEqual([runs[0].index]);
  });

  it('shares one rebuild between workers in different processes', async () => {
    // 3 ids per range: about 500 ranges, plenty for two workers to share
    settings = { ...settings, batchSize: 3 };
    const coordinator = startCli(['run', '--new'], { RECOVERY_BATCH_SIZE: '3' });
    const runId = await eventually(
      async () => {
        if (coordinator.child.exitCode !== null)
          throw new Error(`the CLI ended early: ${coordinator.output()}`);
        const [row] = await platform.dataSource.query(
          `SELECT id, ranges_done FROM recovery_runs WHERE alias = $1 AND status = 'running'`,
          [aliases.readAlias],
        );
        return row && Number(row.ranges_done) >= 10 ? Number(row.id) : undefined;
      },
      { what: 'the coordinator under way', timeoutMs: 90_000, intervalMs: 20 },
    );
    const mine = await service().work();
    expect(mine?.id).toBe(runId);
    expect(await coordinator.exited).toBe('exit 0');
    const workers = await service().runs.workers(runId);
    expect(Object.keys(workers)).toHaveLength(2);
    const [run] = await platform.dataSource.query('SELECT * FROM recovery_runs WHERE id = $1', [runId]);
    expect(run.status).toBe('succeeded');
    expect(Object.values(workers).reduce((a, b) => a + b, 0)).toBe(Number(run.ranges_total));
    expect(await verifyAll()).toMatchObject({ missing: 0, extra: 0, stale: [] });
  });

  it('resumes a SIGKILLed run from its last finished range, catches up, and ends equal', async () => {
    // one id per range: slow enough to be killed mid-way, whatever the machine
    const { child, output: cliOutput, exited } = startCli(['run', '--new'], { RECOVERY_BATCH_SIZE: '1' });

    const killedRun = await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`the CLI ended before it was killed: ${cliOutput()}`);
        const [row] = await platform.dataSource.query(
          `SELECT id, ranges_done, ranges_total FROM recovery_runs WHERE alias = $1 AND status = 'running'`,
          [aliases.readAlias],
        );
        return row && Number(row.ranges_done) >= 50 ? row : undefined;
      },
      { what: '50 ranges done by the CLI', timeoutMs: 90_000, intervalMs: 20 },
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const [afterKill] = await platform.dataSource.query('SELECT * FROM recovery_runs WHERE id = $1', [
      killedRun.id,
    ]);
    expect(afterKill.status).toBe('running');
    expect(Number(afterKill.ranges_done)).toBeLessThan(Number(afterKill.ranges_total));

    // a product in a range that is already done (ranges go top down) changes while the run is down:
    // only catch-up sees it
    const maxId = Number(afterKill.max_id);
    const top = (await catalog.loadProductsByIds(Array.from({ length: 40 }, (_, i) => maxId - i))).find(
      (p) => p.status === 'active',
    );
    if (!top) throw new Error(`no active product among ids ${maxId - 39}..${maxId}`);
    await shop.dataSource.query(
      `UPDATE products SET name_en = 'changed during the outage' WHERE id = ${top.id}`,
    );

    settings = { ...settings, batchSize: 1 };
    const resumed = await service().run();
    expect(resumed.id).toBe(Number(killedRun.id));
    expect(resumed.index).toBe(afterKill.index_name);
    expect(resumed).toMatchObject({ status: 'succeeded', rangesDone: Number(afterKill.ranges_total) });
    expect(await indicesOfAlias(client, aliases.readAlias)).toEqual([resumed.index]);
    expect(await verifyAll()).toMatchObject({ missing: 0, extra: 0, stale: [] });
    const doc = await client.get<{ name_en: string }>({ index: aliases.readAlias, id: String(top.id) });
    expect(doc._source?.name_en).toBe('changed during the outage');
  });
});
