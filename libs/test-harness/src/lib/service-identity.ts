import {
  ServiceRpcClient,
  loadAgentKeyIssuer,
  loadKeyring,
  type ActingPrincipal,
} from '@keel/service-runtime';

/**
 * A service token signed with the test keyring (the development keyring that the apps started by a
 * test also load, or KEEL_IDENTITY_FILE when set): `caller` calling `audience`.
 */
export function serviceToken(caller: string, audience: string, actor?: ActingPrincipal): string {
  return loadKeyring(caller).tokenFor(audience, actor);
}

/** `Authorization` headers for an admin HTTP call as `caller` (default: an operator). */
export function serviceAuth(audience: string, caller = 'operator'): { authorization: string } {
  return { authorization: `Bearer ${serviceToken(caller, audience)}` };
}

/** An RPC client to `audience` on loopback that signs as `caller` (default: the gateway). */
export function serviceRpcClient(audience: string, port: number, caller = 'gateway'): ServiceRpcClient {
  return new ServiceRpcClient({ host: '127.0.0.1', port, keyring: loadKeyring(caller), audience });
}

/** An agent key for `hostname`, issued with the development agent secret (what jdk-inventory checks). */
export function agentKey(hostname: string): string {
  return loadAgentKeyIssuer('test').issue(hostname);
}

/** `Authorization` header of an agent reporting for `hostname`. */
export const agentAuth = (hostname: string) => ({ authorization: `Bearer ${agentKey(hostname)}` });
