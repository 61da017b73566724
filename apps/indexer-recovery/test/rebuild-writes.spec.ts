import type { Client } from '@elastic/elasticsearch';
import { ShopCatalog } from '@keel/catalog';
import { dataSourceOptionsFromUrl } from '@keel/datasource';
import {
  createElasticsearchClient,
  indexNameFor,
  indicesOfAlias,
  stampOf,
  type AliasPair,
} from '@keel/es-alias';
import { aliasPairOf } from '@keel/product-index';
import { verifyCatalogue } from '@keel/etl-core';
import { openSeededShop } from '@keel/etl-core/testing';
import type { ProductDocument } from '@keel/product-index';
import { dialects, stackEnv, uniqueName, type IsolatedDb } from '@keel/test-harness';
import { DataSource } from 'typeorm';
import type { RecoveryPhase } from '../src/recovery/recovery-run';
import { RecoveryRunFailed, RecoveryService, type RecoverySettings } from '../src/recovery/recovery.service';
import { dropRebuilds, openRecoveryPlatform } from './support';

// Invariant 5 with traffic: writes, hard deletes and status toggles made while a rebuild runs (in
// every phase, and while it is down after a kill in verify) are all in the new index after the swap;
// a rollback serves the recorded previous index with the changes made since the swap. Real shop DBs
// (both dialects), PostgreSQL platform DB, Elasticsearch.
describe.each(dialects)('rebuilds that lose nothing, shop DB on %s', (dialect) => {
  let shop: IsolatedDb;
  let platform: IsolatedDb;
  let client: Client;
  let catalog: ShopCatalog;
  let aliases: AliasPair;
  let settings: RecoverySettings;
  let active: number[];
  let hidden: number[];

  const service = (db: DataSource = platform.dataSource) =>
    new RecoveryService(catalog, db, client, settings);
  const q = (sql: string) => shop.dataSource.query(sql);
  const rename = (id: number, name: string) => q(`UPDATE products SET name_en = '${name}' WHERE id = ${id}`);
  const hardDelete = async (id: number) => {
    await q(`DELETE FROM products WHERE id = ${id}`);
    for (const child of ['product_options', 'product_images', 'product_tags'])
      await q(`DELETE FROM ${child} WHERE product_id = ${id}`);
  };
  const setStatus = (id: number, status: string) =>
    q(`UPDATE products SET status = '${status}' WHERE id = ${id}`);
  const served = async (id: number) =>
    (await client.get<ProductDocument>({ index: aliases.readAlias, id: String(id) }, { ignore: [404] }))
      ._source;
  const verifyAll = async () => {
    const report = await verifyCatalogue(catalog, client, { index: aliases.readAlias });
    return { missing: report.missing, extra: report.extra, stale: report.stale };
  };
  const clean = { missing: [], extra: [], stale: [] };

  beforeAll(async () => {
    shop = await openSeededShop(dialect, 'rebuild', { products: 240, seed: 5 });
    catalog = new ShopCatalog(shop.dataSource);
    platform = await openRecoveryPlatform('rebuild');
    client = createElasticsearchClient(stackEnv().elasticsearchUrl);
    const alias = uniqueName('rebuild');
    aliases = aliasPairOf(alias);
    settings = {
      aliases,
      batchSize: 40,
      concurrency: 2,
      overlapMs: 5_000,
      analyzer: 'standard',
      sampleRanges: 3,
      sampleSize: 40,
      keepIndices: 5,
      leaseMs: 1_000,
    };
    // products of open shops only: a closed shop's products are never searchable
    const open = new Set(
      (await q("SELECT id FROM shops WHERE status = 'open'")).map((r: { id: unknown }) => Number(r.id)),
    );
    const rows = (await catalog.loadProductsByIds(Array.from({ length: 240 }, (_, i) => i + 1))).filter((p) =>
      open.has(p.shopId),
    );
    active = rows.filter((p) => p.status === 'active').map((p) => p.id);
    hidden = rows.filter((p) => p.status === 'hidden').map((p) => p.id);
    if (active.length < 40 || hidden.length < 2)
      throw new Error('the seed has too few active/hidden products');
  });

  afterAll(async () => {
    await dropRebuilds(client, aliases.readAlias);
    await shop.drop();
    await platform.drop();
  });

  it('writes, deletes and status toggles in every phase of a rebuild are in the new index after the swap', async () => {
    const first = await service().run();
    expect(first.status).toBe('succeeded');
    const writes: Partial<Record<RecoveryPhase, () => Promise<void>>> = {
      // every range is done: only the catch-up can see these
      'catch-up': async () => {
        await rename(active[0], 'renamed before catch-up');
        await hardDelete(active[1]);
        await setStatus(active[2], 'hidden');
      },
      // caught up, not yet verified: the verify must not fail on them, the post-swap catch-up brings them
      verify: async () => {
        await rename(active[3], 'renamed before verify');
        await hardDelete(active[4]);
        await setStatus(hidden[0], 'active');
        await q(`DELETE FROM product_options WHERE product_id = ${active[5]}`);
      },
      swap: async () => {
        await rename(active[6], 'renamed before the swap');
        await setStatus(active[7], 'deleted');
      },
    };
    const run = await service().run({ resume: false, onPhase: (phase) => writes[phase]?.() });
    expect(run).toMatchObject({ status: 'succeeded', previousIndex: first.index });
    expect(await indicesOfAlias(client, aliases.readAlias)).toEqual([run.index]);
    expect(await verifyAll()).toEqual(clean);
    expect((await served(active[0]))?.name_en).toBe('renamed before catch-up');
    expect((await served(active[3]))?.name_en).toBe('renamed before verify');
    expect((await served(active[6]))?.name_en).toBe('renamed before the swap');
    expect((await served(active[5]))?.options).toEqual([]);
    for (const gone of [active[1], active[2], active[4], active[7]])
      expect(await served(gone)).toBeUndefined();
    expect(await served(hidden[0])).toBeDefined();
  });

  it('a run killed in the verify phase resumes with a catch-up first, and loses nothing', async () => {
    // the "killed" process has a platform connection of its own: closing it drops the advisory
    // lock as a dead process would, and the run stays `running` in phase verify
    const doomed = new DataSource(dataSourceOptionsFromUrl(platform.url, { poolSize: 2 }));
    await doomed.initialize();
    let reachedVerify!: () => void;
    const inVerify = new Promise<void>((resolve) => (reachedVerify = resolve));
    void service(doomed)
      .run({
        resume: false,
        onPhase: async (phase) => {
          if (phase !== 'verify') return;
          await rename(active[10], 'renamed in verify, then killed');
          reachedVerify();
          await new Promise(() => undefined); // never returns: the process is gone
        },
      })
      .catch(() => undefined);
    await inVerify;
    await doomed.destroy();
    const [killed] = await platform.dataSource.query(
      `SELECT * FROM recovery_runs WHERE alias = $1 ORDER BY id DESC LIMIT 1`,
      [aliases.readAlias],
    );
    expect(killed).toMatchObject({ status: 'running', phase: 'verify' });

    // while it is down
    await rename(active[11], 'renamed while the run was down');
    await hardDelete(active[12]);
    await setStatus(hidden[1], 'active');

    const resumed = await service().run();
    expect(resumed).toMatchObject({ id: Number(killed.id), status: 'succeeded' });
    expect(await indicesOfAlias(client, aliases.readAlias)).toEqual([resumed.index]);
    expect(await verifyAll()).toEqual(clean);
    expect((await served(active[10]))?.name_en).toBe('renamed in verify, then killed');
    expect((await served(active[11]))?.name_en).toBe('renamed while the run was down');
    expect(await served(active[12])).toBeUndefined();
    expect(await served(hidden[1])).toBeDefined();
  });

  it('a run whose lock connection drops does not swap', async () => {
    const live = await indicesOfAlias(client, aliases.readAlias);
    const run = service().run({
      resume: false,
      onPhase: async (phase) => {
        if (phase !== 'swap') return;
        // the lock's session dies (a network cut, a DB failover): another process may rebuild now
        await platform.dataSource.query(
          `SELECT pg_terminate_backend(pid) FROM pg_locks
           WHERE locktype = 'advisory' AND objid = (hashtext($1)::bigint & 4294967295)::oid`,
          [`keel-recovery:${aliases.readAlias}`],
        );
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AdvisoryLockLost' });
    expect(await indicesOfAlias(client, aliases.readAlias)).toEqual(live);
    expect((await service().abandon())?.status).toBe('abandoned');
  });

  it('a failed run is not resumed until it is retried or abandoned', async () => {
    const [latest] = await service().runs.list(aliases.readAlias, 1);
    await platform.dataSource.query(
      `INSERT INTO recovery_runs (alias, index_name, status, phase, min_id, max_id, batch_size, next_to_id,
         ranges_total, catch_up_from, error)
       VALUES ($1, $2, 'failed', 'verify', 1, 240, 40, 0, 6, now(), 'verification failed')`,
      [aliases.readAlias, latest.index],
    );
    await expect(service().run()).rejects.toBeInstanceOf(RecoveryRunFailed);
    const abandoned = await service().abandon();
    expect(abandoned?.status).toBe('abandoned');
    expect(await service().runs.unfinished(aliases.readAlias)).toBeUndefined();
  });

  it('rollback serves the recorded previous index with the changes made since the swap', async () => {
    const last = await service().runs.lastSwapped(aliases.readAlias);
    if (!last?.previousIndex) throw new Error('no swapped run to roll back');
    // an index of the family between the previous and the live one (as an abandoned run leaves):
    // picking "the newest older index" by name would land there, the recorded previous does not
    const stamp = stampOf(aliases.readAlias, last.previousIndex) ?? '';
    const previousAt = Date.parse(
      `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(15)}Z`,
    );
    const decoy = indexNameFor(aliases.readAlias, new Date(previousAt + 1));
    expect(decoy < last.index && decoy > last.previousIndex).toBe(true);
    await client.indices.create({ index: decoy });
    await rename(active[20], 'renamed after the swap');
    await hardDelete(active[21]);
    await setStatus(active[22], 'hidden');

    const move = await service().rollback();
    expect(move.index).toBe(last.previousIndex);
    expect(await indicesOfAlias(client, aliases.readAlias)).toEqual([last.previousIndex]);
    expect(await indicesOfAlias(client, aliases.writeAlias)).toEqual([last.previousIndex]);
    expect(await verifyAll()).toEqual(clean);
    expect((await served(active[20]))?.name_en).toBe('renamed after the swap');
    expect(await served(active[21])).toBeUndefined();
    expect(await served(active[22])).toBeUndefined();
    await client.indices.delete({ index: decoy });
  });
});
