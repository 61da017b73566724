import type { Client } from '@elastic/elasticsearch';
import { ShopCatalog, backdateCatalog, type ChangeCursor } from '@keel/catalog';
import type { AliasPair } from '@keel/es-alias';
import { eventually, uniqueName, type IsolatedDb } from '@keel/test-harness';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { BatchScheduler } from '../src/batch/batch.scheduler';
import type { BatchWindowRecord } from '../src/batch/batch-window';
import { BatchWindowBusy, BatchWindowService, type BatchSettings } from '../src/batch/batch-window.service';
import { windowLengthMs } from '../src/batch/hopping-window';
import { ShopClock } from '../src/batch/shop-clock';
import { closeServingIndex, differences, openSeededShop, openServingIndex } from '@keel/etl-core/testing';
import { batchAppConfig, openBatchPlatform } from './support';

// Invariant 4 (the batch catches what the stream missed) on real MariaDB (shop), PostgreSQL
// (platform), Elasticsearch and ZooKeeper: hand-written SQL is caught, late commits are caught by
// the overlap, an outage's backlog runs as several recorded windows, a window never runs twice at
// once, and only the elected leader runs the schedule.
const minute = 60_000;
const lagMs = 300;

class GatedCatalog extends ShopCatalog {
  entered!: () => void;
  readonly hasEntered = new Promise<void>((resolve) => (this.entered = resolve));
  release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  override async productIdsChangedBetween(from: Date, to: Date, after?: ChangeCursor, limit?: number) {
    this.entered();
    await this.released;
    return super.productIdsChangedBetween(from, to, after, limit);
  }
}

