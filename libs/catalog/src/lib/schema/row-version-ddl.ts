import type { SqlDialect } from '@keel/datasource';
import { mysqlUpdateTsType, postgresTouchTriggerSql, postgresUpdateTsType } from './update-ts-ddl';

/**
 * The document version the database keeps (see docs/architecture.md, "Versions"): a `row_version`
 * counter on products and on every parent a document shows (shops, categories, tags), kept by
 * triggers on both dialects, a tombstone per deleted product and a floor for ids without one.
 *
 *   version(product) = products.row_version + shops.row_version
 *                    + Σ categories.row_version over {category_id} ∪ ids of its path
 *                    + Σ tags.row_version over the product's links
 *
 * Why it only goes up, whatever the order of commits and whatever the clocks do:
 * - every counter only grows: each bump is `OLD + k` (k ≥ 1) on the latest committed row under that
 *   row's lock, so the counter order is the commit order; no clock is involved;
 * - a change of the product or of any child row (option, image, tag link) bumps the product's
 *   counter, so the sum grows;
 * - a change of a parent row bumps that parent's counter, which is in the sum;
 * - whenever the SET of contributing parents shrinks or changes, the counter of a row that stays
 *   in the sum jumps by 1 + what left it: a product's shop or category change adds the old shop's or
 *   old chain's sum, a tag-link delete adds that tag's counter, a category path change adds the old
 *   ancestors' sum, a parent delete adds its counter to every product that showed it. What left is
 *   read with a shared lock (a locking read sees the latest committed value and waits for a writer),
 *   so a concurrent rename of the parent cannot make the two states tie;
 * - so between two committed states of a product, the later sum is strictly higher when any row the
 *   document is built from differs, and equal only when none does (equal version ⇒ equal document:
 *   `external_gte` is safe and re-indexing after a builder change rewrites in place).
 * A deleted product leaves a tombstone with version = final version + 1; a re-inserted id starts
 * above it, and an id that has no tombstone (deleted before this migration, or never there) is
 * deleted with the floor, which is above every version the old timestamp scheme could give.
 */
export const rowVersionColumn = 'row_version';
export const tombstoneTable = 'keel_product_tombstones';
export const versionFloorTable = 'keel_version_floor';
/** Parents whose counter is in a document's version. */
export const versionedParentTables = ['shops', 'categories', 'tags'] as const;
/** Tables with a `row_version` column. */
export const versionedTables = ['products', ...versionedParentTables] as const;
/** Child tables whose rows bump their product's counter. */
export const versionedChildTables = ['product_options', 'product_images', 'product_tags'] as const;

/**
 * The triggers the version needs, by table (the doctor checks them). PostgreSQL also has a TRUNCATE
 * trigger on products; MySQL has none, so there `TRUNCATE products` needs `raiseVersionFloorSql` first.
 */
export function rowVersionTriggersOf(dialect: SqlDialect): { table: string; name: string }[] {
  const triggers: { table: string; name: string }[] = [];
  for (const table of versionedTables)
    for (const when of ['bi', 'bu', 'ad']) triggers.push({ table, name: `keel_${table}_version_${when}` });
  for (const table of versionedChildTables)
    for (const when of ['ai', 'au', 'ad']) triggers.push({ table, name: `keel_${table}_version_${when}` });
  if (dialect === 'postgres') triggers.push({ table: 'products', name: 'keel_products_version_bt' });
  return triggers;
}

/** Stored functions the triggers call. */
export const rowVersionFunctions = ['keel_path_version', 'keel_category_chain_version'] as const;

const ms = (dialect: SqlDialect, expr: string) =>
  dialect === 'mysql'
    ? `CAST(UNIX_TIMESTAMP(${expr}) * 1000 AS SIGNED)`
    : `round(extract(epoch FROM ${expr}) * 1000)::bigint`;

/**
 * Raises the floor above every version a document of the catalogue can have now: run before
 * emptying the catalogue (TRUNCATE fires no row trigger), so ids used again start above the
 * documents an index still holds. On PostgreSQL a TRUNCATE trigger on products runs it too. The
 * same SQL on both dialects.
 */
