import type { RpcAuthorisation, RpcError } from '@keel/api-contracts';
import { Logger } from '@nestjs/common';
import { ClientTCP, ServerTCP, type TcpClientOptions } from '@nestjs/microservices';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions, TlsOptions } from 'node:tls';
import { defer, mergeMap, Observable } from 'rxjs';
import type { ServiceKeyring } from './keyring';
import { runAsCaller } from './principal';
import {
  InvalidServiceToken,
  verifyServiceToken,
  type ActingPrincipal,
  type CallerIdentity,
} from './service-token';

/** The packet field that carries the caller's service token beside `pattern`, `data` and `id`. */
export const IDENTITY_FIELD = 'identity';

/** A request larger than this closes the connection (Nest's default would buffer 512 MB). */
export const DEFAULT_RPC_MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** Replies can be larger (a page of hosts with their installations). */
export const DEFAULT_RPC_MAX_REPLY_BYTES = 64 * 1024 * 1024;

export interface RpcTlsFiles {
  certFile: string;
  keyFile: string;
  caFile: string;
}

/** `KEEL_RPC_TLS_CERT_FILE`, `_KEY_FILE`, `_CA_FILE`: all three turn mutual TLS on, none leaves it off. */
export function rpcTlsFromEnv(env: NodeJS.ProcessEnv = process.env): RpcTlsFiles | undefined {
  const certFile = env['KEEL_RPC_TLS_CERT_FILE'];
  const keyFile = env['KEEL_RPC_TLS_KEY_FILE'];
  const caFile = env['KEEL_RPC_TLS_CA_FILE'];
  if (!certFile && !keyFile && !caFile) return undefined;
  if (!certFile || !keyFile || !caFile) {
    throw new Error('KEEL_RPC_TLS_CERT_FILE, KEEL_RPC_TLS_KEY_FILE and KEEL_RPC_TLS_CA_FILE go together');
  }
  return { certFile, keyFile, caFile };
}

const tlsMaterial = (files: RpcTlsFiles) => ({
  cert: readFileSync(files.certFile),
  key: readFileSync(files.keyFile),
  ca: readFileSync(files.caFile),
});

interface IdentifiedPacket {
  pattern: unknown;
  data: unknown;
  id?: string;
  [IDENTITY_FIELD]?: unknown;
}

/** `{ cmd: 'x' }` (or its JSON text, as Nest sends it) → `x`: what the authorisation tables list. */
export function commandOf(pattern: unknown): string {
  let value = pattern;
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return value as string;
    }
  }
  if (typeof value === 'object' && value !== null && typeof (value as { cmd?: unknown }).cmd === 'string') {
    return (value as { cmd: string }).cmd;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export interface IdentifiedServerOptions {
  host: string;
  port: number;
  keyring: ServiceKeyring;
  authorisation: RpcAuthorisation;
  tls?: RpcTlsFiles;
  maxRequestBytes?: number;
}

/**
 * The apps' RPC server: Nest's TCP transport, where every message must carry a service token for
 * this app, from a caller that this app's authorisation table lists for the pattern. Anything else
 * is answered with an RpcError (UNAUTHENTICATED / FORBIDDEN) before any handler runs; an unlisted
 * pattern is refused to everyone. The handler then runs as the caller (`currentCaller()`).
 */
export class IdentifiedTcpServer extends ServerTCP {
  private readonly refusals = new Logger('RpcIdentity');

  constructor(private readonly identity: IdentifiedServerOptions) {
    super({
      host: identity.host,
      port: identity.port,
      maxBufferSize: identity.maxRequestBytes ?? DEFAULT_RPC_MAX_REQUEST_BYTES,
      incompleteMessageTimeout: 10_000,
      ...(identity.tls
        ? {
            tlsOptions: {
              ...tlsMaterial(identity.tls),
              requestCert: true,
              rejectUnauthorized: true,
            } satisfies TlsOptions,
          }
        : {}),
    });
  }

  override async handleMessage(
    socket: Parameters<ServerTCP['handleMessage']>[0],
    raw: unknown,
  ): Promise<unknown> {
    const packet = (typeof raw === 'object' && raw !== null ? raw : {}) as IdentifiedPacket;
    const cmd = commandOf(packet.pattern);
    const decision = this.decide(cmd, packet[IDENTITY_FIELD]);
    if ('refusal' in decision) {
      this.refusals.warn(`refused ${cmd}: ${decision.refusal.message}`);
      if (packet.id === undefined) return undefined; // an event: nobody to answer
      return socket.sendMessage(
        this.serializer.serialize({ id: packet.id, err: decision.refusal, isDisposed: true }),
      );
    }
    const { [IDENTITY_FIELD]: _token, ...rest } = packet;
    return runAsCaller(decision.caller, () => super.handleMessage(socket, rest));
  }

  private decide(cmd: string, token: unknown): { caller: CallerIdentity } | { refusal: RpcError } {
    let caller: CallerIdentity;
    try {
      caller = verifyServiceToken(token, this.identity.keyring.service, this.identity.keyring.trust);
    } catch (error) {
      const reason = error instanceof InvalidServiceToken ? error.reason : 'unverifiable';
      return { refusal: { code: 'UNAUTHENTICATED', message: `service identity required: ${reason}` } };
    }
    const allowed = Object.prototype.hasOwnProperty.call(this.identity.authorisation, cmd)
      ? this.identity.authorisation[cmd]
      : undefined;
    if (!allowed) {
      return {
        refusal: {
          code: 'FORBIDDEN',
          message: `${cmd} is not in ${this.identity.keyring.service}'s authorisation table (see AUTHORISATION in @keel/api-contracts)`,
        },
      };
    }
    if (!allowed.includes(caller.service as (typeof allowed)[number])) {
      return { refusal: { code: 'FORBIDDEN', message: `${caller.service} may not call ${cmd}` } };
    }
    return { caller };
  }
}

export interface ServiceClientOptions {
  host: string;
  port: number;
  keyring: ServiceKeyring;
  /** The app at the other end: the audience of the tokens. */
  audience: string;
  tls?: RpcTlsFiles;
  maxReplyBytes?: number;
}

/**
 * A TCP ClientProxy that signs every message with this service's identity for `audience`, acting
 * for `actor` when one is given (the gateway passes its caller), with mutual TLS when configured.
 */
export class ServiceRpcClient extends ClientTCP {
  constructor(private readonly identity: ServiceClientOptions) {
    super({
      host: identity.host,
      port: identity.port,
      maxBufferSize: identity.maxReplyBytes ?? DEFAULT_RPC_MAX_REPLY_BYTES,
      ...(identity.tls
        ? {
            tlsOptions: {
              ...tlsMaterial(identity.tls),
              servername: identity.host,
            } satisfies ConnectionOptions,
          }
        : {}),
    } satisfies TcpClientOptions['options']);
  }

  override send<R = unknown, Q = unknown>(pattern: unknown, data: Q): Observable<R> {
    return this.sendAs<R, Q>(pattern, data, undefined);
  }

  sendAs<R = unknown, Q = unknown>(
    pattern: unknown,
    data: Q,
    actor: ActingPrincipal | undefined,
  ): Observable<R> {
    // signed now, in the caller's context, not when the connection happens to be ready
    const token = this.identity.keyring.tokenFor(this.identity.audience, actor);
    return defer(async () => this.connect()).pipe(
      mergeMap(
        () =>
          new Observable<R>((observer) => {
            const callback = this.createObserver(observer);
            return this.publish({ pattern, data, [IDENTITY_FIELD]: token } as never, callback);
          }),
      ),
    );
  }
}
