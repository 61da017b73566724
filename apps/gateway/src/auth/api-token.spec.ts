import { bearerToken, hashToken, newToken, roleAtLeast } from './api-token';

describe('api tokens', () => {
  it('are random, prefixed, and stored only as a SHA-256 hash', () => {
    const a = newToken();
    const b = newToken();
    expect(a).toMatch(/^keel_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a.slice(5));
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toBe(hashToken(b));
  });

  it('are read from a Bearer Authorization header only', () => {
    expect(bearerToken('Bearer keel_abc-_1')).toBe('keel_abc-_1');
    expect(bearerToken('bearer keel_abc')).toBe('keel_abc');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('give admin everything an operator may do, and an operator everything a viewer may do', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'viewer')).toBe(true);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
    expect(roleAtLeast('operator', 'admin')).toBe(false);
  });
});
