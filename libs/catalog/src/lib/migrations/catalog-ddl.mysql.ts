import { mysqlUpdateTsType } from '../schema/update-ts-ddl';

const table = (name: string, body: string[]) =>
  `CREATE TABLE \`${name}\` (\n  ${body.join(',\n  ')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;

const updateTs = `update_ts ${mysqlUpdateTsType}`;

/**
 * MySQL/MariaDB catalogue DDL. No foreign keys: the shop owns referential integrity, and a
 * hard-deleted product simply stops loading (which is what deletes its document).
 */
export const mysqlCatalogDdl: string[] = [
  table('shops', [
    'id BIGINT NOT NULL AUTO_INCREMENT',
    'name VARCHAR(200) NOT NULL',
    "status VARCHAR(16) NOT NULL DEFAULT 'open'",
    'created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)',
    updateTs,
    'PRIMARY KEY (id)',
    'KEY idx_shops_update_ts (update_ts, id)',
  ]),
  table('categories', [
    'id BIGINT NOT NULL AUTO_INCREMENT',
    'parent_id BIGINT NULL',
    'name_ko VARCHAR(100) NOT NULL',
    'name_en VARCHAR(100) NOT NULL',
    'depth SMALLINT NOT NULL',
    // ascii_bin: a subtree is `path LIKE '/1/5/%'`, a byte-wise prefix range on this index
    'path VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL',
    updateTs,
    'PRIMARY KEY (id)',
    'KEY idx_categories_parent_id (parent_id)',
    'KEY idx_categories_path (path)',
    'KEY idx_categories_update_ts (update_ts, id)',
  ]),
  table('tags', [
    'id BIGINT NOT NULL AUTO_INCREMENT',
    'name_ko VARCHAR(100) NOT NULL',
    'name_en VARCHAR(100) NOT NULL',
    updateTs,
    'PRIMARY KEY (id)',
    'UNIQUE KEY uq_tags_name_en (name_en)',
    'KEY idx_tags_update_ts (update_ts, id)',
  ]),
  table('products', [
    'id BIGINT NOT NULL AUTO_INCREMENT',
    'shop_id BIGINT NOT NULL',
    'category_id BIGINT NOT NULL',
    'name_ko VARCHAR(300) NOT NULL',
    'name_en VARCHAR(300) NOT NULL',
    'description TEXT NOT NULL',
    'brand VARCHAR(100) NULL',
    "status VARCHAR(16) NOT NULL DEFAULT 'active'",
    'base_price DECIMAL(12,2) NOT NULL',
    'popularity_score DOUBLE NOT NULL DEFAULT 0',
    'created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)',
    updateTs,
    'PRIMARY KEY (id)',
    "CONSTRAINT chk_products_status CHECK (status IN ('active', 'hidden', 'deleted'))",
    'KEY idx_products_shop_id (shop_id)',
    'KEY idx_products_category_id (category_id)',
    'KEY idx_products_update_ts (update_ts, id)',
  ]),
  table('product_options', [
    'id BIGINT NOT NULL AUTO_INCREMENT',
    'product_id BIGINT NOT NULL',
    'sku VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL',
    'name_ko VARCHAR(200) NOT NULL',
    'name_en VARCHAR(200) NOT NULL',
    'price DECIMAL(12,2) NOT NULL',
    'stock INT NOT NULL DEFAULT 0',
    updateTs,
    'PRIMARY KEY (id)',
    'UNIQUE KEY uq_product_options_sku (sku)',
    'KEY idx_product_options_product_id (product_id)',
    'KEY idx_product_options_update_ts (update_ts, product_id)',
  ]),
  table('product_images', [
    'id BIGINT NOT NULL AUTO_INCREMENT',
    'product_id BIGINT NOT NULL',
    'url VARCHAR(500) NOT NULL',
    'sort_order SMALLINT NOT NULL DEFAULT 0',
    updateTs,
    'PRIMARY KEY (id)',
    'KEY idx_product_images_product_id (product_id)',
    'KEY idx_product_images_update_ts (update_ts, product_id)',
  ]),
  table('product_tags', [
    'product_id BIGINT NOT NULL',
    'tag_id BIGINT NOT NULL',
    updateTs,
    // the primary key leads with product_id: it is the product_id index
    'PRIMARY KEY (product_id, tag_id)',
    'KEY idx_product_tags_tag_id (tag_id)',
    'KEY idx_product_tags_update_ts (update_ts, product_id)',
  ]),
];

export const mysqlCatalogDropDdl: string[] = [
  'product_tags',
  'product_images',
  'product_options',
  'products',
  'tags',
  'categories',
  'shops',
].map((name) => `DROP TABLE IF EXISTS \`${name}\``);
