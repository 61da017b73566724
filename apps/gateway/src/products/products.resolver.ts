import type {
  CategoryRow,
  ProductImageRow,
  ProductOptionRow,
  ProductRow,
  ShopRow,
  TagRow,
} from '@keel/catalog';
import { ShopCatalog } from '@keel/catalog';
import { InvalidProductSearch, ProductSearcher } from '@keel/product-search';
import { Args, Context, ID, Info, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLError, Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { loadersOf } from './product-loaders';
import {
  Category,
  Product,
  ProductConnection,
  ProductImage,
  ProductOption,
  ProductSearchInput,
  Shop,
  Tag,
} from './product.types';

/** Bad input as GraphQL reports it: `extensions.code = BAD_USER_INPUT` and the field it concerns. */
export function badProductInput(error: InvalidProductSearch): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', field: error.field } });
}

const toProduct = (row: ProductRow): Product => ({
  id: String(row.id),
  nameKo: row.nameKo,
  nameEn: row.nameEn,
  description: row.description,
  brand: row.brand,
  status: row.status,
  basePrice: row.basePrice,
  popularityScore: row.popularityScore,
  createdAt: row.createdAt,
  shopId: String(row.shopId),
  categoryId: String(row.categoryId),
});
const toShop = (r: ShopRow): Shop => ({ id: String(r.id), name: r.name, status: r.status });
const toCategory = (r: CategoryRow): Category => ({
  id: String(r.id),
  nameKo: r.nameKo,
  nameEn: r.nameEn,
  depth: r.depth,
  path: r.path,
});
const toOption = (r: ProductOptionRow): ProductOption => ({
  id: String(r.id),
  sku: r.sku,
  nameKo: r.nameKo,
  nameEn: r.nameEn,
  price: r.price,
  stock: r.stock,
});
const toImage = (r: ProductImageRow): ProductImage => ({
  id: String(r.id),
  url: r.url,
  sortOrder: r.sortOrder,
});
const toTag = (r: TagRow): Tag => ({ id: String(r.id), nameKo: r.nameKo, nameEn: r.nameEn });

/** Whether the query selects `field` directly under this field (through inline fragments and named ones). */
function selects(info: GraphQLResolveInfo, field: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === field;
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet);
      return visit(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

async function asGraphQLInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidProductSearch) throw badProductInput(error);
    throw error;
  }
}

/** Product search (Elasticsearch for ids, the shop DB for rows) and products by id. Viewer role. */
@Resolver(() => Product)
export class ProductsResolver {
  constructor(
    private readonly searcher: ProductSearcher,
    private readonly catalog: ShopCatalog,
  ) {}

  @Query(() => ProductConnection, {
    description: 'Search products; IDs from Elasticsearch, rows from the shop DB, in the search order',
  })
  products(
    @Context() context: object,
    @Info() info: GraphQLResolveInfo,
    @Args('search', { type: () => ProductSearchInput, nullable: true }) search?: ProductSearchInput,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ProductConnection> {
    return asGraphQLInput(async () => {
      const page = await this.searcher.search({
        search: { ...search },
        first,
        after,
        facets: selects(info, 'facets'),
      });
      const loaders = loadersOf(context, this.catalog);
      for (const hit of page.hits) loaders.product.prime(hit.product.id, hit.product);
      return {
        edges: page.hits.map((hit) => ({ cursor: hit.cursor, node: toProduct(hit.product) })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
        totalCount: page.totalCount,
        facets: {
          categories: (page.facets?.categories ?? []).map((f) => ({ id: String(f.id), count: f.count })),
          shops: (page.facets?.shops ?? []).map((f) => ({ id: String(f.id), count: f.count })),
          prices: page.facets?.prices ?? [],
        },
      };
    });
  }

  @Query(() => Product, { nullable: true, description: 'One product by id, from the shop DB (any status)' })
  async product(
    @Context() context: object,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Product | null> {
    if (!/^\d{1,15}$/.test(id) || Number(id) < 1)
      throw badProductInput(
        new InvalidProductSearch('id', `must be a positive integer, got ${JSON.stringify(id)}`),
      );
    const row = await loadersOf(context, this.catalog).product.load(Number(id));
    return row ? toProduct(row) : null;
  }

  @ResolveField(() => Shop, { nullable: true })
  async shop(@Context() context: object, @Parent() product: Product): Promise<Shop | null> {
    const row = await loadersOf(context, this.catalog).shop.load(Number(product.shopId));
    return row ? toShop(row) : null;
  }

  @ResolveField(() => Category, { nullable: true })
  async category(@Context() context: object, @Parent() product: Product): Promise<Category | null> {
    const row = await loadersOf(context, this.catalog).category.load(Number(product.categoryId));
    return row ? toCategory(row) : null;
  }

  @ResolveField(() => [ProductOption])
  async options(@Context() context: object, @Parent() product: Product): Promise<ProductOption[]> {
    return (await loadersOf(context, this.catalog).options.load(Number(product.id))).map(toOption);
  }

  @ResolveField(() => [ProductImage])
  async images(@Context() context: object, @Parent() product: Product): Promise<ProductImage[]> {
    return (await loadersOf(context, this.catalog).images.load(Number(product.id))).map(toImage);
  }

  @ResolveField(() => [Tag])
  async tags(@Context() context: object, @Parent() product: Product): Promise<Tag[]> {
    return (await loadersOf(context, this.catalog).tags.load(Number(product.id))).map(toTag);
  }
}
