import type { JmhRunnerRpcErrorCode } from '@keel/api-contracts';
import { ComparisonNotPossible } from '../comparison/comparison.service';
import { UnknownBuild } from '../digest/digest.service';
import { JmhRunnerBadRequest } from './requests';

/** How a refused request is answered: HTTP status and RPC code; undefined for a real failure. */
export function refusalOf(
  error: unknown,
): { status: number; code: JmhRunnerRpcErrorCode; message: string } | undefined {
  if (error instanceof JmhRunnerBadRequest)
    return { status: 400, code: 'BAD_USER_INPUT', message: error.message };
  if (error instanceof UnknownBuild) return { status: 404, code: 'NOT_FOUND', message: error.message };
  if (error instanceof ComparisonNotPossible)
    return { status: 409, code: 'CONFLICT', message: error.message };
  return undefined;
}