describe('indexer-batch', () => {
  let shop: IsolatedDb;
  let platform: IsolatedDb;
  let client: Client;
  let catalog: ShopCatalog;
  let clock: ShopClock;
  let aliases: AliasPair;
  let index: string;

  const settings = (instance = 'test-a'): BatchSettings => ({
    writeAlias: aliases.writeAlias,
    overlapMs: minute,
    lagMs,
    maxWindowMs: 15 * minute,
    initialLookbackMs: 60 * minute,
    pageSize: 100,
    batchSize: 50,
    concurrency: 2,
    instance: () => instance,
  });
  const service = (over: ShopCatalog = catalog) =>
    new BatchWindowService(over, clock, platform.dataSource, client, settings());

  const verifyAll = () => differences(catalog, { client, aliases });
  const clean = { missing: [], extra: [], stale: [] };

  /** Waits until the shop clock is past `changedAt` plus the lag: a window ending now covers it. */
  const pastTheLag = async (changedAt: Date) =>
    eventually(async () => (await clock.now()).getTime() - lagMs > changedAt.getTime(), {
      what: 'the shop clock past the lag',
      intervalMs: 50,
    });

  const activeIds = async (n: number): Promise<number[]> => {
    const rows: { id: number }[] = await shop.dataSource.query(
      `SELECT id FROM products WHERE status = 'active' AND shop_id NOT IN (SELECT id FROM shops WHERE status = 'closed') ORDER BY id LIMIT ${n}`,
    );
    return rows.map((r) => Number(r.id));
  };
  const nameOf = async (id: number) =>
    (await client.get<{ name_en: string }>({ index: aliases.readAlias, id: String(id) }))._source?.name_en;
  /** Sets a row's update_ts by hand: an explicit value wins over ON UPDATE CURRENT_TIMESTAMP(3). */
  const setUpdateTs = (id: number, name: string, at: Date) =>
    shop.dataSource.query('UPDATE products SET name_en = ?, update_ts = FROM_UNIXTIME(?) WHERE id = ?', [
      name,
      (at.getTime() / 1000).toFixed(3),
      id,
    ]);
  const updateTsOf = async (id: number): Promise<Date> => {
    const [row] = await shop.dataSource.query(
      'SELECT UNIX_TIMESTAMP(update_ts) * 1000 AS ms FROM products WHERE id = ?',
      [id],
    );
    return new Date(Math.round(Number(row.ms)));
  };
  const history = async (): Promise<BatchWindowRecord[]> =>
    (await service().history.list(aliases.writeAlias, 100)).windows.reverse();

  beforeAll(async () => {
    shop = await openSeededShop('mysql', 'batch', { products: 300, seed: 7 });
    // the seed is ten minutes old: the overlap of the windows below then sees only what a test changed
    // (parents too, or their fan-out would re-index every product in each window)
    await backdateCatalog(shop.dataSource, 'mysql', 10);
    catalog = new ShopCatalog(shop.dataSource);
    clock = new ShopClock(shop.dataSource);
    platform = await openBatchPlatform('batch');
    ({ client, aliases, index } = await openServingIndex('products-batch'));
  });

  afterAll(async () => {
    await closeServingIndex({ client, index });
    await shop?.drop();
    await platform?.drop();
  });

  it('indexes the initial lookback as windows of at most maxWindow, each recorded', async () => {
    const ran = await service().catchUp();
    expect(ran.map((r) => r.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(ran.reduce((sum, r) => sum + r.idsSeen, 0)).toBe(300);
    expect(ran[0].windowEnd.getTime() - ran[0].windowStart.getTime()).toBe(15 * minute);
    expect(await history()).toEqual(ran);
    expect(await verifyAll()).toEqual(clean);
  });

  it('the batch catches what the stream missed: rows changed by hand-written SQL', async () => {
    const [a, b, c, withOption] = await activeIds(4);
    await shop.dataSource.query(
      `UPDATE products SET name_en = CONCAT('edited by hand ', id) WHERE id IN (${a}, ${b}, ${c})`,
    );
    await shop.dataSource.query(
      `UPDATE product_options SET price = price + 1 WHERE product_id = ${withOption}`,
    );
    const changedAt = await clock.now();
    // no event went anywhere: the index is behind the DB
    expect((await verifyAll()).stale).toEqual(expect.arrayContaining([a, b, c]));

    await pastTheLag(changedAt);
    const ran = await service().catchUp();
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({ status: 'succeeded', kind: 'hop', failed: 0, instance: 'test-a' });
    expect(ran[0].idsSeen).toBe(4);
    expect(await nameOf(b)).toBe(`edited by hand ${b}`);
    expect(await verifyAll()).toEqual(clean);
  });

  it('catches a late commit whose update_ts lies before the previous window end (the overlap)', async () => {
    const [previous] = (await history()).slice(-1);
    const [late, tooLate] = (await activeIds(12)).slice(10);
    // committed after the previous window ran, stamped before its end: only the overlap covers it
    await setUpdateTs(late, 'late commit', new Date(previous.windowEnd.getTime() - 10_000));
    // stamped before the overlap: this window cannot see it (the outage backlog below will)
    await setUpdateTs(
      tooLate,
      'later than the overlap',
      new Date(previous.windowEnd.getTime() - minute - 10_000),
    );
    expect(await updateTsOf(late)).toEqual(new Date(previous.windowEnd.getTime() - 10_000));

    await pastTheLag(await clock.now());
    const [window] = await service().catchUp();
    expect(window.windowStart).toEqual(new Date(previous.windowEnd.getTime() - minute));
    // the late commit, and the hand-written changes just before the previous end
    expect(window).toMatchObject({ status: 'succeeded', idsSeen: 5 });
    expect(await nameOf(late)).toBe('late commit');
    expect(await nameOf(tooLate)).not.toBe('later than the overlap');
    expect((await verifyAll()).stale).toEqual([tooLate]);
  });

  it('after an outage works through the backlog oldest first, in windows of at most maxWindow, each recorded', async () => {
    const now = await clock.now();
    await platform.dataSource.query('DELETE FROM batch_history');
    await platform.dataSource.query(
      `INSERT INTO batch_history (write_alias, kind, window_start, window_end, started_at, finished_at, status, instance)
       VALUES ($1, 'hop', $2, $3, $3, $3, 'succeeded', 'before-the-outage')`,
      [aliases.writeAlias, new Date(now.getTime() - 55 * minute), new Date(now.getTime() - 50 * minute)],
    );
    const [duringOutage] = (await activeIds(21)).slice(20);
    await setUpdateTs(duringOutage, 'changed during the outage', new Date(now.getTime() - 30 * minute));

    const ran = await service().catchUp();
    // 50 minutes behind, 15-minute windows, 1 minute of overlap: 14 + 14 + 14 + the rest
    expect(ran).toHaveLength(4);
    expect(ran[0].windowStart).toEqual(new Date(now.getTime() - 51 * minute));
    for (const [i, window] of ran.entries()) {
      expect(window).toMatchObject({ status: 'succeeded', kind: 'hop' });
      expect(windowLengthMs({ from: window.windowStart, to: window.windowEnd })).toBeLessThanOrEqual(
        15 * minute,
      );
      if (i > 0) {
        expect(window.windowStart).toEqual(new Date(ran[i - 1].windowEnd.getTime() - minute));
        expect(window.id).toBeGreaterThan(ran[i - 1].id);
      }
    }
    expect((await history()).map((w) => w.id)).toEqual([(await history())[0].id, ...ran.map((w) => w.id)]);
    expect(await nameOf(duringOutage)).toBe('changed during the outage');
    expect(await verifyAll()).toEqual(clean);
  });

  it('never runs a window twice at once: a second run of the same window is refused', async () => {
    const now = await clock.now();
    const window = { from: new Date(now.getTime() - 2 * minute), to: now };
    const gated = new GatedCatalog(shop.dataSource);
    const first = service(gated).runWindow(window);
    await gated.hasEntered;
    const running = await platform.dataSource.query(
      `SELECT id, instance FROM batch_history WHERE status = 'running'`,
    );
    expect(running).toHaveLength(1);

    await expect(service().runWindow(window)).rejects.toBeInstanceOf(BatchWindowBusy);
    await expect(service().catchUp()).rejects.toBeInstanceOf(BatchWindowBusy);
    // behind the lock, the unique index refuses a second running window of the alias too
    await expect(
      platform.dataSource.query(
        `INSERT INTO batch_history (write_alias, kind, window_start, window_end, status, instance)
         VALUES ($1, 'manual', $2, $3, 'running', 'intruder')`,
        [aliases.writeAlias, window.from, window.to],
      ),
    ).rejects.toThrow(/batch_history_one_running/);

    gated.release();
    const record = await first;
    expect(record).toMatchObject({ status: 'succeeded', kind: 'manual' });
    const [{ n }] = await platform.dataSource.query(
      `SELECT count(*)::int AS n FROM batch_history WHERE window_start = $1 AND window_end = $2`,
      [window.from, window.to],
    );
    expect(n).toBe(1);
  });

  it('marks a window left running by a dead process failed instead of being blocked by it', async () => {
    const now = await clock.now();
    const [orphan] = await platform.dataSource.query(
      `INSERT INTO batch_history (write_alias, kind, window_start, window_end, status, instance)
       VALUES ($1, 'hop', $2, $3, 'running', 'killed-instance') RETURNING id`,
      [aliases.writeAlias, new Date(now.getTime() - minute), now],
    );
    const record = await service().runWindow({ from: new Date(now.getTime() - minute), to: now });
    expect(record.status).toBe('succeeded');
    const abandoned = await service().history.get(Number(orphan.id));
    expect(abandoned).toMatchObject({ status: 'failed', error: expect.stringMatching(/abandoned/) });
  });

  it('one unindexable product neither fails its window nor stops the chain: it is recorded as refused', async () => {
    const [poison, b, c] = (await activeIds(40)).slice(30, 33);
    // a counter past 2^53 cannot become a document version: its rows fail on their own, while the
    // DB and Elasticsearch answer (what a corrupt row does to every load of it)
    await shop.dataSource.query(`UPDATE products SET row_version = 9007199254740993 WHERE id = ${poison}`);
    await shop.dataSource.query(
      `UPDATE products SET name_en = CONCAT('beside the poison ', id) WHERE id IN (${b}, ${c})`,
    );
    await pastTheLag(await clock.now());
    const ran = await service().catchUp();
    expect(ran.map((r) => r.status)).toEqual(['succeeded']);
    expect(ran[0]?.refused.map((r) => r.id)).toEqual([poison]);
    expect(ran[0]?.failed).toBe(1);
    expect([await nameOf(b), await nameOf(c)]).toEqual([`beside the poison ${b}`, `beside the poison ${c}`]);
    expect((await history()).slice(-1)[0]?.refused).toEqual(ran[0]?.refused);

    // the chain goes on from that window: the next change is indexed by the next hop
    await shop.dataSource.query(`UPDATE products SET name_en = 'after the poison' WHERE id = ${c}`);
    await pastTheLag(await clock.now());
    const next = await service().catchUp();
    expect(next.map((r) => r.status)).toEqual(['succeeded']);
    expect(await nameOf(c)).toBe('after the poison');

    // removing the bad row does not cure it: its tombstone carries the same impossible version, so the
    // delete is refused and recorded too; the window still succeeds
    await shop.dataSource.query(`DELETE FROM products WHERE id = ${poison}`);
    await pastTheLag(await clock.now());
    const afterDelete = await service().catchUp();
    expect(afterDelete.map((r) => [r.status, r.refused.map((x) => x.id)])).toEqual([['succeeded', [poison]]]);
  });

  describe('with two scheduler instances on ZooKeeper', () => {
    const contexts: INestApplicationContext[] = [];
    const start = async (election: string) => {
      const config = batchAppConfig({ shop, platform }, aliases.writeAlias, {
        BATCH_ELECTION: election,
        BATCH_INTERVAL_MS: '200',
        BATCH_LAG_MS: String(lagMs),
        REPAIR_ENABLED: 'false',
        FRESHNESS_ENABLED: 'false',
      });
      const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
        logger: ['error', 'warn'],
      });
      contexts.push(app);
      return { app, instance: app.get(BatchWindowService).settings.instance() };
    };
    const windowsBy = async (instance: string): Promise<number[]> => {
      const rows: { id: string }[] = await platform.dataSource.query(
        'SELECT id FROM batch_history WHERE instance = $1 ORDER BY id',
        [instance],
      );
      return rows.map((r) => Number(r.id));
    };

    afterAll(async () => {
      for (const app of contexts) await app.close();
    });

    it('only the leader runs windows; when it leaves, the other takes over', async () => {
      const election = uniqueName('batch-scheduler');
      const a = await start(election);
      const b = await start(election);
      expect(a.instance).not.toBe(b.instance);
      await eventually(async () => (await windowsBy(a.instance)).length >= 3, {
        what: 'three windows by the first instance',
      });
      expect(a.app.get(BatchScheduler).isLeader()).toBe(true);
      expect(b.app.get(BatchScheduler).isLeader()).toBe(false);
      expect(await windowsBy(b.instance)).toEqual([]);

      await a.app.close();
      contexts.splice(contexts.indexOf(a.app), 1);
      const lastOfA = Math.max(...(await windowsBy(a.instance)));
      const byB = await eventually(
        async () => {
          const ids = await windowsBy(b.instance);
          return ids.length >= 2 ? ids : undefined;
        },
        { what: 'two windows by the second instance' },
      );
      expect(b.app.get(BatchScheduler).isLeader()).toBe(true);
      expect(Math.min(...byB)).toBeGreaterThan(lastOfA);
      expect(Math.max(...(await windowsBy(a.instance)))).toBe(lastOfA);
      const failed: { error: string }[] = await platform.dataSource.query(
        `SELECT error FROM batch_history WHERE instance IN ($1, $2) AND status = 'failed'`,
        [a.instance, b.instance],
      );
      // a window the first instance was running when it closed is recorded as interrupted (and run
      // again by the next leader from the last success); nothing else may fail
      expect(failed.map((f) => f.error).filter((e) => !/^interrupted: /.test(e))).toEqual([]);
    });
  });
});
