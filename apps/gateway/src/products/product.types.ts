import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ProductSortField {
  RELEVANCE = 'relevance',
  PRICE_ASC = 'price_asc',
  PRICE_DESC = 'price_desc',
  NEWEST = 'newest',
  POPULARITY = 'popularity',
}

registerEnumType(ProductSortField, {
  name: 'ProductSort',
  description: 'Order of a search; every order ends with the product id, so pages never overlap.',
});

@InputType({ description: 'What a shopper searches for; every field is optional.' })
export class ProductSearchInput {
  @Field({
    nullable: true,
    description: 'Free text (Korean or English) over names, description, shop, category',
  })
  text?: string;

  @Field(() => ID, { nullable: true, description: 'A category and all its subcategories' })
  categoryId?: string;

  @Field(() => [ID], { nullable: true, description: 'Any of these shops' })
  shopIds?: string[];

  @Field(() => Float, { nullable: true, description: 'Lowest price (inclusive), over the cheapest option' })
  minPrice?: number;

  @Field(() => Float, { nullable: true, description: 'Highest price (inclusive), over the cheapest option' })
  maxPrice?: number;

  @Field({ nullable: true, description: 'Only products with stock' })
  inStock?: boolean;

  @Field(() => [ID], { nullable: true, description: 'Products carrying all of these tags' })
  tagIds?: string[];

  @Field(() => ProductSortField, { nullable: true, description: 'Default: relevance with text, else newest' })
  sort?: ProductSortField;
}

@ObjectType()
export class Shop {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() status!: string;
}

@ObjectType()
export class Category {
  @Field(() => ID) id!: string;
  @Field() nameKo!: string;
  @Field() nameEn!: string;
  @Field(() => Int) depth!: number;
  @Field({ description: 'Materialised path of ids, root first: /1/5/23/' }) path!: string;
}

@ObjectType()
export class ProductOption {
  @Field(() => ID) id!: string;
  @Field() sku!: string;
  @Field() nameKo!: string;
  @Field() nameEn!: string;
  @Field(() => Float) price!: number;
  @Field(() => Int) stock!: number;
}

@ObjectType()
export class ProductImage {
  @Field(() => ID) id!: string;
  @Field() url!: string;
  @Field(() => Int) sortOrder!: number;
}

@ObjectType()
export class Tag {
  @Field(() => ID) id!: string;
  @Field() nameKo!: string;
  @Field() nameEn!: string;
}

@ObjectType()
export class Product {
  @Field(() => ID) id!: string;
  @Field() nameKo!: string;
  @Field() nameEn!: string;
  @Field() description!: string;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field() status!: string;
  @Field(() => Float) basePrice!: number;
  @Field(() => Float) popularityScore!: number;
  @Field() createdAt!: Date;
  @Field(() => ID) shopId!: string;
  @Field(() => ID) categoryId!: string;
  // shop, category, options, images and tags are resolved by field resolvers through per-request DataLoaders
}

@ObjectType()
export class ProductEdge {
  @Field({ description: 'Opaque; pass as `after` to continue after this product' }) cursor!: string;
  @Field(() => Product) node!: Product;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class FacetCount {
  @Field(() => ID) id!: string;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class PriceBucket {
  @Field(() => Float, { description: 'Inclusive lower bound' }) from!: number;
  @Field(() => Float, { nullable: true, description: 'Exclusive upper bound; null for the last bucket' })
  to!: number | null;
  @Field(() => Int) count!: number;
}

@ObjectType()
export class ProductFacets {
  @Field(() => [FacetCount], { description: 'Matching products per category (any level of the tree)' })
  categories!: FacetCount[];
  @Field(() => [FacetCount]) shops!: FacetCount[];
  @Field(() => [PriceBucket]) prices!: PriceBucket[];
}

@ObjectType()
export class ProductConnection {
  @Field(() => [ProductEdge]) edges!: ProductEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Matching products in the index (may count a few not yet removed)' })
  totalCount!: number;
  @Field(() => ProductFacets) facets!: ProductFacets;
}
