import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * The codes a client may rely on in `errors[].extensions.code`. Anything else that escapes a
 * resolver is reported as INTERNAL with a generic message (the details go to the log, never to
 * the client, and never a stack trace).
 */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'UPSTREAM_UNAVAILABLE',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN = new Set<string>(ERROR_CODES);

/**
 * Apollo's other codes for a request that never ran: reported as BAD_USER_INPUT, the message says what
 * was wrong. A query that does not parse or validate keeps its standard code (GRAPHQL_PARSE_FAILED,
 * GRAPHQL_VALIDATION_FAILED), as every GraphQL client expects.
 */
const BAD_REQUEST_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export function gatewayError(code: ErrorCode, message: string, httpStatus?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: httpStatus ? { code, http: { status: httpStatus } } : { code },
  });
}

export const notFound = (message: string) => gatewayError('NOT_FOUND', message);
export const badInput = (message: string) => gatewayError('BAD_USER_INPUT', message);

/**
 * What a client sees of an error: the message and a stable code (plus `path`/`locations`, and the
 * `field` of a BAD_USER_INPUT), nothing else. Returns the formatted error and whether it was an unexpected one (to be logged).
 */
export function formatGatewayError(formatted: GraphQLFormattedError): {
  error: GraphQLFormattedError;
  unexpected: boolean;
} {
  const raw = formatted.extensions?.['code'];
  const code = typeof raw === 'string' ? raw : undefined;
  let stable: ErrorCode;
  let message = formatted.message;
  let unexpected = false;
  // bad input names the field it is about (`search.maxPrice`), so a tool can point at it
  const rawField = formatted.extensions?.['field'];
  const field = typeof rawField === 'string' ? rawField : undefined;
  if (code && KNOWN.has(code)) stable = code as ErrorCode;
  else if (code && BAD_REQUEST_CODES.has(code)) stable = 'BAD_USER_INPUT';
  else if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED') stable = code;
  else {
    stable = 'INTERNAL';
    message = 'internal error';
    unexpected = true;
  }
  return {
    error: {
      message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: stable === 'BAD_USER_INPUT' && field ? { code: stable, field } : { code: stable },
    },
    unexpected,
  };
}