export function raiseVersionFloorSql(): string {
  const max = (sql: string) => `COALESCE((${sql}), 0)`;
  const bound = [
    max('SELECT MAX(row_version) FROM products'),
    max('SELECT MAX(row_version) FROM shops'),
    max('SELECT SUM(row_version) FROM categories'),
    max('SELECT SUM(row_version) FROM tags'),
  ].join(' + ');
  const tomb = max(`SELECT MAX(version) FROM ${tombstoneTable}`);
  return `UPDATE ${versionFloorTable} SET floor_version = GREATEST(floor_version, ${bound} + 1, ${tomb} + 1) WHERE id = 1`;
}

/** The floor at migration time: the database clock or the newest update_ts anywhere, in ms. */
function initialFloorSql(dialect: SqlDialect): string {
  const tables = [
    'products',
    'product_options',
    'product_images',
    'product_tags',
    'shops',
    'categories',
    'tags',
  ];
  const newest = tables.map((t) => `COALESCE((SELECT ${ms(dialect, 'MAX(update_ts)')} FROM ${t}), 0)`);
  const now = dialect === 'mysql' ? ms(dialect, 'CURRENT_TIMESTAMP(3)') : ms(dialect, 'clock_timestamp()');
  return `INSERT INTO ${versionFloorTable} (id, floor_version) SELECT 1, GREATEST(${now}, ${newest.join(', ')})`;
}

/**
 * Existing products start at the version the old scheme gives them now (the newest update_ts of
 * everything in the document, in ms) and parents at 0: an indexed document keeps its version, so
 * the migration refuses no write and re-indexes nothing, and the first bump goes above it.
 */
function initialProductVersionsSql(dialect: SqlDialect): string[] {
  if (dialect === 'mysql') {
    const c = (sql: string) => `COALESCE((${sql}), 0)`;
    return [
      `UPDATE products p
  LEFT JOIN shops s ON s.id = p.shop_id
  LEFT JOIN (SELECT c.id, MAX(${ms('mysql', 'a.update_ts')}) AS ts FROM categories c
             JOIN categories a ON a.id = c.id OR c.path LIKE CONCAT('%/', a.id, '/%') GROUP BY c.id) cc
    ON cc.id = p.category_id
SET p.row_version = GREATEST(${ms('mysql', 'p.update_ts')}, COALESCE(${ms('mysql', 's.update_ts')}, 0), COALESCE(cc.ts, 0),
    ${c(`SELECT MAX(${ms('mysql', 'o.update_ts')}) FROM product_options o WHERE o.product_id = p.id`)},
    ${c(`SELECT MAX(${ms('mysql', 'i.update_ts')}) FROM product_images i WHERE i.product_id = p.id`)},
    ${c(`SELECT MAX(GREATEST(${ms('mysql', 'l.update_ts')}, COALESCE(${ms('mysql', 't.update_ts')}, 0))) FROM product_tags l LEFT JOIN tags t ON t.id = l.tag_id WHERE l.product_id = p.id`)}),
  p.update_ts = p.update_ts`,
    ];
  }
  return [
    // the touch trigger would stamp every product with the migration time: the batch would re-index all
    'ALTER TABLE products DISABLE TRIGGER products_touch_update_ts',
    `WITH chain AS MATERIALIZED (
  SELECT c.id, MAX(a.update_ts) AS ts FROM categories c
  JOIN categories a ON a.id = c.id OR c.path LIKE '%/' || a.id || '/%' GROUP BY c.id)
UPDATE products p SET row_version = ${ms(
      'postgres',
      `GREATEST(p.update_ts,
    (SELECT s.update_ts FROM shops s WHERE s.id = p.shop_id),
    (SELECT ch.ts FROM chain ch WHERE ch.id = p.category_id),
    (SELECT MAX(o.update_ts) FROM product_options o WHERE o.product_id = p.id),
    (SELECT MAX(i.update_ts) FROM product_images i WHERE i.product_id = p.id),
    (SELECT MAX(GREATEST(l.update_ts, t.update_ts)) FROM product_tags l LEFT JOIN tags t ON t.id = l.tag_id WHERE l.product_id = p.id))`,
    )}`,
    'ALTER TABLE products ENABLE TRIGGER products_touch_update_ts',
  ];
}

