import { toSafeId } from '../entities/bigint-id.transformer';
import type { ProductStatus } from '../entities/catalog.entities';
import type {
  CategoryRow,
  ProductImageRow,
  ProductOptionRow,
  ProductRow,
  ProductTagRow,
  ProductTombstoneRow,
  ShopRow,
  TagRow,
} from './catalog-rows';

// Both drivers return BIGINT/DECIMAL as strings or numbers depending on size and dialect; the
// mappers make them numbers and every timestamp a Date, so rows read the same from either DB.
type Raw = Record<string, unknown>;

const id = (value: unknown) => toSafeId(value as string | number);
const num = (value: unknown) => Number(value);
const str = (value: unknown) => String(value);
/** A BIGINT counter as a number; above 2^53 it throws instead of rounding (a version must be exact). */
const counter = (value: unknown) => toSafeId(value as string | number);
const date = (value: unknown) => (value instanceof Date ? value : new Date(value as string));

export const toProductRow = (r: Raw): ProductRow => ({
  id: id(r['id']),
  shopId: id(r['shop_id']),
  categoryId: id(r['category_id']),
  nameKo: str(r['name_ko']),
  nameEn: str(r['name_en']),
  description: str(r['description']),
  brand: r['brand'] === null ? null : str(r['brand']),
  status: str(r['status']) as ProductStatus,
  basePrice: num(r['base_price']),
  popularityScore: num(r['popularity_score']),
  createdAt: date(r['created_at']),
  updateTs: date(r['update_ts']),
  rowVersion: counter(r['row_version']),
});

export const toProductOptionRow = (r: Raw): ProductOptionRow => ({
  id: id(r['id']),
  productId: id(r['product_id']),
  sku: str(r['sku']),
  nameKo: str(r['name_ko']),
  nameEn: str(r['name_en']),
  price: num(r['price']),
  stock: num(r['stock']),
  updateTs: date(r['update_ts']),
});

export const toProductImageRow = (r: Raw): ProductImageRow => ({
  id: id(r['id']),
  productId: id(r['product_id']),
  url: str(r['url']),
  sortOrder: num(r['sort_order']),
  updateTs: date(r['update_ts']),
});

export const toProductTagRow = (r: Raw): ProductTagRow => ({
  productId: id(r['product_id']),
  tagId: id(r['tag_id']),
  updateTs: date(r['update_ts']),
});

export const toTagRow = (r: Raw): TagRow => ({
  id: id(r['id']),
  nameKo: str(r['name_ko']),
  nameEn: str(r['name_en']),
  updateTs: date(r['update_ts']),
  rowVersion: counter(r['row_version']),
});

export const toShopRow = (r: Raw): ShopRow => ({
  id: id(r['id']),
  name: str(r['name']),
  status: str(r['status']),
  createdAt: date(r['created_at']),
  updateTs: date(r['update_ts']),
  rowVersion: counter(r['row_version']),
});

export const toCategoryRow = (r: Raw): CategoryRow => ({
  id: id(r['id']),
  parentId: r['parent_id'] === null ? null : id(r['parent_id']),
  nameKo: str(r['name_ko']),
  nameEn: str(r['name_en']),
  depth: num(r['depth']),
  path: str(r['path']),
  updateTs: date(r['update_ts']),
  rowVersion: counter(r['row_version']),
});

export const toProductTombstoneRow = (r: Raw): ProductTombstoneRow => ({
  productId: id(r['product_id']),
  version: counter(r['version']),
});
