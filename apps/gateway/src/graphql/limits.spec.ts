import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { listAwareEstimator, operationDepth, tooManyExpensiveFields } from './limits';

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

describe('costs beyond first', () => {
  const schema = buildSchema(`
    type Query { builds(limit: Int): BuildPage!, hosts(first: Int): [Host!]! }
    type BuildPage { items: [Build!]! }
    type Build { runs: [Run!]! }
    type Run { id: ID! }
    type Host { jvms: [Jvm!]! }
    type Jvm { options: [String!]! }
    type Mutation { verifyRange(from: Int, to: Int): Report }
    type Report { clean: Boolean }
  `);
  const cost = (query: string) =>
    getComplexity({ schema, query: parse(query), estimators: [listAwareEstimator(10)] });

  it('reads `limit` like `first`, and multiplies nested lists', () => {
    // builds(limit: 500): 1 + 500 * items(1 + runs(1 + 10 * id 1))
    expect(cost('{ builds(limit: 500) { items { runs { id } } } }')).toBe(1 + 500 * (1 + (1 + 10 * 1)));
    // hosts(first: 100): 1 + 100 * jvms(1 + 10 * options 1): a list of lists of lists
    expect(cost('{ hosts(first: 100) { jvms { options } } }')).toBe(1 + 100 * (1 + 10 * 1));
  });

  it('gives an expensive field its own cost', () => {
    expect(cost('mutation { verifyRange(from: 1, to: 2) { clean } }')).toBe(5_000 + 1);
  });

  it('finds an expensive field repeated under aliases or through fragments', () => {
    const aliased = parse('mutation { a: verifyRange { clean } b: verifyRange { clean } }');
    expect(tooManyExpensiveFields(aliased)).toEqual({ field: 'Mutation.verifyRange', count: 2, max: 1 });
    const fragments = parse(`
      mutation { verifyRange { clean } ...F }
      fragment F on Mutation { again: verifyRange { clean } }
    `);
    expect(tooManyExpensiveFields(fragments)).toMatchObject({ count: 2 });
    expect(tooManyExpensiveFields(parse('mutation { verifyRange { clean } }'))).toBeUndefined();
    // a query field of the same name is not the mutation
    expect(tooManyExpensiveFields(parse('{ a: verifyRange b: verifyRange }'))).toBeUndefined();
  });
});
