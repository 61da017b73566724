/**
 * The indexing apps' RPC contract (@nestjs/microservices TCP): what the gateway asks indexer-recovery,
 * indexer-batch, indexer-stream and the supervisor, and what they answer. Reads that the platform DB,
 * Elasticsearch, Kafka or ZooKeeper answer directly (batch history, recovery runs, aliases, lag, live
 * jobs) are not here: the gateway reads those itself.
 *
 * Conventions: instants are ISO-8601 strings; a refused request fails the RPC with an
 * `IndexingRpcError` payload (`{ code, message }`, the message names the field).
 */

import { z } from 'zod';

export const INDEXING_PATTERNS = {
  /** RecoveryStartRequest → RecoveryStartReply: starts (or resumes) a rebuild in the background. */
  recoveryStart: { cmd: 'indexer-recovery.start' },
  /** AliasSwapRequest → AliasChangeReply: both aliases onto an index of the family, in one call. */
  aliasSwap: { cmd: 'indexer-recovery.alias.swap' },
  /** AliasRollbackRequest → AliasChangeReply: both aliases back onto the previous index. */
  aliasRollback: { cmd: 'indexer-recovery.alias.rollback' },
  /** VerifyRangeRequest → VerifyRangeReply: DB against the read alias over an id range. */
  verifyRange: { cmd: 'indexer-recovery.verify' },
  /** BatchRunWindowRequest → BatchRunWindowReply: runs a window (or the chain up to now) in the background. */
  batchRunWindow: { cmd: 'indexer-batch.run-window' },
  /** StreamStatusRequest → StreamStatusReply: this stream instance's topic, group and running totals. */
  streamStatus: { cmd: 'indexer-stream.status' },
  /** SupervisorStatusRequest → SupervisorStatusReply: expected jobs, live counts, leadership. */
  supervisorStatus: { cmd: 'supervisor.status' },
} as const;

export type IndexingPattern = keyof typeof INDEXING_PATTERNS;

/** Stable codes of a refused indexing request; the gateway passes them on as `extensions.code`. */
export type IndexingRpcErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT';

/** The error payload (RpcException) of a refused request. */
export interface IndexingRpcError {
  code: IndexingRpcErrorCode;
  message: string;
}

// ---------------------------------------------------------------------------------------------------
// indexer-recovery

export interface RecoveryStartRequest {
  /** Resume the alias's unfinished run (default); false abandons it and starts over. */
  resume?: boolean;
  /** Resume a failed run too (a failed run is otherwise refused until retried or abandoned). */
  retry?: boolean;
}
export interface RecoveryStartReply {
  accepted: true;
  alias: string;
  /** The unfinished run that will be resumed, if any (read before the start). */
  resumingRunId: number | null;
}

export interface AliasSwapRequest {
  /** An index of the alias's family (`<alias>-<stamp>`). */
  index: string;
}
export type AliasRollbackRequest = Record<string, never>;
export interface AliasChangeReply {
  readAlias: string;
  writeAlias: string;
  /** The index both aliases are on now. */
  index: string;
  /** Where the read alias was before. */
  previous: string[];
}

export interface VerifyRangeRequest {
  /** Default: the lowest product id. */
  from?: number;
  /** Default: the highest product id. */
  to?: number;
}
export interface VerifyRangeReply {
  alias: string;
  from: number;
  to: number;
  checked: number;
  missing: number;
  extra: number;
  stale: number;
  /** Up to 10 ids of each kind. */
  examples: { missing: number[]; extra: number[]; stale: { id: number; reason: string }[] };
  clean: boolean;
}

// ---------------------------------------------------------------------------------------------------
// indexer-batch

export interface BatchRunWindowRequest {
  /** With `to`: this window (ISO instants, from < to). Without both: the chain from the last success. */
  from?: string;
  to?: string;
}
export interface BatchRunWindowReply {
  accepted: true;
  writeAlias: string;
  /** The window given, or null for the chain up to now. */
  window: { from: string; to: string } | null;
}

// ---------------------------------------------------------------------------------------------------
// indexer-stream

export type StreamStatusRequest = Record<string, never>;
export interface StreamStatusReply {
  instance: string;
  topic: string;
  deadLetterTopic: string;
  groupId: string;
  writeAlias: string;
  /** Running totals of this process since it started. */
  totals: {
    rounds: number;
    committed: number;
    events: number;
    invalid: number;
    ids: number;
    written: number;
    deleted: number;
    stale: number;
    failed: number;
    deadLetters: number;
    backoffs: number;
  };
}

// ---------------------------------------------------------------------------------------------------
// supervisor

export type SupervisorStatusRequest = Record<string, never>;
export interface SupervisorStatusReply {
  instance: string;
  election: string;
  isLeader: boolean;
  jobs: { name: string; minInstances: number; live: number | null }[];
}

// ---------------------------------------------------------------------------------------------------
// request schemas (zod): what each app parses its payload with; a failure is BAD_USER_INPUT naming the field

const isoInstant = z.string().datetime({ offset: true, message: 'must be an ISO-8601 instant' });
const productId = z.number().int('must be an integer product id').positive('must be a positive product id');
const empty = z.object({}).strict().or(z.undefined()).or(z.null());

export const INDEXING_REQUESTS = {
  recoveryStart: z
    .object({ resume: z.boolean({ invalid_type_error: 'must be a boolean' }).optional() })
    .strict()
    .default({}),
  aliasSwap: z
    .object({ index: z.string().min(1, 'must be the name of an index of the alias family') })
    .strict(),
  aliasRollback: empty,
  verifyRange: z.object({ from: productId.nullish(), to: productId.nullish() }).strict().default({}),
  batchRunWindow: z
    .object({ from: isoInstant.optional(), to: isoInstant.optional() })
    .strict()
    .default({})
    .refine((w) => (w.from === undefined) === (w.to === undefined), {
      message: 'give both "from" and "to", or neither',
      path: ['to'],
    }),
  streamStatus: empty,
  supervisorStatus: empty,
} satisfies Record<IndexingPattern, z.ZodTypeAny>;
