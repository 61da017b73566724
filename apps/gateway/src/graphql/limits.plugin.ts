import type { ApolloServerPlugin } from '@apollo/server';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { gatewayError } from './errors';
import { listAwareEstimator, operationDepth, tooManyExpensiveFields } from './limits';

export interface QueryLimits {
  maxDepth: number;
  maxComplexity: number;
}

/**
 * Refuses an operation that is too deep or too costly after it is parsed and validated, before any
 * resolver runs: HTTP 400 with QUERY_TOO_DEEP or QUERY_TOO_COMPLEX and the figures in the message.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          const depth = operationDepth(document, operationName ?? request.operationName);
          if (depth > limits.maxDepth) {
            throw gatewayError(
              'QUERY_TOO_DEEP',
              `query depth ${depth} is above the limit of ${limits.maxDepth}`,
              400,
            );
          }
          const repeated = tooManyExpensiveFields(document, operationName ?? request.operationName);
          if (repeated) {
            throw gatewayError(
              'QUERY_TOO_COMPLEX',
              `${repeated.field} appears ${repeated.count} times in one operation; at most ${repeated.max}`,
              400,
            );
          }
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: operationName ?? request.operationName ?? undefined,
            variables: request.variables ?? {},
            estimators: [listAwareEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > limits.maxComplexity) {
            throw gatewayError(
              'QUERY_TOO_COMPLEX',
              `query complexity ${complexity} is above the limit of ${limits.maxComplexity}`,
              400,
            );
          }
        },
      };
    },
  };
}

/**
 * A resolver refused for the caller's role answers HTTP 403 (the errors carry FORBIDDEN); other
 * execution errors leave the status at 200, so one upstream down fails its field, not the request.
 */
export function forbiddenStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, errors }) {
          if (errors?.some((e) => e.extensions?.['code'] === 'FORBIDDEN')) response.http.status = 403;
        },
      };
    },
  };
}
