import { dataSourceToken } from '@keel/datasource';
import { loadKeyring } from '@keel/service-runtime';
import { DynamicModule, Global, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AuditLogStore } from './audit/audit-log.store';
import { ApiTokenStore } from './auth/api-token.store';
import { AUTH_OPTIONS, type AuthOptions } from './auth/auth.middleware';
import { rpcAddress, type GatewayConfig } from './config';
import { IndexingHistory } from './indexing/indexing-history';
import { UpstreamClients } from './upstream/upstream-clients';

/** The gateway's own services every feature module and the GraphQL context use. */
@Global()
@Module({})
export class GatewayCoreModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayCoreModule,
      providers: [
        {
          provide: AUTH_OPTIONS,
          useValue: {
            graphiql: config.GRAPHIQL,
            ratePerIpPerMin: config.RATE_LIMIT_PER_IP_PER_MIN,
            ratePerTokenPerMin: config.RATE_LIMIT_PER_TOKEN_PER_MIN,
          } satisfies AuthOptions,
        },
        {
          provide: ApiTokenStore,
          inject: [dataSourceToken('platform')],
          useFactory: (db: DataSource) => new ApiTokenStore(db),
        },
        {
          provide: AuditLogStore,
          inject: [dataSourceToken('platform')],
          useFactory: (db: DataSource) => new AuditLogStore(db),
        },
        {
          provide: IndexingHistory,
          inject: [UpstreamClients],
          useFactory: (upstreams: UpstreamClients) => new IndexingHistory(upstreams),
        },
        {
          provide: UpstreamClients,
          useFactory: () =>
            new UpstreamClients(
              {
                'indexer-stream': rpcAddress(config.INDEXER_STREAM_RPC_URL),
                'indexer-batch': rpcAddress(config.INDEXER_BATCH_RPC_URL),
                'indexer-recovery': rpcAddress(config.INDEXER_RECOVERY_RPC_URL),
                'jdk-inventory': rpcAddress(config.JDK_INVENTORY_RPC_URL),
                'jmh-runner': rpcAddress(config.JMH_RUNNER_RPC_URL),
                supervisor: rpcAddress(config.SUPERVISOR_RPC_URL),
              },
              config.RPC_TIMEOUT_MS,
              loadKeyring('gateway'),
            ),
        },
      ],
      exports: [AUTH_OPTIONS, ApiTokenStore, AuditLogStore, IndexingHistory, UpstreamClients],
    };
  }
}
