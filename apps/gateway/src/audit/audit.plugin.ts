import type { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { AuthenticatedRequest } from '../auth/auth.middleware';
import { auditArguments, type AuditLogStore } from './audit-log.store';

const REFUSED = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'QUERY_TOO_COMPLEX',
  'QUERY_TOO_DEEP',
]);

/**
 * Writes one audit row per mutation operation that got as far as being resolved (who, which fields,
 * the variables with secret-looking ones masked, ok / refused / failed with the error codes). A
 * failure to write is logged, never turned into the client's error.
 */
export function auditPlugin(store: AuditLogStore): ApolloServerPlugin<{ req?: AuthenticatedRequest }> {
  const logger = new Logger('Audit');
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, request, errors, contextValue }) {
          const op = operation as OperationDefinitionNode | undefined;
          if (op?.operation !== 'mutation') return;
          const principal = (contextValue as { principal?: { name: string; role: string } }).principal;
          const fields = op.selectionSet.selections.flatMap((s) =>
            s.kind === Kind.FIELD ? [s.name.value] : [],
          );
          const codes = [...new Set((errors ?? []).map((e) => String(e.extensions?.['code'] ?? 'INTERNAL')))];
          const outcome =
            codes.length === 0 ? 'ok' : codes.every((c) => REFUSED.has(c)) ? 'refused' : 'failed';
          const headers = request.http?.headers;
          await store
            .append({
              principal: principal ? `token:${principal.name}` : 'anonymous',
              role: principal?.role ?? 'none',
              operation: op.name?.value ?? '(anonymous)',
              fields,
              arguments: auditArguments(request.variables),
              outcome,
              errorCodes: codes,
              correlationId: headers?.get('x-request-id') ?? null,
            })
            .catch((error: unknown) => logger.error(`audit row not written: ${(error as Error).message}`));
        },
      };
    },
  };
}
