import type { estypes } from '@elastic/elasticsearch';
import type { IndexDefinition } from '@keel/es-alias';
import type { ProductField } from './product-fields';

/**
 * The analyzer for Korean and English text. `standard` ships with every Elasticsearch (and splits
 * Korean on word boundaries, so `노트북` finds `삼성 노트북`); `cjk` needs the analysis-common module
 * and `nori` the analysis-nori plugin, both present on a full distribution.
 */
export type TextAnalyzer = 'standard' | 'cjk' | 'nori';

const text = (analyzer: TextAnalyzer): estypes.MappingProperty => ({
  type: 'text',
  analyzer: analyzer === 'nori' ? 'nori' : analyzer,
});

/**
 * The product document's mapping, as code. `dynamic: strict`: a field the builder does not declare
 * here is a bug, and Elasticsearch rejects it instead of guessing a type. The top-level properties are
 * exactly the `ProductField`s: a field added to `ProductDocument` and not mapped here fails tsc.
 */
export function productIndexDefinition(
  options: { analyzer?: TextAnalyzer; shards?: number } = {},
): IndexDefinition {
  const analyzer = options.analyzer ?? 'standard';
  return {
    settings: {
      number_of_shards: options.shards ?? 1,
      number_of_replicas: 0,
      // (prices are doubles: scaled_float lives in the mapper-extras module, which minimal distributions lack)
      // deletes are versioned; keep tombstones long enough that a late stale upsert cannot resurrect
      gc_deletes: '1h',
    },
    mappings: {
      dynamic: 'strict',
      properties: {
        id: { type: 'long' },
        version: { type: 'long' },
        name: text(analyzer),
        name_ko: { ...text(analyzer), copy_to: 'name' } as estypes.MappingProperty,
        name_en: { ...text(analyzer), copy_to: 'name' } as estypes.MappingProperty,
        description: text(analyzer),
        brand: { type: 'keyword' },
        status: { type: 'keyword' },
        shop_id: { type: 'long' },
        shop_name: { type: 'text', analyzer, fields: { raw: { type: 'keyword' } } },
        category_id: { type: 'long' },
        category_ids: { type: 'long' },
        category_names: text(analyzer),
        price_min: { type: 'double' },
        price_max: { type: 'double' },
        in_stock: { type: 'boolean' },
        stock_total: { type: 'long' },
        options: {
          type: 'object',
          properties: {
            sku: { type: 'keyword' },
            name_ko: { type: 'text', analyzer },
            name_en: { type: 'text', analyzer },
            price: { type: 'double' },
            stock: { type: 'long' },
          },
        },
        image_urls: { type: 'keyword', index: false },
        tags: { type: 'keyword' },
        tag_ids: { type: 'long' },
        popularity: { type: 'float' },
        created_at: { type: 'date' },
        updated_at: { type: 'date' },
      } satisfies Record<ProductField, estypes.MappingProperty>,
    },
  };
}
