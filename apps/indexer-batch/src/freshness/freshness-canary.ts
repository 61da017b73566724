import { FRESHNESS_CANARY_BRAND, dialectOfDataSource, withCatalogSession } from '@keel/catalog';
import type { DataSource } from 'typeorm';

/** The shop DB cannot hold a canary (no category to put it in): the probe cannot run. */
export class FreshnessCanaryUnavailable extends Error {
  constructor(reason: string) {
    super(`freshness canary unavailable: ${reason}`);
    this.name = 'FreshnessCanaryUnavailable';
  }
}

/** The canary's own shop (open), found by this name; created when missing. */
export const FRESHNESS_CANARY_SHOP = 'keel freshness canary';

/**
 * The canary product row in the shop DB: a product whose `brand` is FRESHNESS_CANARY_BRAND, in a shop
 * of its own, found by that marker (so a reseed that truncates the tables just makes the next probe
 * create it again, and an id reused by a seeded product is never touched). Each `bump` is one
 * committed UPDATE through the DB's triggers (row version, update_ts): the real write path.
 */
export class FreshnessCanary {
  private productId: number | undefined;
  private readonly dialect;

  constructor(private readonly shop: DataSource) {
    this.dialect = dialectOfDataSource(shop);
  }

  /** Writes `description` = `state` (and makes the canary searchable again); returns its id. */
  async bump(state: string): Promise<number> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const id = this.productId ?? (await this.ensure());
      const changed = await this.sql<{ id: string }>(
        `UPDATE products SET description = ?, status = 'active' WHERE id = ? AND brand = ?` +
          (this.dialect === 'postgres' ? ' RETURNING id' : ''),
        [state, id, FRESHNESS_CANARY_BRAND],
      );
      if (affected(changed) > 0) return id;
      this.productId = undefined; // gone (reseeded, deleted by hand): find or create it again
    }
    throw new FreshnessCanaryUnavailable('the canary row vanished twice while being written');
  }

  /** Finds the canary (and its shop), creating what is missing; reopens its shop if closed. */
  async ensure(): Promise<number> {
    const shopId = await this.ensureShop();
    const found = await this.sql<{ id: string }>(
      'SELECT id FROM products WHERE brand = ? ORDER BY id LIMIT 1',
      [FRESHNESS_CANARY_BRAND],
    );
    if (found.length > 0) return (this.productId = Number(found[0].id));
    const [{ id: categoryId }] = await this.sql<{ id: string | null }>(
      'SELECT MIN(id) AS id FROM categories',
    );
    if (categoryId === null) throw new FreshnessCanaryUnavailable('the shop DB has no category');
    await this.sql(
      `INSERT INTO products (shop_id, category_id, name_ko, name_en, description, brand, base_price)
       VALUES (?, ?, '신선도 카나리아', 'keel freshness canary', 'canary created', ?, 0)`,
      [shopId, Number(categoryId), FRESHNESS_CANARY_BRAND],
    );
    return this.ensure();
  }

  private async ensureShop(): Promise<number> {
    const shops = await this.sql<{ id: string; status: string }>(
      'SELECT id, status FROM shops WHERE name = ? ORDER BY id LIMIT 1',
      [FRESHNESS_CANARY_SHOP],
    );
    if (shops.length === 0) {
      await this.sql('INSERT INTO shops (name) VALUES (?)', [FRESHNESS_CANARY_SHOP]);
      return this.ensureShop();
    }
    if (shops[0].status !== 'open')
      await this.sql("UPDATE shops SET status = 'open' WHERE id = ?", [Number(shops[0].id)]);
    return Number(shops[0].id);
  }

  private sql<R>(text: string, params: unknown[] = []): Promise<R[]> {
    return withCatalogSession(this.shop, this.dialect, (q) => q<R>(text, params));
  }
}

/** Rows an UPDATE changed: mysql2 returns a result header, PostgreSQL (RETURNING) the rows. */
function affected(result: unknown): number {
  if (Array.isArray(result)) {
    // typeorm's postgres driver returns [rows, count] for UPDATE … RETURNING
    if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[1];
    return result.length;
  }
  const header = result as { affectedRows?: number } | undefined;
  return header?.affectedRows ?? 0;
}
