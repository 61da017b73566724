import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintId, decimalNumber } from './bigint-id.transformer';

export type ProductStatus = 'active' | 'hidden' | 'deleted';

// The schema itself is defined by the hand-written migrations; these entities map it for code that
// prefers repositories. `update_ts` is read-only here: the database maintains it.
const updateTs = { name: 'update_ts', insert: false, update: false, precision: 3 } as const;
// `row_version` likewise: triggers keep it (row-version-ddl.ts).
const rowVersion = {
  name: 'row_version',
  type: 'bigint',
  insert: false,
  update: false,
  transformer: bigintId,
} as const;

@Entity({ name: 'shops' })
export class ShopEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintId }) id!: number;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ name: 'created_at', type: 'timestamp', precision: 3 }) createdAt!: Date;
  @Column({ ...updateTs, type: 'timestamp' }) updateTs!: Date;
  @Column(rowVersion) rowVersion!: number;
}

@Entity({ name: 'categories' })
export class CategoryEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintId }) id!: number;
  @Column({ name: 'parent_id', type: 'bigint', nullable: true, transformer: bigintId })
  parentId!: number | null;
  @Column({ name: 'name_ko', type: 'varchar', length: 100 }) nameKo!: string;
  @Column({ name: 'name_en', type: 'varchar', length: 100 }) nameEn!: string;
  @Column({ type: 'smallint' }) depth!: number;
  /** Materialised path of ids, `/1/5/23/`: a subtree is a prefix match. */
  @Column({ type: 'varchar', length: 255 }) path!: string;
  @Column({ ...updateTs, type: 'timestamp' }) updateTs!: Date;
  @Column(rowVersion) rowVersion!: number;
}

@Entity({ name: 'tags' })
export class TagEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintId }) id!: number;
  @Column({ name: 'name_ko', type: 'varchar', length: 100 }) nameKo!: string;
  @Column({ name: 'name_en', type: 'varchar', length: 100 }) nameEn!: string;
  @Column({ ...updateTs, type: 'timestamp' }) updateTs!: Date;
  @Column(rowVersion) rowVersion!: number;
}

@Entity({ name: 'products' })
export class ProductEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintId }) id!: number;
  @Column({ name: 'shop_id', type: 'bigint', transformer: bigintId }) shopId!: number;
  @Column({ name: 'category_id', type: 'bigint', transformer: bigintId }) categoryId!: number;
  @Column({ name: 'name_ko', type: 'varchar', length: 300 }) nameKo!: string;
  @Column({ name: 'name_en', type: 'varchar', length: 300 }) nameEn!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) brand!: string | null;
  @Column({ type: 'varchar', length: 16 }) status!: ProductStatus;
  @Column({ name: 'base_price', type: 'decimal', precision: 12, scale: 2, transformer: decimalNumber })
  basePrice!: number;
  @Column({ name: 'popularity_score', type: 'double precision' }) popularityScore!: number;
  @Column({ name: 'created_at', type: 'timestamp', precision: 3 }) createdAt!: Date;
  @Column({ ...updateTs, type: 'timestamp' }) updateTs!: Date;
  @Column(rowVersion) rowVersion!: number;
}

@Entity({ name: 'product_options' })
export class ProductOptionEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintId }) id!: number;
  @Column({ name: 'product_id', type: 'bigint', transformer: bigintId }) productId!: number;
  @Column({ type: 'varchar', length: 64 }) sku!: string;
  @Column({ name: 'name_ko', type: 'varchar', length: 200 }) nameKo!: string;
  @Column({ name: 'name_en', type: 'varchar', length: 200 }) nameEn!: string;
  @Column({ type: 'decimal', precision: 12, scale: 2, transformer: decimalNumber }) price!: number;
  @Column({ type: 'int' }) stock!: number;
  @Column({ ...updateTs, type: 'timestamp' }) updateTs!: Date;
}

@Entity({ name: 'product_images' })
export class ProductImageEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintId }) id!: number;
  @Column({ name: 'product_id', type: 'bigint', transformer: bigintId }) productId!: number;
  @Column({ type: 'varchar', length: 500 }) url!: string;
  @Column({ name: 'sort_order', type: 'smallint' }) sortOrder!: number;
  @Column({ ...updateTs, type: 'timestamp' }) updateTs!: Date;
}

@Entity({ name: 'product_tags' })
export class ProductTagEntity {
  @PrimaryColumn({ name: 'product_id', type: 'bigint', transformer: bigintId }) productId!: number;
  @PrimaryColumn({ name: 'tag_id', type: 'bigint', transformer: bigintId }) tagId!: number;
  @Column({ ...updateTs, type: 'timestamp' }) updateTs!: Date;
}

/** For `dataSourceOptionsFromUrl(url, { entities: catalogEntities })`. */
export const catalogEntities = [
  ShopEntity,
  CategoryEntity,
  TagEntity,
  ProductEntity,
  ProductOptionEntity,
  ProductImageEntity,
  ProductTagEntity,
];
