import { DynamicModule, Module } from '@nestjs/common';
import { ProductsResolver } from './products.resolver';
import { PRODUCTS_OPTIONS, type ProductsModuleOptions } from './products.options';

/**
 * `products` and `product(id)` in the gateway. Needs the app to register, globally, the shop DB
 * (`DatabaseModule.forRoot({ role: 'shop', ... })`) and Elasticsearch (`ElasticsearchModule.forRoot`).
 */
@Module({})
export class ProductsModule {
  static forRoot(options: ProductsModuleOptions): DynamicModule {
    return {
      module: ProductsModule,
      providers: [{ provide: PRODUCTS_OPTIONS, useValue: options }, ProductsResolver],
    };
  }
}
