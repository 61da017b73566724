import { Inject } from '@nestjs/common';
import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
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
import { PRODUCTS_OPTIONS, type ProductsModuleOptions } from './products.options';

@Resolver(() => Product)
export class ProductsResolver {
  constructor(@Inject(PRODUCTS_OPTIONS) private readonly moduleOptions: ProductsModuleOptions) {}

  @Query(() => ProductConnection, {
    description: 'Search products; IDs from Elasticsearch, rows from the shop DB',
  })
  products(
    @Args('search', { type: () => ProductSearchInput, nullable: true }) _search?: ProductSearchInput,
    @Args('first', { type: () => Int, nullable: true }) _first?: number,
    @Args('after', { type: () => String, nullable: true }) _after?: string,
  ): Promise<ProductConnection> {
    throw new Error(`products: not implemented yet (alias ${this.moduleOptions.readAlias})`);
  }

  @Query(() => Product, { nullable: true, description: 'One product by id, from the shop DB' })
  product(@Args('id', { type: () => ID }) _id: string): Promise<Product | null> {
    throw new Error('product: not implemented yet');
  }

  @ResolveField(() => Shop, { nullable: true })
  shop(@Parent() _product: Product): Promise<Shop | null> {
    throw new Error('shop: not implemented yet');
  }

  @ResolveField(() => Category, { nullable: true })
  category(@Parent() _product: Product): Promise<Category | null> {
    throw new Error('category: not implemented yet');
  }

  @ResolveField(() => [ProductOption])
  options(@Parent() _product: Product): Promise<ProductOption[]> {
    throw new Error('options: not implemented yet');
  }

  @ResolveField(() => [ProductImage])
  images(@Parent() _product: Product): Promise<ProductImage[]> {
    throw new Error('images: not implemented yet');
  }

  @ResolveField(() => [Tag])
  tags(@Parent() _product: Product): Promise<Tag[]> {
    throw new Error('tags: not implemented yet');
  }
}
