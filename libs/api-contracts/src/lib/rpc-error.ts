/**
 * The one error payload every Keel RPC answers a refused or failed request with (the RpcException's
 * error, and the body of a refused admin HTTP call). `code` is stable; `message` is for people and
 * names the input; `field` is the request field a BAD_USER_INPUT is about (`filter.vendor`).
 * An INTERNAL error never carries the cause (no stack, no address): that stays in the app's log.
 */
export const RPC_ERROR_CODES = [
  /** No service identity, or one that is expired, malformed, unknown or signed with a wrong key. */
  'UNAUTHENTICATED',
  /** A valid identity that this operation's authorisation table does not list. */
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  /** Too many requests of this kind at once (e.g. a second verify while one runs). */
  'BUSY',
  'INTERNAL',
] as const;
export type RpcErrorCode = (typeof RPC_ERROR_CODES)[number];

export interface RpcError {
  code: RpcErrorCode;
  message: string;
  field?: string;
}

export const isRpcError = (value: unknown): value is RpcError =>
  typeof value === 'object' &&
  value !== null &&
  RPC_ERROR_CODES.includes((value as RpcError).code) &&
  typeof (value as RpcError).message === 'string';
