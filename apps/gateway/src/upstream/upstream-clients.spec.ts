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

  it('passes the field of a BAD_USER_INPUT on', () => {
    const error = upstreamError(
      'jdk-inventory',
      { code: 'BAD_USER_INPUT', message: '"first": at most 500', field: 'first' },
      5000,
    );
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(error.message).toBe('"first": at most 500');
  });

  it('decides by code, never by the text: an INTERNAL whose text looks like bad input stays INTERNAL', () => {
    const error = upstreamError(
      'jmh-runner',
      { code: 'INTERNAL', message: 'invalid input syntax at 10.0.3.7:5432' },
      5000,
    );
    expect(error.extensions['code']).toBe('INTERNAL');
    expect(error.message).toBe('jmh-runner failed');
  });

  it('hides a refused service identity from the client: the gateway itself is misconfigured', () => {
    const error = upstreamError('supervisor', { code: 'UNAUTHENTICATED', message: 'expired' }, 5000);
    expect(error.extensions['code']).toBe('INTERNAL');
    expect(error.message).not.toMatch(/expired/);
  });

  it('reports an app that is down or silent as UPSTREAM_UNAVAILABLE', () => {
    expect(codeOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      'UPSTREAM_UNAVAILABLE',
    );
    expect(codeOf(new TimeoutError())).toBe('UPSTREAM_UNAVAILABLE');
    expect(codeOf(new Error('Connection closed'))).toBe('UPSTREAM_UNAVAILABLE');
    const refused = upstreamError(
      'jdk-inventory',
      Object.assign(new Error('connect ECONNREFUSED 10.0.3.7:4004'), { code: 'ECONNREFUSED' }),
      5000,
    );
    expect(refused.message).not.toMatch(/10\.0\.3\.7/);
  });

  it('reports anything else as INTERNAL', () => {
    expect(codeOf({ status: 'error', message: 'Internal server error' })).toBe('INTERNAL');
    expect(codeOf({ message: 'BadRequest: x' })).toBe('INTERNAL');
  });
});