// ---------------------------------------------------------------- MySQL / MariaDB

const mysqlBump = (productId: string, amount = '1') =>
  `UPDATE products SET row_version = row_version + ${amount} WHERE id = ${productId};`;

const mysqlTagVersion = (tagId: string) =>
  `SELECT COALESCE(SUM(row_version), 0) INTO v FROM tags WHERE id = ${tagId} LOCK IN SHARE MODE;`;

function mysqlTrigger(name: string, timing: string, table: string, body: string[]): string {
  return [
    `CREATE TRIGGER ${name} ${timing} ON ${table} FOR EACH ROW`,
    'BEGIN',
    ...body.map((line) => `  ${line}`),
    'END',
  ].join('\n');
}

function mysqlRowVersionDdl(): string[] {
  const statements: string[] = [
    "SET time_zone = '+00:00'",
    ...versionedTables.map((t) => `ALTER TABLE ${t} ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0`),
    `CREATE TABLE ${tombstoneTable} (
  product_id BIGINT NOT NULL,
  version BIGINT NOT NULL,
  update_ts ${mysqlUpdateTsType},
  PRIMARY KEY (product_id),
  KEY idx_${tombstoneTable}_version (version),
  KEY idx_${tombstoneTable}_update_ts (update_ts, product_id)
) ENGINE=InnoDB`,
    `CREATE TABLE ${versionFloorTable} (
  id TINYINT NOT NULL,
  floor_version BIGINT NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT chk_${versionFloorTable}_one_row CHECK (id = 1)
) ENGINE=InnoDB`,
    initialFloorSql('mysql'),
    ...initialProductVersionsSql('mysql'),
    // Σ counters of the distinct ids of a materialised path except one (shared locks: see above)
    `CREATE FUNCTION keel_path_version(p VARCHAR(255), self_id BIGINT) RETURNS BIGINT READS SQL DATA
BEGIN
  DECLARE rest VARCHAR(255) DEFAULT TRIM(BOTH '/' FROM COALESCE(p, ''));
  DECLARE tok VARCHAR(255);
  DECLARE seen VARCHAR(2048) DEFAULT ',';
  DECLARE total BIGINT DEFAULT 0;
  DECLARE v BIGINT DEFAULT 0;
  WHILE rest <> '' DO
    SET tok = SUBSTRING_INDEX(rest, '/', 1);
    SET rest = IF(LOCATE('/', rest) > 0, SUBSTRING(rest, LOCATE('/', rest) + 1), '');
    IF tok REGEXP '^[0-9]{1,15}$' AND CAST(tok AS UNSIGNED) <> COALESCE(self_id, 0)
       AND LOCATE(CONCAT(',', CAST(tok AS UNSIGNED), ','), seen) = 0 THEN
      SET seen = CONCAT(seen, CAST(tok AS UNSIGNED), ',');
      SELECT COALESCE(SUM(row_version), 0) INTO v FROM categories WHERE id = CAST(tok AS UNSIGNED) LOCK IN SHARE MODE;
      SET total = total + v;
    END IF;
  END WHILE;
  RETURN total;
END`,
    `CREATE FUNCTION keel_category_chain_version(cat_id BIGINT) RETURNS BIGINT READS SQL DATA
BEGIN
  DECLARE own BIGINT DEFAULT 0;
  DECLARE p VARCHAR(255) DEFAULT NULL;
  SELECT COALESCE(SUM(row_version), 0), MAX(path) INTO own, p FROM categories WHERE id = cat_id LOCK IN SHARE MODE;
  RETURN own + keel_path_version(p, cat_id);
END`,
    // products
    mysqlTrigger('keel_products_version_bi', 'BEFORE INSERT', 'products', [
      'DECLARE tomb BIGINT DEFAULT 0;',
      // an AUTO_INCREMENT id is not known yet here (0): start above every tombstone
      'IF NEW.id IS NULL OR NEW.id = 0 THEN',
      `  SELECT COALESCE(MAX(version), 0) INTO tomb FROM ${tombstoneTable};`,
      'ELSE',
      `  SELECT COALESCE(MAX(version), 0) INTO tomb FROM ${tombstoneTable} WHERE product_id = NEW.id;`,
      'END IF;',
      `SET NEW.row_version = GREATEST(NEW.row_version, tomb + 1, COALESCE((SELECT floor_version FROM ${versionFloorTable} WHERE id = 1), 0) + 1);`,
    ]),
    mysqlTrigger('keel_products_version_bu', 'BEFORE UPDATE', 'products', [
      'DECLARE extra BIGINT DEFAULT 0;',
      'DECLARE v BIGINT DEFAULT 0;',
      'IF NOT (NEW.shop_id <=> OLD.shop_id) THEN',
      '  SELECT COALESCE(SUM(row_version), 0) INTO v FROM shops WHERE id = OLD.shop_id LOCK IN SHARE MODE;',
      '  SET extra = extra + v;',
      'END IF;',
      'IF NOT (NEW.category_id <=> OLD.category_id) THEN',
      '  SET extra = extra + keel_category_chain_version(OLD.category_id);',
      'END IF;',
      'SET NEW.row_version = GREATEST(NEW.row_version, OLD.row_version + 1) + extra;',
    ]),
    mysqlTrigger('keel_products_version_ad', 'AFTER DELETE', 'products', [
      'DECLARE shop BIGINT DEFAULT 0;',
      'DECLARE tagged BIGINT DEFAULT 0;',
      'SELECT COALESCE(SUM(row_version), 0) INTO shop FROM shops WHERE id = OLD.shop_id LOCK IN SHARE MODE;',
      'SELECT COALESCE(SUM(row_version), 0) INTO tagged FROM tags WHERE id IN',
      '  (SELECT tag_id FROM product_tags WHERE product_id = OLD.id) LOCK IN SHARE MODE;',
      `INSERT INTO ${tombstoneTable} (product_id, version)`,
      '  VALUES (OLD.id, OLD.row_version + shop + keel_category_chain_version(OLD.category_id) + tagged + 1)',
      '  ON DUPLICATE KEY UPDATE version = GREATEST(version, VALUES(version));',
    ]),
    // parents
    ...versionedParentTables.flatMap((table) => [
      mysqlTrigger(`keel_${table}_version_bi`, 'BEFORE INSERT', table, [
        // ≥ 1: a parent that appears (again) raises the documents that show it
        'SET NEW.row_version = GREATEST(NEW.row_version, 1);',
      ]),
      mysqlTrigger(
        `keel_${table}_version_bu`,
        'BEFORE UPDATE',
        table,
        table === 'categories'
          ? [
              'DECLARE extra BIGINT DEFAULT 0;',
              'IF NOT (NEW.path <=> OLD.path) THEN',
              '  SET extra = keel_path_version(OLD.path, OLD.id);',
              'END IF;',
              'SET NEW.row_version = GREATEST(NEW.row_version, OLD.row_version + 1) + extra;',
            ]
          : ['SET NEW.row_version = GREATEST(NEW.row_version, OLD.row_version + 1);'],
      ),
      mysqlTrigger(`keel_${table}_version_ad`, 'AFTER DELETE', table, [
        `UPDATE products SET row_version = row_version + 1 + OLD.row_version WHERE ${parentFanOut('mysql', table)};`,
      ]),
    ]),
    // children
    ...(['product_options', 'product_images'] as const).flatMap((table) => [
      mysqlTrigger(`keel_${table}_version_ai`, 'AFTER INSERT', table, [mysqlBump('NEW.product_id')]),
      mysqlTrigger(`keel_${table}_version_au`, 'AFTER UPDATE', table, [
        mysqlBump('NEW.product_id'),
        'IF NOT (NEW.product_id <=> OLD.product_id) THEN',
        `  ${mysqlBump('OLD.product_id')}`,
        'END IF;',
      ]),
      mysqlTrigger(`keel_${table}_version_ad`, 'AFTER DELETE', table, [mysqlBump('OLD.product_id')]),
    ]),
    mysqlTrigger('keel_product_tags_version_ai', 'AFTER INSERT', 'product_tags', [
      mysqlBump('NEW.product_id'),
    ]),
    mysqlTrigger('keel_product_tags_version_au', 'AFTER UPDATE', 'product_tags', [
      'DECLARE v BIGINT DEFAULT 0;',
      'IF NOT (NEW.product_id <=> OLD.product_id AND NEW.tag_id <=> OLD.tag_id) THEN',
      `  ${mysqlTagVersion('OLD.tag_id')}`,
      `  ${mysqlBump('OLD.product_id', '1 + v')}`,
      'END IF;',
      mysqlBump('NEW.product_id'),
    ]),
    mysqlTrigger('keel_product_tags_version_ad', 'AFTER DELETE', 'product_tags', [
      'DECLARE v BIGINT DEFAULT 0;',
      mysqlTagVersion('OLD.tag_id'),
      mysqlBump('OLD.product_id', '1 + v'),
    ]),
  ];
  return statements;
}

