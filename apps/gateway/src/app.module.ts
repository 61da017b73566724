import { CoordinationModule } from '@keel/coordination';
import { DatabaseModule } from '@keel/datasource';
import { ElasticsearchModule } from '@keel/es-alias';
import { KafkaModule } from '@keel/kafka-bus';
import { ServiceRuntimeModule } from '@keel/service-runtime';
import {
  DynamicModule,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { GATEWAY_MIGRATIONS_TABLE, gatewayMigrations } from './auth/api-token.migration';
import { AuthMiddleware } from './auth/auth.middleware';
import { RolesGuard } from './auth/roles.guard';
import { BenchmarksModule } from './benchmarks/benchmarks.module';
import type { GatewayConfig } from './config';
import { ConsoleModule } from './console/console.module';
import { GatewayCoreModule } from './gateway-core.module';
import { GatewayGraphQLModule } from './graphql/gateway-graphql.module';
import { GraphQLErrorFilter } from './graphql/graphql-error.filter';
import { IndexingModule } from './indexing/indexing.module';
import { JdkModule } from './jdk/jdk.module';
import { ProductsModule } from './products/products.module';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'gateway', logLevel: config.LOG_LEVEL }),
        DatabaseModule.forRoot({
          role: 'platform',
          url: config.PLATFORM_DB_URL,
          migrations: gatewayMigrations,
          migrationsTableName: GATEWAY_MIGRATIONS_TABLE,
        }),
        DatabaseModule.forRoot({ role: 'shop', url: config.SHOP_DB_URL }),
        ElasticsearchModule.forRoot({ url: config.ELASTICSEARCH_URL }),
        KafkaModule.forRoot({ clientId: 'gateway', brokers: config.KAFKA_BROKERS }),
        CoordinationModule.forRoot({
          connectString: config.ZOOKEEPER_CONNECT.join(','),
          job: 'gateway',
          role: 'api',
        }),
        GatewayCoreModule.forRoot(config),
        GatewayGraphQLModule.forRoot({
          introspection: config.GRAPHQL_INTROSPECTION,
          graphiql: config.GRAPHIQL,
          maxDepth: config.GRAPHQL_MAX_DEPTH,
          maxComplexity: config.GRAPHQL_MAX_COMPLEXITY,
        }),
        IndexingModule.forRoot(config),
        JdkModule,
        BenchmarksModule,
        AuditModule,
        ProductsModule.forRoot({ readAlias: config.PRODUCTS_READ_ALIAS }),
        ConsoleModule.forRoot(config.CONSOLE_DIR),
      ],
      providers: [
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: GraphQLErrorFilter },
      ],
    };
  }

  /** Every GraphQL request is authenticated before Apollo sees it; /health and /metrics stay open. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
  }
}
