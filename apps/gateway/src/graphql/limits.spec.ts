import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { listAwareEstimator, operationDepth } from './limits';

describe('operationDepth', () => {
  it('counts nested selections, following fragments', () => {
    const document = parse(`
      query Q { a { b { ...F } } }
      fragment F on B { c { d } }
    `);
    expect(operationDepth(document)).toBe(4);
  });

  it('counts a fragment cycle once and ignores introspection fields', () => {
    const document = parse(`
      query { __schema { types { name } } a { ...F } }
      fragment F on A { b { ...F } }
    `);
    expect(operationDepth(document)).toBe(2);
  });

  it('measures only the operation asked for', () => {
    const document = parse('query Flat { a } query Deep { a { b { c } } }');
    expect(operationDepth(document, 'Flat')).toBe(1);
    expect(operationDepth(document, 'Deep')).toBe(3);
  });
});

describe('listAwareEstimator', () => {
  const schema = buildSchema(`
    type Query { hosts(first: Int): HostPage!, jobs: [Job!]! }
    type HostPage { items: [Host!]! }
    type Host { name: String!, installations: [Installation!]! }
    type Installation { path: String! }
    type Job { name: String! }
  `);
  const cost = (query: string) =>
    getComplexity({ schema, query: parse(query), estimators: [listAwareEstimator(10)] });

  it('multiplies a paged field by first and an unpaged list by the default size', () => {
    // hosts(first: 100): 1 + 100 * items(1 + name 1 + installations(1 + 10 * path 1))
    expect(cost('{ hosts(first: 100) { items { name installations { path } } } }')).toBe(
      1 + 100 * (1 + 1 + (1 + 10 * 1)),
    );
    expect(cost('{ jobs { name } }')).toBe(1 + 10 * 1);
  });

  it('grows with first, so a client cannot ask for everything at once', () => {
    expect(cost('{ hosts(first: 500) { items { name } } }')).toBeGreaterThan(
      cost('{ hosts(first: 5) { items { name } } }'),
    );
  });
});
