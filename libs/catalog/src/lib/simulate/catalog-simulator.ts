import type { DataSource } from 'typeorm';
import { dialectOfDataSource } from '../migrations/catalog-migrations';
import { type CatalogQuery, inIds, withCatalogSession } from '../read/catalog-session';
import { Prng } from '@keel/service-runtime';
import { modelCode } from '../seed/product-names';
import { adjectives } from '../seed/word-lists';
import { type SimulatedChangeKind, changesDue, nextPrice, nextStock, pickChange } from './change-mix';

export { defaultChangeMix, pickChange, type SimulatedChangeKind } from './change-mix';

export interface SimulatedChange {
  productId: number;
  kind: SimulatedChangeKind;
  /** When the DB commit returned (before the event was published). */
  committedAt: number;
}

export interface SimulatorOptions {
  /** Announces changed product ids after the commit (the parent product for a child row change). */
  publish: (productIds: number[]) => Promise<void>;
  seed?: number;
  clock?: () => number;
}

export interface SimulationRun {
  /** Changes per second to hold. */
  rate: number;
  /** Stop after this long; without it, run until `signal` aborts. */
  durationMs?: number;
  signal?: AbortSignal;
  /** Changes in flight at once, so a slow commit does not stall the rate. */
  concurrency?: number;
  /**
   * Up to this many due changes are written together: one transaction of multi-row statements per
   * kind and one publish of every id (`changeBatch`). 1 (the default) writes each change on its own.
   */
  batchSize?: number;
  onChange?: (change: SimulatedChange) => void;
}

export interface SimulationReport {
  changes: number;
  byKind: Record<SimulatedChangeKind, number>;
  elapsedMs: number;
  /** Changes the writer owed but had not started when it stopped (it could not keep the rate). */
  behind: number;
}

interface ProductPick {
  id: number;
  status: string;
}

/**
 * A demo writer: updates random products of a shop DB at a steady rate (option prices and stock,
 * names, status toggles, an occasional hard delete) and publishes the parent product id of every
 * committed change. update_ts is left to the database, as a real shop would.
 */
