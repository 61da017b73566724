import type { DataSource, EntityManager } from 'typeorm';

/** The keys of `jdk_meta`: when the derived columns were recomputed, with which data, the roll-ups' change. */
export type InventoryMetaKey = 'derived_on' | 'knowledge_as_of' | 'rollup_change';

/** `jdk_meta`, the inventory's own facts about its rows (key, value, updated_at): the only code that writes it. */
export class InventoryMetaStore {
  constructor(private readonly db: DataSource) {}

  async get(key: InventoryMetaKey): Promise<string | null> {
    const rows = (await this.db.query('SELECT value FROM jdk_meta WHERE key = $1', [key])) as {
      value: string;
    }[];
    return rows[0]?.value ?? null;
  }

  /** Upserts the values; `within` writes in that transaction (the roll-up's, so the mark commits with it). */
  async set(values: Partial<Record<InventoryMetaKey, string>>, within?: EntityManager): Promise<void> {
    const entries = Object.entries(values);
    if (entries.length === 0) return;
    const rows = entries.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ');
    await (within ?? this.db).query(
      `INSERT INTO jdk_meta (key, value) VALUES ${rows}
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      entries.flat(),
    );
  }
}
