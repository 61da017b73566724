/**
 * The denormalised search document of one product, as the ETL core builds it and Elasticsearch stores
 * it (the mapping is `productIndexDefinition`, the field names `PRODUCT_FIELDS`).
 */
export interface ProductDocument {
  id: number;
  version: number;
  name_ko: string;
  name_en: string;
  description: string;
  brand: string | null;
  status: string;
  shop_id: number;
  shop_name: string | null;
  category_id: number;
  category_ids: number[];
  category_names: string[];
  price_min: number;
  price_max: number;
  in_stock: boolean;
  stock_total: number;
  options: { sku: string; name_ko: string; name_en: string; price: number; stock: number }[];
  image_urls: string[];
  tags: string[];
  tag_ids: number[];
  popularity: number;
  created_at: string;
  updated_at: string;
}
