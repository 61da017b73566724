import type { ProductDocument } from './product-document';

/**
 * A top-level field of the product index: a field of the document, or `name`, which the builder never
 * writes (`name_ko` and `name_en` are copied into it by the mapping's `copy_to`).
 */
export type ProductField = keyof ProductDocument | 'name';

/**
 * The index's field names, for queries, sorts, aggregations and `_source` filters: a typo or a renamed
 * document field is a compile error instead of a query that silently matches nothing. The mapping
 * declares every `ProductField` (tsc checks it) and
 * this names every one of them (the unit test checks it).
 */
export const PRODUCT_FIELDS = {
  id: 'id',
  version: 'version',
  name: 'name',
  nameKo: 'name_ko',
  nameEn: 'name_en',
  description: 'description',
  brand: 'brand',
  status: 'status',
  shopId: 'shop_id',
  shopName: 'shop_name',
  categoryId: 'category_id',
  categoryIds: 'category_ids',
  categoryNames: 'category_names',
  priceMin: 'price_min',
  priceMax: 'price_max',
  inStock: 'in_stock',
  stockTotal: 'stock_total',
  options: 'options',
  imageUrls: 'image_urls',
  tags: 'tags',
  tagIds: 'tag_ids',
  popularity: 'popularity',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<string, ProductField>;
