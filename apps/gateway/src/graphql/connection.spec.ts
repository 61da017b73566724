import { buildSchema } from 'graphql';
import { paginationProblems } from './connection-rules';
import { buildGatewaySchema } from './schema-printer';

describe('one pagination convention (Relay connections)', () => {
  it('the gateway schema has no list field that is not a connection, beyond the reasoned exemptions', async () => {
    expect(paginationProblems(await buildGatewaySchema())).toEqual([]);
  });

  it('finds a plain list, an offset page, a connection without cursors and a stale exemption', () => {
    const schema = buildSchema(`
      type PageInfo { endCursor: String hasNextPage: Boolean! }
      type Host { id: ID! labels: [String!]! }
      type HostEdge { cursor: String! node: Host! }
      type HostConnection { edges: [HostEdge!]! pageInfo: PageInfo! }
      type HostPage { items: [Host!]! total: Int! }
      type Query {
        hosts(first: Int, after: String): HostConnection
        allHosts: [Host!]!
        hostPage(first: Int, offset: Int): HostPage
        someHosts(first: Int): HostConnection
      }
    `);
    expect(paginationProblems(schema, { 'Query.gone': 'was removed' })).toEqual([
      { field: 'HostPage.items', problem: 'a list of Host that is not a connection' },
      { field: 'Query.allHosts', problem: 'a list of Host that is not a connection' },
      { field: 'Query.hostPage', problem: 'takes `offset`: page with `first` and `after`' },
      { field: 'Query.hostPage', problem: 'returns HostPage: pages are connections' },
      { field: 'Query.someHosts', problem: 'returns a connection without `first` and `after`' },
      { field: 'Query.gone', problem: 'exempted, but no such list field' },
    ]);
  });
});
