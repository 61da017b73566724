import { ShopCatalog } from '@keel/catalog';
import { dataSourceToken } from '@keel/datasource';
import { ELASTICSEARCH_CLIENT } from '@keel/es-alias';
import { ProductSearcher } from '@keel/product-search';
import type { Client } from '@elastic/elasticsearch';
import { DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
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
      providers: [
        { provide: PRODUCTS_OPTIONS, useValue: options },
        {
          provide: ShopCatalog,
          inject: [dataSourceToken('shop')],
          useFactory: (shop: DataSource) => new ShopCatalog(shop),
        },
        {
          provide: ProductSearcher,
          inject: [ELASTICSEARCH_CLIENT, ShopCatalog],
          useFactory: (client: Client, catalog: ShopCatalog) =>
            new ProductSearcher(client, catalog, {
              readAlias: options.readAlias,
              maxPageSize: options.maxPageSize,
            }),
        },
        ProductsResolver,
      ],
    };
  }
}