export class CatalogSimulator {
  private readonly prng: Prng;
  private readonly clock: () => number;
  private range?: { min: number; max: number };

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: SimulatorOptions,
  ) {
    this.prng = new Prng(options.seed ?? Date.now() % 2 ** 31);
    this.clock = options.clock ?? Date.now;
  }

  /** One random change, committed and then published; undefined when the catalogue is empty. */
  async change(): Promise<SimulatedChange | undefined> {
    const dialect = dialectOfDataSource(this.dataSource);
    const kind = pickChange(this.prng.next());
    const applied = await withCatalogSession(this.dataSource, dialect, async (query) => {
      const product = await this.pickProduct(query);
      if (!product) return undefined;
      return { productId: product.id, kind: await this.apply(query, kind, product) };
    });
    if (!applied) return undefined;
    const change = { ...applied, committedAt: this.clock() };
    await this.options.publish([change.productId]);
    return change;
  }

  async run(run: SimulationRun): Promise<SimulationReport> {
    const started = this.clock();
    const byKind: Record<SimulatedChangeKind, number> = {
      'option-price': 0,
      'option-stock': 0,
      rename: 0,
      'status-toggle': 0,
      'hard-delete': 0,
    };
    const concurrency = Math.max(1, run.concurrency ?? 4);
    const batchSize = Math.max(1, Math.floor(run.batchSize ?? 1));
    const inFlight = new Set<Promise<void>>();
    let launched = 0;
    let failure: unknown;
    const over = () =>
      run.signal?.aborted === true ||
      (run.durationMs !== undefined && this.clock() - started >= run.durationMs) ||
      failure !== undefined;
    while (!over()) {
      const due = changesDue(this.clock() - started, run.rate, launched);
      if (due > 0 && inFlight.size < concurrency) {
        const size = Math.min(due, batchSize);
        launched += size;
        const work =
          batchSize === 1 ? this.change().then((change) => (change ? [change] : [])) : this.changeBatch(size);
        const task: Promise<void> = work
          .then((changes) => {
            for (const change of changes) {
              byKind[change.kind]++;
              run.onChange?.(change);
            }
          })
          .catch((error: unknown) => {
            failure ??= error;
          })
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
        continue;
      }
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
      else await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.floor(1000 / run.rate / 2))));
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    const elapsedMs = this.clock() - started;
    const changes = Object.values(byKind).reduce((a, b) => a + b, 0);
    return { changes, byKind, elapsedMs, behind: changesDue(elapsedMs, run.rate, launched) };
  }

  /**
   * Up to `size` changes of distinct random products in ONE transaction: the products are locked first
   * (in id order, so concurrent batches cannot deadlock through the version triggers), then one
   * multi-row statement per kind; after the commit, one publish of every changed id. A deadlock or
   * serialization failure the database reports anyway is retried (a demo writer, not a shop).
   */
  async changeBatch(size: number): Promise<SimulatedChange[]> {
    const dialect = dialectOfDataSource(this.dataSource);
    const kinds = Array.from({ length: size }, () => pickChange(this.prng.next()));
    const applied = await withCatalogSession(this.dataSource, dialect, async (query) => {
      const products = await this.pickProducts(query, size);
      if (products.length === 0) return [];
      for (let attempt = 1; ; attempt++) {
        await query(dialect === 'mysql' ? 'START TRANSACTION' : 'BEGIN');
        try {
          const done = await this.applyBatch(query, dialect, products, kinds);
          await query('COMMIT');
          return done;
        } catch (error) {
          await query('ROLLBACK');
          const code = String((error as { code?: unknown; errno?: unknown }).code ?? '');
          const retryable = ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', '40P01', '40001'].includes(code);
          if (!retryable || attempt >= 5) throw error;
        }
      }
    });
    if (applied.length === 0) return [];
    const committedAt = this.clock();
    await this.options.publish(applied.map((a) => a.productId));
    return applied.map((a) => ({ ...a, committedAt }));
  }

  private async applyBatch(
    query: CatalogQuery,
    dialect: ReturnType<typeof dialectOfDataSource>,
    products: ProductPick[],
    kinds: SimulatedChangeKind[],
  ): Promise<{ productId: number; kind: SimulatedChangeKind }[]> {
    const ids = products.map((p) => p.id).sort((a, b) => a - b);
    const locked = await query<{ id: unknown }>(
      `SELECT id FROM products WHERE ${inIds(dialect, 'id')} ORDER BY id FOR UPDATE`,
      [ids],
    );
    const present = new Set(locked.map((r) => Number(r.id)));
    const byKind = new Map<SimulatedChangeKind, number[]>();
    products.forEach((p, n) => {
      if (!present.has(p.id)) return;
      const kind = kinds[n] ?? 'rename';
      byKind.set(kind, [...(byKind.get(kind) ?? []), p.id]);
    });
    const optionKinds = ['option-price', 'option-stock'] as const;
    const withOptions = optionKinds.flatMap((k) => byKind.get(k) ?? []);
    const optionOf = new Map<number, number>();
    if (withOptions.length > 0) {
      const options = await query<{ id: unknown; product_id: unknown }>(
        `SELECT id, product_id FROM product_options WHERE ${inIds(dialect, 'product_id')} ORDER BY id`,
        [withOptions],
      );
      for (const o of options) optionOf.set(Number(o.product_id), Number(o.id));
    }
    const done: { productId: number; kind: SimulatedChangeKind }[] = [];
    const renames = [...(byKind.get('rename') ?? [])];
    for (const kind of optionKinds) {
      const productIds = (byKind.get(kind) ?? []).filter((id) => {
        if (optionOf.has(id)) return true;
        renames.push(id); // no option to change: renamed instead, as a single change would be
        return false;
      });
      if (productIds.length === 0) continue;
      const optionIds = productIds.map((id) => optionOf.get(id) as number);
      if (kind === 'option-price') {
        const factor = (0.8 + 0.4 * this.prng.next()).toFixed(3);
        const next = `ROUND(price * ${factor}, 2)`;
        await query(
          `UPDATE product_options SET price = CASE WHEN ${next} >= 1.00 AND ${next} <> price THEN ${next} ` +
            `ELSE price + 0.01 END WHERE ${inIds(dialect, 'id')}`,
          [optionIds],
        );
      } else {
        await query(`UPDATE product_options SET stock = MOD(stock + ?, 1000) WHERE ${inIds(dialect, 'id')}`, [
          1 + Math.floor(this.prng.next() * 998),
          optionIds,
        ]);
      }
      done.push(...productIds.map((productId) => ({ productId, kind })));
    }
    if (renames.length > 0) {
      const adjective = this.prng.pick(adjectives);
      const model = modelCode(this.prng);
      await query(`UPDATE products SET name_ko = ?, name_en = ? WHERE ${inIds(dialect, 'id')}`, [
        `${adjective[0]} ${model}`,
        `${adjective[1]} ${model}`,
        renames,
      ]);
      done.push(...renames.map((productId) => ({ productId, kind: 'rename' as const })));
    }
    const toggles = byKind.get('status-toggle') ?? [];
    if (toggles.length > 0) {
      await query(
        `UPDATE products SET status = CASE WHEN status = 'active' THEN 'hidden' ELSE 'active' END ` +
          `WHERE ${inIds(dialect, 'id')}`,
        [toggles],
      );
      done.push(...toggles.map((productId) => ({ productId, kind: 'status-toggle' as const })));
    }
    const deletes = byKind.get('hard-delete') ?? [];
    if (deletes.length > 0) {
      for (const table of ['product_tags', 'product_images', 'product_options']) {
        await query(`DELETE FROM ${table} WHERE ${inIds(dialect, 'product_id')}`, [deletes]);
      }
      await query(`DELETE FROM products WHERE ${inIds(dialect, 'id')}`, [deletes]);
      done.push(...deletes.map((productId) => ({ productId, kind: 'hard-delete' as const })));
    }
    return done;
  }

  /** Up to `size` distinct existing products, found with one select per attempt. */
  private async pickProducts(query: CatalogQuery, size: number): Promise<ProductPick[]> {
    const dialect = dialectOfDataSource(this.dataSource);
    const picked = new Map<number, ProductPick>();
    for (let attempt = 0; attempt < 4 && picked.size < size; attempt++) {
      if (!this.range || attempt === 2) {
        const [row] = await query<{ min_id: unknown; max_id: unknown }>(
          'SELECT MIN(id) AS min_id, MAX(id) AS max_id FROM products',
        );
        if (!row || row.min_id === null || row.min_id === undefined) return [];
        this.range = { min: Number(row.min_id), max: Number(row.max_id) };
      }
      const want = new Set<number>();
      const span = this.range.max - this.range.min + 1;
      const missing = size - picked.size;
      while (want.size < Math.min(span, Math.ceil(missing * 1.25))) {
        want.add(this.prng.int(this.range.min, this.range.max));
      }
      const found = await query<{ id: unknown; status: string }>(
        `SELECT id, status FROM products WHERE ${inIds(dialect, 'id')}`,
        [[...want]],
      );
      for (const f of found) {
        if (picked.size >= size) break;
        picked.set(Number(f.id), { id: Number(f.id), status: f.status });
      }
    }
    return [...picked.values()];
  }

  private async pickProduct(query: CatalogQuery): Promise<ProductPick | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      if (!this.range || attempt === 10) {
        const [row] = await query<{ min_id: unknown; max_id: unknown }>(
          'SELECT MIN(id) AS min_id, MAX(id) AS max_id FROM products',
        );
        if (!row || row.min_id === null || row.min_id === undefined) return undefined;
        this.range = { min: Number(row.min_id), max: Number(row.max_id) };
      }
      const id = this.prng.int(this.range.min, this.range.max);
      const [found] = await query<{ id: unknown; status: string }>(
        'SELECT id, status FROM products WHERE id = ?',
        [id],
      );
      if (found) return { id: Number(found.id), status: found.status };
    }
    return undefined;
  }

  private async apply(query: CatalogQuery, kind: SimulatedChangeKind, product: ProductPick) {
    if (kind === 'option-price' || kind === 'option-stock') {
      const options = await query<{ id: unknown; price: unknown; stock: unknown }>(
        'SELECT id, price, stock FROM product_options WHERE product_id = ?',
        [product.id],
      );
      const option = options.length > 0 ? this.prng.pick(options) : undefined;
      if (option) {
        if (kind === 'option-price') {
          const price = nextPrice(Number(option.price), this.prng.next());
          await query('UPDATE product_options SET price = ? WHERE id = ?', [
            price.toFixed(2),
            Number(option.id),
          ]);
        } else {
          const stock = nextStock(Number(option.stock), this.prng.next());
          await query('UPDATE product_options SET stock = ? WHERE id = ?', [stock, Number(option.id)]);
        }
        return kind;
      }
      kind = 'rename';
    }
    if (kind === 'rename') {
      const adjective = this.prng.pick(adjectives);
      const model = modelCode(this.prng);
      await query('UPDATE products SET name_ko = ?, name_en = ? WHERE id = ?', [
        `${adjective[0]} ${model}`,
        `${adjective[1]} ${model}`,
        product.id,
      ]);
      return kind;
    }
    if (kind === 'status-toggle') {
      const status = product.status === 'active' ? 'hidden' : 'active';
      await query('UPDATE products SET status = ? WHERE id = ?', [status, product.id]);
      return kind;
    }
    // a hard delete takes the product's child rows with it, in one transaction
    await query(dialectOfDataSource(this.dataSource) === 'mysql' ? 'START TRANSACTION' : 'BEGIN');
    try {
      for (const table of ['product_tags', 'product_images', 'product_options']) {
        await query(`DELETE FROM ${table} WHERE product_id = ?`, [product.id]);
      }
      await query('DELETE FROM products WHERE id = ?', [product.id]);
      await query('COMMIT');
    } catch (error) {
      await query('ROLLBACK');
      throw error;
    }
    return kind;
  }
}
