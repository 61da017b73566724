import { productionClosure, topLevelPackages } from './production-closure';

const lock = {
  '': { dependencies: { app: '*' } },
  'node_modules/a': {
    dependencies: { b: '^1' },
    peerDependencies: { p: '*', q: '*' },
    peerDependenciesMeta: { q: { optional: true } },
  },
  'node_modules/b': { version: '2.0.0' },
  'node_modules/a/node_modules/b': { version: '1.0.0', dependencies: { c: '*' } },
  'node_modules/c': {},
  'node_modules/p': {},
  'node_modules/q': {},
  'node_modules/@s/d': { optionalDependencies: { 'not-for-this-os': '*' } },
  'node_modules/dev-only': {},
};

describe('productionClosure', () => {
  it('follows dependencies the way Node resolves them, required peers included, optional ones not', () => {
    const closure = productionClosure(lock, ['a', '@s/d']);
    expect([...closure].sort()).toEqual([
      'node_modules/@s/d',
      'node_modules/a',
      'node_modules/a/node_modules/b',
      'node_modules/c',
      'node_modules/p',
    ]);
    expect(topLevelPackages(closure)).toEqual([
      'node_modules/@s/d',
      'node_modules/a',
      'node_modules/c',
      'node_modules/p',
    ]);
  });

  it('names a dependency the lock does not have', () => {
    expect(() => productionClosure(lock, ['a', 'nowhere'])).toThrow(
      'not in package-lock.json: nowhere (needed by the app)',
    );
  });
});
