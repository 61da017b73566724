import { ConfigError } from '@keel/service-runtime';
import { loadGatewayConfig, rpcAddress } from './config';

describe('gateway configuration', () => {
  it('turns introspection and GraphiQL on in development and off in production, unless set', () => {
    expect(loadGatewayConfig({})).toMatchObject({ GRAPHQL_INTROSPECTION: true, GRAPHIQL: true });
    expect(loadGatewayConfig({ NODE_ENV: 'production' })).toMatchObject({
      GRAPHQL_INTROSPECTION: false,
      GRAPHIQL: false,
    });
    expect(loadGatewayConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' })).toMatchObject({
      GRAPHQL_INTROSPECTION: true,
      GRAPHIQL: false,
    });
  });

  it('defaults every app RPC address to its DEFAULT_RPC_PORTS port on 127.0.0.1', () => {
    const config = loadGatewayConfig({});
    expect(rpcAddress(config.JDK_INVENTORY_RPC_URL)).toEqual({ host: '127.0.0.1', port: 4004 });
    expect(rpcAddress(config.INDEXER_RECOVERY_RPC_URL)).toEqual({ host: '127.0.0.1', port: 4003 });
  });

  it('names a malformed variable', () => {
    expect(() => loadGatewayConfig({ JMH_RUNNER_RPC_URL: 'jmh:4005', GRAPHIQL: 'maybe' })).toThrow(
      ConfigError,
    );
    expect(() => loadGatewayConfig({ JMH_RUNNER_RPC_URL: 'http://127.0.0.1:4005' })).toThrow(
      /JMH_RUNNER_RPC_URL: expected a tcp URL/,
    );
  });
});
