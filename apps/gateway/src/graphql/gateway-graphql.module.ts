import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { AuthenticatedRequest } from '../auth/auth.middleware';
import { IndexingHistory } from '../indexing/indexing-history';
import { AuditLogStore } from '../audit/audit-log.store';
import { auditPlugin } from '../audit/audit.plugin';
import { UpstreamClients } from '../upstream/upstream-clients';
import { formatGatewayError } from './errors';
import { forbiddenStatusPlugin, queryLimitsPlugin } from './limits.plugin';
import { RequestLoaders, type GatewayContext } from './request-loaders';

export interface GatewayGraphQLOptions {
  introspection: boolean;
  graphiql: boolean;
  maxDepth: number;
  maxComplexity: number;
}

/**
 * Apollo behind Nest, code first: the schema is built from the resolvers at start-up (and printed to
 * `schema.graphql` by `nx run gateway:schema`). Authentication happened before (middleware); here:
 * depth and complexity limits, per-request DataLoaders, errors reduced to message + stable code.
 */
@Module({})
export class GatewayGraphQLModule {
  static forRoot(options: GatewayGraphQLOptions): DynamicModule {
    const logger = new Logger('GraphQL');
    return {
      module: GatewayGraphQLModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [IndexingHistory, UpstreamClients, AuditLogStore],
          useFactory: (
            history: IndexingHistory,
            upstreams: UpstreamClients,
            audit: AuditLogStore,
          ): ApolloDriverConfig => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            introspection: options.introspection,
            graphiql: options.graphiql,
            playground: false,
            includeStacktraceInErrorResponses: false,
            // FORBIDDEN answers 403 (forbiddenStatusPlugin); other execution errors keep 200
            preserveHttpStatusForExecutionErrors: false,
            context: ({ req }: { req: AuthenticatedRequest }): GatewayContext => ({
              principal: req.principal,
              loaders: new RequestLoaders(history, upstreams),
            }),
            formatError: (formatted, original) => {
              const { error, unexpected } = formatGatewayError(formatted);
              if (unexpected) {
                const cause =
                  original instanceof Error ? (original.stack ?? original.message) : String(original);
                logger.error(`unexpected error at ${formatted.path?.join('.') ?? '(request)'}: ${cause}`);
              }
              return error;
            },
            plugins: [
              queryLimitsPlugin({ maxDepth: options.maxDepth, maxComplexity: options.maxComplexity }),
              forbiddenStatusPlugin(),
              auditPlugin(audit),
            ],
          }),
        }),
      ],
    };
  }
}
