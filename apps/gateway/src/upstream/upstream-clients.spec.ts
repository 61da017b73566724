import { TimeoutError } from 'rxjs';
import { upstreamError } from './upstream-clients';

const codeOf = (error: unknown) => upstreamError('jdk-inventory', error, 5000).extensions['code'];

describe('upstreamError', () => {
  it('passes an app refusal on with its code and message', () => {
    const error = upstreamError(
      'indexer-recovery',
      { code: 'NOT_FOUND', message: '"index": x is not…' },
      5000,
    );
    expect(error.extensions['code']).toBe('NOT_FOUND');
    expect(error.message).toBe('"index": x is not…');
  });

  it('names the field of a jdk-inventory refusal', () => {
    const error = upstreamError(
      'jdk-inventory',
      { error: 'invalid request', issues: [{ field: 'first', message: 'at most 500' }] },
      5000,
    );
    expect(error.extensions['code']).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('invalid request: "first": at most 500');
  });

  it('reports an app that is down or silent as UPSTREAM_UNAVAILABLE', () => {
    expect(codeOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      'UPSTREAM_UNAVAILABLE',
    );
    expect(codeOf(new TimeoutError())).toBe('UPSTREAM_UNAVAILABLE');
    expect(codeOf(new Error('Connection closed'))).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('reports anything else as INTERNAL', () => {
    expect(codeOf({ status: 'error', message: 'Internal server error' })).toBe('INTERNAL');
  });
});
