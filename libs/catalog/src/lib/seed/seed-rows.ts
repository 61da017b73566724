import type {
  ProductImageRow,
  ProductOptionRow,
  ProductRow,
  ProductTagRow,
  ShopRow,
  TagRow,
} from '../read/catalog-rows';

// Rows as the seeder writes them: the rows the indexers read, without update_ts and row_version,
// which the database sets itself.

export interface SeedShop extends Omit<ShopRow, 'updateTs' | 'rowVersion' | 'status'> {
  status: 'open' | 'closed';
}

export type SeedTag = Omit<TagRow, 'updateTs' | 'rowVersion'>;
export type SeedProduct = Omit<ProductRow, 'updateTs' | 'rowVersion'>;
export type SeedOption = Omit<ProductOptionRow, 'updateTs'>;
export type SeedImage = Omit<ProductImageRow, 'updateTs'>;
export type SeedProductTag = Omit<ProductTagRow, 'updateTs'>;

/** One product with its children, as generated. */
export interface SeedProductBundle {
  product: SeedProduct;
  options: SeedOption[];
  images: SeedImage[];
  tags: SeedProductTag[];
}
