import type { JmhRunnerRpcErrorCode } from '@keel/api-contracts';
import { ComparisonNotPossible } from '../comparison/comparison.service';
import { UnknownBuild } from '../digest/digest.service';
import { JmhRunnerBadRequest } from './requests';

/** How a refused request is answered: HTTP status and RPC code. */
export interface Refusal {
  readonly status: number;
  readonly code: JmhRunnerRpcErrorCode;
  readonly message: string;
}

/** The refusal an error stands for; undefined for a real failure. */
export function refusalOf(error: unknown): Refusal | undefined {
  if (error instanceof JmhRunnerBadRequest)
    return { status: 400, code: 'BAD_USER_INPUT', message: error.message };
  if (error instanceof UnknownBuild) return { status: 404, code: 'NOT_FOUND', message: error.message };
  if (error instanceof ComparisonNotPossible)
    return { status: 409, code: 'CONFLICT', message: error.message };
  return undefined;
}

/**
 * Runs a request's work; a refused request is thrown as the transport says (`asError`: an HTTP or an
 * RPC exception), any other error as it is.
 */
export async function answer<T>(work: () => Promise<T>, asError: (refusal: Refusal) => Error): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const refusal = refusalOf(error);
    throw refusal === undefined ? error : asError(refusal);
  }
}
