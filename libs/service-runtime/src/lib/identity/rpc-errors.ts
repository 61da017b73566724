import { isRpcError, type RpcError } from '@keel/api-contracts';
import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { RpcException } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { throwError, type Observable } from 'rxjs';
import { ZodError } from 'zod';
import { describeCaller, currentCaller } from './principal';

/** Throw this from a handler: it reaches the caller as it is (`{ code, message, field? }`). */
export class RpcRefusal extends RpcException {
  constructor(readonly refusal: RpcError) {
    super(refusal);
  }
}

export const refuse = (code: RpcError['code'], message: string, field?: string): RpcRefusal =>
  new RpcRefusal({ code, message, ...(field ? { field } : {}) });

/** The first issue of a zod error as a BAD_USER_INPUT naming its field. */
export function zodRefusal(error: ZodError): RpcError {
  const [first] = error.issues;
  const field = first?.path.join('.') ?? '';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return {
    code: 'BAD_USER_INPUT',
    message: field ? `"${field}": ${first.message}${more}` : `${first?.message ?? 'invalid request'}${more}`,
    ...(field ? { field } : {}),
  };
}

/**
 * What any thrown value becomes on the wire: an RpcError. A deliberate refusal passes (the older
 * shapes `{ code, message }` and jdk-inventory's `{ error, issues }` are mapped); a zod error is
 * BAD_USER_INPUT naming the field; anything else is INTERNAL with an incident id only (the cause,
 * which may hold an address or a stack, goes to this app's log under that id).
 */
export function toRpcError(error: unknown, log: (incident: string, error: unknown) => void): RpcError {
  if (error instanceof ZodError) return zodRefusal(error);
  const payload = error instanceof RpcException ? error.getError() : undefined;
  if (isRpcError(payload)) {
    return {
      code: payload.code,
      message: payload.message,
      ...(typeof payload.field === 'string' ? { field: payload.field } : {}),
    };
  }
  if (
    typeof payload === 'object' &&
    payload !== null &&
    typeof (payload as { error?: unknown }).error === 'string'
  ) {
    const { error: text, issues } = payload as {
      error: string;
      issues?: { field?: string; message?: string }[];
    };
    const first = Array.isArray(issues) ? issues[0] : undefined;
    return {
      code: 'BAD_USER_INPUT',
      message: first ? `${text}: "${first.field}": ${first.message}` : text,
      ...(first?.field ? { field: String(first.field) } : {}),
    };
  }
  const incident = randomUUID();
  log(incident, error);
  return { code: 'INTERNAL', message: `internal error (incident ${incident})` };
}

/**
 * The one exception filter of an app with an RPC side (installed globally by bootstrapService, so
 * it is in place before the RPC handlers are created): on RPC, every thrown value becomes an
 * RpcError; on HTTP it leaves the answer to Nest's own handling.
 */
@Catch()
export class RpcErrorFilter extends BaseExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('Rpc');

  override catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    if (host.getType() !== 'rpc') {
      super.catch(exception, host);
      return undefined as never;
    }
    const pattern =
      host.getType() === 'rpc' ? host.switchToRpc().getContext<{ getPattern?: () => string }>() : undefined;
    const error = toRpcError(exception, (incident, cause) =>
      this.logger.error(
        `incident ${incident} in ${pattern?.getPattern?.() ?? 'rpc'} called by ${describeCaller(currentCaller())}: ${
          cause instanceof Error ? (cause.stack ?? cause.message) : JSON.stringify(cause)
        }`,
      ),
    );
    return throwError(() => error);
  }
}
