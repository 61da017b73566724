import { isRpcError, type RpcApp } from '@keel/api-contracts';
import {
  ServiceRpcClient,
  rpcTlsFromEnv,
  type ActingPrincipal,
  type ServiceKeyring,
} from '@keel/service-runtime';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { GraphQLError } from 'graphql';
import { gatewayError } from '../graphql/errors';

const acting = new AsyncLocalStorage<ActingPrincipal>();

/** Runs a request's work on behalf of `actor`: every upstream call in it carries the actor along. */
export const actFor = <T>(actor: ActingPrincipal, work: () => T): T => acting.run(actor, work);
export const currentActor = (): ActingPrincipal | undefined => acting.getStore();

export interface UpstreamAddress {
  host: string;
  port: number;
}

const PASSED_ON = new Set<string>(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'BUSY']);

/**
 * Turns what an app's RPC failed with into a GraphQL error with a stable code, from the RpcError's
 * code alone (never its text): a refusal (BAD_USER_INPUT, NOT_FOUND, CONFLICT, BUSY) passes on with
 * its message and field; not answering (refused, closed, timed out) is UPSTREAM_UNAVAILABLE; the
 * gateway's own identity refused (UNAUTHENTICATED/FORBIDDEN between services) and anything else are
 * INTERNAL, with no upstream text or address for the client (the log has them).
 */
export function upstreamError(app: string, error: unknown, timeoutMs: number): GraphQLError {
  if (error instanceof TimeoutError) {
    return gatewayError('UPSTREAM_UNAVAILABLE', `${app} did not answer within ${timeoutMs} ms`);
  }
  if (isRpcError(error)) {
    if (error.code === 'BUSY') return gatewayError('CONFLICT', error.message);
    if (PASSED_ON.has(error.code)) {
      return new GraphQLError(error.message, {
        extensions: { code: error.code, ...(error.field ? { field: error.field } : {}) },
      });
    }
    return gatewayError('INTERNAL', `${app} failed`);
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    // a socket error: ECONNREFUSED, ECONNRESET, EHOSTUNREACH...
    return gatewayError('UPSTREAM_UNAVAILABLE', `${app} is unreachable`);
  }
  if (error instanceof Error && /Connection closed/.test(error.message)) {
    return gatewayError('UPSTREAM_UNAVAILABLE', `${app} closed the connection`);
  }
  return gatewayError('INTERNAL', `${app} failed`);
}

/**
 * One TCP ClientProxy per app (@nestjs/microservices); each call has a deadline, and an app that is
 * down fails the fields that need it with UPSTREAM_UNAVAILABLE, never the whole request. A closed
 * connection is opened again by the next call.
 */
export class UpstreamClients implements OnApplicationShutdown {
  private readonly logger = new Logger('Upstreams');
  private readonly clients = new Map<RpcApp, ServiceRpcClient>();
  private readonly tls = rpcTlsFromEnv();

  constructor(
    private readonly addresses: Record<RpcApp, UpstreamAddress>,
    private readonly timeoutMs: number,
    private readonly keyring: ServiceKeyring,
  ) {}

  private client(app: RpcApp): ServiceRpcClient {
    let client = this.clients.get(app);
    if (!client) {
      client = new ServiceRpcClient({
        ...this.addresses[app],
        keyring: this.keyring,
        audience: app,
        tls: this.tls,
      });
      this.clients.set(app, client);
    }
    return client;
  }

  async send<R, Q = unknown>(
    app: RpcApp,
    pattern: { cmd: string },
    request: Q,
    timeoutMs = this.timeoutMs,
  ): Promise<R> {
    try {
      return await firstValueFrom(
        this.client(app).sendAs<R, Q>(pattern, request, currentActor()).pipe(timeout(timeoutMs)),
      );
    } catch (error) {
      const mapped = upstreamError(app, error, timeoutMs);
      const cause = error instanceof Error ? error.message : (JSON.stringify(error) ?? String(error));
      if (mapped.extensions['code'] === 'INTERNAL') {
        this.logger.error(`${app} ${pattern.cmd} failed: ${cause}`);
      } else if (mapped.extensions['code'] === 'UPSTREAM_UNAVAILABLE') {
        this.logger.warn(`${app} ${pattern.cmd}: ${mapped.message} (${cause})`);
      }
      throw mapped;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }
}