/** The products that show a parent row (OLD): its shop, its tag, or its category and subtree. */
function parentFanOut(dialect: SqlDialect, table: (typeof versionedParentTables)[number]): string {
  if (table === 'shops') return 'shop_id = OLD.id';
  if (table === 'tags') return 'id IN (SELECT product_id FROM product_tags WHERE tag_id = OLD.id)';
  const prefix = dialect === 'mysql' ? "CONCAT(OLD.path, '%')" : "OLD.path || '%'";
  return `category_id = OLD.id OR category_id IN (SELECT id FROM categories WHERE path LIKE ${prefix})`;
}

// ---------------------------------------------------------------- PostgreSQL

function pgTriggerFunction(name: string, body: string[], declare: string[] = []): string {
  return [
    // the tables a trigger reads resolve in the schema it was created in, whoever's session fires it
    `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$`,
    ...(declare.length > 0 ? ['DECLARE', ...declare.map((d) => `  ${d}`)] : []),
    'BEGIN',
    ...body.map((line) => `  ${line}`),
    'END',
    '$$',
  ].join('\n');
}

function pgTrigger(name: string, timing: string, table: string, level = 'ROW'): string[] {
  return [
    `DROP TRIGGER IF EXISTS ${name} ON ${table}`,
    `CREATE TRIGGER ${name} ${timing} ON ${table} FOR EACH ${level} EXECUTE FUNCTION ${name}()`,
  ];
}

