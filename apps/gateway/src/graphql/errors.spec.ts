import { formatGatewayError } from './errors';

describe('formatGatewayError', () => {
  it('keeps a stable code and the message, drops everything else', () => {
    const { error, unexpected } = formatGatewayError({
      message: 'jdk-inventory did not answer within 5000 ms',
      path: ['jdkHosts'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE', stacktrace: ['Error: ...', 'at x'], http: { status: 200 } },
    });
    expect(unexpected).toBe(false);
    expect(error).toEqual({
      message: 'jdk-inventory did not answer within 5000 ms',
      path: ['jdkHosts'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
  });

  it('reports an unknown error as INTERNAL without its message', () => {
    const { error, unexpected } = formatGatewayError({
      message: 'relation "x" does not exist',
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['...'] },
    });
    expect(unexpected).toBe(true);
    expect(error).toEqual({ message: 'internal error', extensions: { code: 'INTERNAL' } });
  });

  it('keeps the standard code of parse and validation failures, with their message', () => {
    const { error } = formatGatewayError({
      message: 'Cannot query field "nope" on type "Query".',
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(error).toEqual({
      message: 'Cannot query field "nope" on type "Query".',
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(
      formatGatewayError({
        message: 'Syntax Error: Expected Name',
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      }).error.extensions,
    ).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    expect(
      formatGatewayError({ message: 'bad request', extensions: { code: 'BAD_REQUEST' } }).error.extensions,
    ).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('keeps the field a BAD_USER_INPUT is about, and only for that code', () => {
    const bad = formatGatewayError({
      message: '"search.maxPrice" must be at least search.minPrice',
      extensions: { code: 'BAD_USER_INPUT', field: 'search.maxPrice' },
    });
    expect(bad.error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'search.maxPrice' });
    const other = formatGatewayError({
      message: 'no such run',
      extensions: { code: 'NOT_FOUND', field: 'id' },
    });
    expect(other.error.extensions).toEqual({ code: 'NOT_FOUND' });
  });
});
