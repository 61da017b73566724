import type { RpcApp } from '@keel/api-contracts';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import type { GraphQLError } from 'graphql';
import { gatewayError, type ErrorCode } from '../graphql/errors';

export interface UpstreamAddress {
  host: string;
  port: number;
}

const PASSED_ON = new Set<ErrorCode>(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN']);

/**
 * Turns what an app's RPC failed with into a GraphQL error with a stable code: its own refusal
 * (`{ code, message }`, jdk-inventory's `{ error, issues }`, a "BadRequest" message) passes on;
 * not answering (refused, closed, timed out) is UPSTREAM_UNAVAILABLE; anything else is INTERNAL.
 */
export function upstreamError(app: string, error: unknown, timeoutMs: number): GraphQLError {
  if (error instanceof TimeoutError) {
    return gatewayError('UPSTREAM_UNAVAILABLE', `${app} did not answer within ${timeoutMs} ms`);
  }
  const payload = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const code = typeof payload['code'] === 'string' ? payload['code'] : undefined;
  const message = typeof payload['message'] === 'string' ? payload['message'] : undefined;
  if (code && PASSED_ON.has(code as ErrorCode)) return gatewayError(code as ErrorCode, message ?? code);
  if (code && /^E[A-Z]+$/.test(code)) {
    // a socket error: ECONNREFUSED, ECONNRESET, EHOSTUNREACH...
    return gatewayError('UPSTREAM_UNAVAILABLE', `${app} is unreachable (${code})`);
  }
  if (error instanceof Error && /Connection closed/.test(error.message)) {
    return gatewayError('UPSTREAM_UNAVAILABLE', `${app} closed the connection`);
  }
  if (typeof payload['error'] === 'string') {
    const issues = Array.isArray(payload['issues'])
      ? (payload['issues'] as { field?: string; message?: string }[])
          .map((i) => `"${i.field}": ${i.message}`)
          .join('; ')
      : '';
    return gatewayError(
      'BAD_USER_INPUT',
      issues ? `${payload['error']}: ${issues}` : String(payload['error']),
    );
  }
  if (message && /bad ?request|invalid|must be/i.test(message))
    return gatewayError('BAD_USER_INPUT', message);
  if (message && /not found|no such/i.test(message)) return gatewayError('NOT_FOUND', message);
  return gatewayError('INTERNAL', `${app} failed: ${message ?? 'unknown error'}`);
}

/**
 * One TCP ClientProxy per app (@nestjs/microservices); each call has a deadline, and an app that is
 * down fails the fields that need it with UPSTREAM_UNAVAILABLE, never the whole request. A closed
 * connection is opened again by the next call.
 */
export class UpstreamClients implements OnApplicationShutdown {
  private readonly logger = new Logger('Upstreams');
  private readonly clients = new Map<RpcApp, ClientProxy>();

  constructor(
    private readonly addresses: Record<RpcApp, UpstreamAddress>,
    private readonly timeoutMs: number,
  ) {}

  private client(app: RpcApp): ClientProxy {
    let client = this.clients.get(app);
    if (!client) {
      client = ClientProxyFactory.create({ transport: Transport.TCP, options: this.addresses[app] });
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
      return await firstValueFrom(this.client(app).send<R, Q>(pattern, request).pipe(timeout(timeoutMs)));
    } catch (error) {
      const mapped = upstreamError(app, error, timeoutMs);
      if (mapped.extensions['code'] === 'INTERNAL') {
        this.logger.error(`${app} ${pattern.cmd} failed: ${JSON.stringify(error) ?? String(error)}`);
      } else if (mapped.extensions['code'] === 'UPSTREAM_UNAVAILABLE') {
        this.logger.warn(`${app} ${pattern.cmd}: ${mapped.message}`);
      }
      throw mapped;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }
}
