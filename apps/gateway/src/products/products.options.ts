export interface ProductsModuleOptions {
  /** The Elasticsearch read alias searched (never an index name). */
  readAlias: string;
  /** Largest `first` accepted; default 100. */
  maxPageSize?: number;
}

export const PRODUCTS_OPTIONS = 'keel:products:options';