const pgBump = (productId: string, amount = '1') =>
  `UPDATE products SET row_version = row_version + ${amount} WHERE id = ${productId};`;
const pgTagVersion = (tagId: string) =>
  `COALESCE((SELECT row_version FROM tags WHERE id = ${tagId} FOR SHARE), 0)`;

function postgresRowVersionDdl(): string[] {
  return [
    ...versionedTables.map((t) => `ALTER TABLE ${t} ADD COLUMN row_version bigint NOT NULL DEFAULT 0`),
    `CREATE TABLE ${tombstoneTable} (
  product_id bigint PRIMARY KEY,
  version bigint NOT NULL,
  update_ts ${postgresUpdateTsType}
)`,
    `CREATE INDEX idx_${tombstoneTable}_version ON ${tombstoneTable} (version)`,
    `CREATE INDEX idx_${tombstoneTable}_update_ts ON ${tombstoneTable} (update_ts, product_id)`,
    ...postgresTouchTriggerSql(tombstoneTable),
    `CREATE TABLE ${versionFloorTable} (
  id smallint PRIMARY KEY CHECK (id = 1),
  floor_version bigint NOT NULL
)`,
    initialFloorSql('postgres'),
    ...initialProductVersionsSql('postgres'),
    `CREATE OR REPLACE FUNCTION keel_path_version(p text, self_id bigint) RETURNS bigint LANGUAGE sql SET search_path FROM CURRENT AS $$
  SELECT COALESCE(SUM(rv), 0)::bigint FROM (
    SELECT row_version AS rv FROM categories
    WHERE id IN (SELECT x::bigint FROM unnest(string_to_array(p, '/')) AS x WHERE x ~ '^[0-9]{1,15}$')
      AND id IS DISTINCT FROM self_id
    FOR SHARE) s
$$`,
    `CREATE OR REPLACE FUNCTION keel_category_chain_version(cat_id bigint) RETURNS bigint LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  own bigint := 0;
  p text;
BEGIN
  SELECT row_version, path INTO own, p FROM categories WHERE id = cat_id FOR SHARE;
  RETURN COALESCE(own, 0) + keel_path_version(p, cat_id);
END
$$`,
    pgTriggerFunction('keel_products_version_bi', [
      'NEW.row_version := GREATEST(NEW.row_version,',
      `  COALESCE((SELECT version FROM ${tombstoneTable} WHERE product_id = NEW.id), 0) + 1,`,
      `  COALESCE((SELECT floor_version FROM ${versionFloorTable} WHERE id = 1), 0) + 1);`,
      'RETURN NEW;',
    ]),
    ...pgTrigger('keel_products_version_bi', 'BEFORE INSERT', 'products'),
    pgTriggerFunction(
      'keel_products_version_bu',
      [
        'IF NEW.shop_id IS DISTINCT FROM OLD.shop_id THEN',
        '  extra := extra + COALESCE((SELECT row_version FROM shops WHERE id = OLD.shop_id FOR SHARE), 0);',
        'END IF;',
        'IF NEW.category_id IS DISTINCT FROM OLD.category_id THEN',
        '  extra := extra + keel_category_chain_version(OLD.category_id);',
        'END IF;',
        'NEW.row_version := GREATEST(NEW.row_version, OLD.row_version + 1) + extra;',
        'RETURN NEW;',
      ],
      ['extra bigint := 0;'],
    ),
    ...pgTrigger('keel_products_version_bu', 'BEFORE UPDATE', 'products'),
    pgTriggerFunction(
      'keel_products_version_ad',
      [
        'SELECT COALESCE(SUM(rv), 0) INTO tagged FROM (SELECT row_version AS rv FROM tags WHERE id IN',
        '  (SELECT tag_id FROM product_tags WHERE product_id = OLD.id) FOR SHARE) s;',
        `INSERT INTO ${tombstoneTable} AS t (product_id, version) VALUES (OLD.id, OLD.row_version`,
        '    + COALESCE((SELECT row_version FROM shops WHERE id = OLD.shop_id FOR SHARE), 0)',
        '    + keel_category_chain_version(OLD.category_id) + tagged + 1)',
        '  ON CONFLICT (product_id) DO UPDATE SET version = GREATEST(t.version, EXCLUDED.version);',
        'RETURN NULL;',
      ],
      ['tagged bigint := 0;'],
    ),
    ...pgTrigger('keel_products_version_ad', 'AFTER DELETE', 'products'),
    pgTriggerFunction('keel_products_version_bt', [raiseVersionFloorSql() + ';', 'RETURN NULL;']),
    ...pgTrigger('keel_products_version_bt', 'BEFORE TRUNCATE', 'products', 'STATEMENT'),
    ...versionedParentTables.flatMap((table) => [
      pgTriggerFunction(`keel_${table}_version_bi`, [
        'NEW.row_version := GREATEST(NEW.row_version, 1);',
        'RETURN NEW;',
      ]),
      ...pgTrigger(`keel_${table}_version_bi`, 'BEFORE INSERT', table),
      pgTriggerFunction(`keel_${table}_version_bu`, [
        table === 'categories'
          ? 'NEW.row_version := GREATEST(NEW.row_version, OLD.row_version + 1) + CASE WHEN NEW.path IS DISTINCT FROM OLD.path THEN keel_path_version(OLD.path, OLD.id) ELSE 0 END;'
          : 'NEW.row_version := GREATEST(NEW.row_version, OLD.row_version + 1);',
        'RETURN NEW;',
      ]),
      ...pgTrigger(`keel_${table}_version_bu`, 'BEFORE UPDATE', table),
      pgTriggerFunction(`keel_${table}_version_ad`, [
        `UPDATE products SET row_version = row_version + 1 + OLD.row_version WHERE ${parentFanOut('postgres', table)};`,
        'RETURN NULL;',
      ]),
      ...pgTrigger(`keel_${table}_version_ad`, 'AFTER DELETE', table),
    ]),
    ...(['product_options', 'product_images'] as const).flatMap((table) => [
      pgTriggerFunction(`keel_${table}_version_ai`, [pgBump('NEW.product_id'), 'RETURN NULL;']),
      ...pgTrigger(`keel_${table}_version_ai`, 'AFTER INSERT', table),
      pgTriggerFunction(`keel_${table}_version_au`, [
        pgBump('NEW.product_id'),
        'IF NEW.product_id IS DISTINCT FROM OLD.product_id THEN',
        `  ${pgBump('OLD.product_id')}`,
        'END IF;',
        'RETURN NULL;',
      ]),
      ...pgTrigger(`keel_${table}_version_au`, 'AFTER UPDATE', table),
      pgTriggerFunction(`keel_${table}_version_ad`, [pgBump('OLD.product_id'), 'RETURN NULL;']),
      ...pgTrigger(`keel_${table}_version_ad`, 'AFTER DELETE', table),
    ]),
    pgTriggerFunction('keel_product_tags_version_ai', [pgBump('NEW.product_id'), 'RETURN NULL;']),
    ...pgTrigger('keel_product_tags_version_ai', 'AFTER INSERT', 'product_tags'),
    pgTriggerFunction('keel_product_tags_version_au', [
      'IF NEW.product_id IS DISTINCT FROM OLD.product_id OR NEW.tag_id IS DISTINCT FROM OLD.tag_id THEN',
      `  ${pgBump('OLD.product_id', `1 + ${pgTagVersion('OLD.tag_id')}`)}`,
      'END IF;',
      pgBump('NEW.product_id'),
      'RETURN NULL;',
    ]),
    ...pgTrigger('keel_product_tags_version_au', 'AFTER UPDATE', 'product_tags'),
    pgTriggerFunction('keel_product_tags_version_ad', [
      pgBump('OLD.product_id', `1 + ${pgTagVersion('OLD.tag_id')}`),
      'RETURN NULL;',
    ]),
    ...pgTrigger('keel_product_tags_version_ad', 'AFTER DELETE', 'product_tags'),
  ];
}

