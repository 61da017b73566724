import type { ProductStatus } from '../entities/catalog.entities';

// Plain rows for the indexers: what the document builder needs, typed, without TypeORM entities.
// Every `updateTs` is a Date with millisecond precision (what the batch window pages by); every
// `rowVersion` is the row's DB-kept counter, from which a document's external version is summed.

export interface ProductRow {
  id: number;
  shopId: number;
  categoryId: number;
  nameKo: string;
  nameEn: string;
  description: string;
  brand: string | null;
  status: ProductStatus;
  basePrice: number;
  popularityScore: number;
  createdAt: Date;
  updateTs: Date;
  /** DB-kept counter (`row_version`): only goes up, bumped by triggers. */
  rowVersion: number;
}

export interface ProductOptionRow {
  id: number;
  productId: number;
  sku: string;
  nameKo: string;
  nameEn: string;
  price: number;
  stock: number;
  updateTs: Date;
}

export interface ProductImageRow {
  id: number;
  productId: number;
  url: string;
  sortOrder: number;
  updateTs: Date;
}

/** A product–tag link; the tag's names come from `loadTagsByIds` (no JOINs). */
export interface ProductTagRow {
  productId: number;
  tagId: number;
  updateTs: Date;
}

export interface TagRow {
  id: number;
  nameKo: string;
  nameEn: string;
  updateTs: Date;
  /** DB-kept counter (`row_version`): only goes up, bumped by triggers. */
  rowVersion: number;
}

export interface ShopRow {
  id: number;
  name: string;
  status: string;
  createdAt: Date;
  updateTs: Date;
  /** DB-kept counter (`row_version`): only goes up, bumped by triggers. */
  rowVersion: number;
}

export interface CategoryRow {
  id: number;
  parentId: number | null;
  nameKo: string;
  nameEn: string;
  depth: number;
  path: string;
  updateTs: Date;
  /** DB-kept counter (`row_version`): only goes up, bumped by triggers. */
  rowVersion: number;
}

export interface ProductIdRange {
  minId: number;
  maxId: number;
}

/** A position in the change feed: rows are ordered by `(update_ts, product id)`. */
export interface ChangeCursor {
  updateTs: Date;
  id: number;
}

export interface ChangedProductsPage {
  /** Product ids first seen at this page's positions; each id appears once across all pages. */
  ids: number[];
  /** Pass as `after` for the next page; absent when the window is exhausted. */
  next?: ChangeCursor;
}

/** What a deleted product left behind: its final version + 1 (trigger-written, `keel_product_tombstones`). */
export interface ProductTombstoneRow {
  productId: number;
  version: number;
}
