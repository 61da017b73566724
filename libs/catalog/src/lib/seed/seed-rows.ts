import type { ProductStatus } from '../entities/catalog.entities';

// Rows as the seeder writes them; update_ts is left to the database.

export interface SeedShop {
  id: number;
  name: string;
  status: 'open' | 'closed';
  createdAt: Date;
}

export interface SeedTag {
  id: number;
  nameKo: string;
  nameEn: string;
}

export interface SeedProduct {
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
}

export interface SeedOption {
  id: number;
  productId: number;
  sku: string;
  nameKo: string;
  nameEn: string;
  price: number;
  stock: number;
}

export interface SeedImage {
  id: number;
  productId: number;
  url: string;
  sortOrder: number;
}

export interface SeedProductTag {
  productId: number;
  tagId: number;
}

/** One product with its children, as generated. */
export interface SeedProductBundle {
  product: SeedProduct;
  options: SeedOption[];
  images: SeedImage[];
  tags: SeedProductTag[];
}