/** Every statement of the migration, in order: what the schema doctor prints for a DB without it. */
export function rowVersionDdl(dialect: SqlDialect): string[] {
  return dialect === 'mysql' ? mysqlRowVersionDdl() : postgresRowVersionDdl();
}

export function rowVersionDropDdl(dialect: SqlDialect): string[] {
  const triggers = rowVersionTriggersOf(dialect).map((t) =>
    dialect === 'mysql'
      ? `DROP TRIGGER IF EXISTS ${t.name}`
      : `DROP TRIGGER IF EXISTS ${t.name} ON ${t.table}`,
  );
  const functions =
    dialect === 'mysql'
      ? rowVersionFunctions.map((f) => `DROP FUNCTION IF EXISTS ${f}`)
      : [
          ...rowVersionTriggersOf(dialect).map((t) => `DROP FUNCTION IF EXISTS ${t.name}()`),
          'DROP FUNCTION IF EXISTS keel_category_chain_version(bigint)',
          'DROP FUNCTION IF EXISTS keel_path_version(text, bigint)',
        ];
  return [
    ...triggers,
    ...functions,
    `DROP TABLE IF EXISTS ${tombstoneTable}`,
    `DROP TABLE IF EXISTS ${versionFloorTable}`,
    ...versionedTables.map((t) => `ALTER TABLE ${t} DROP COLUMN row_version`),
  ];
}
