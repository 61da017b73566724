/**
 * The indexing apps' RPC contract (@nestjs/microservices TCP): what the gateway asks indexer-recovery,
 * indexer-batch, indexer-stream and the supervisor, and what they answer. Each app owns its tables in the
 * platform DB (indexer-batch `batch_history`, indexer-recovery `recovery_runs`, the supervisor
 * `supervisor_restarts`): the gateway asks the owner for their rows here and never reads them itself.
 * What Elasticsearch, Kafka or ZooKeeper answer (aliases, lag, live jobs) the gateway reads directly.
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
  /** (no request) → IndexFreshnessReply: the freshness probe's last hour, as this instance saw it. */
  indexFreshness: { cmd: 'indexer-batch.index-freshness' },
  /** StreamStatusRequest → StreamStatusReply: this stream instance's topic, group and running totals. */
  streamStatus: { cmd: 'indexer-stream.status' },
  /** SupervisorStatusRequest → SupervisorStatusReply: expected jobs, live counts, leadership. */
  supervisorStatus: { cmd: 'supervisor.status' },
  /** BatchWindowsRequest → BatchWindowsReply: a write alias's windows (`batch_history`), newest first. */
  batchWindows: { cmd: 'indexer-batch.windows' },
  /** RecoveryRunsRequest → RecoveryRunsReply: an alias's rebuilds (`recovery_runs`), newest first. */
  recoveryRuns: { cmd: 'indexer-recovery.runs' },
  /** RecoveryRunRequest → RecoveryRunEntry | null: one rebuild by id. */
  recoveryRun: { cmd: 'indexer-recovery.run' },
  /** SupervisorRestartsRequest → SupervisorRestartsReply: the newest restarts of each job asked. */
  supervisorRestarts: { cmd: 'supervisor.restarts' },
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

/** A newest-first keyset page of an app's history table: `beforeId` is the last id of the previous page. */
export interface HistoryPageRequest {
  /** 1..100 */
  first: number;
  beforeId?: number | null;
}

export interface RecoveryRunsRequest extends HistoryPageRequest {
  alias: string;
}
export interface RecoveryRunRequest {
  id: number;
}
/** One row of `recovery_runs` (instants as ISO strings); progress and rate are the caller's to derive. */
export interface RecoveryRunEntry {
  id: number;
  alias: string;
  index: string;
  status: 'running' | 'failed' | 'succeeded' | 'abandoned';
  phase: 'ranges' | 'catch-up' | 'verify' | 'swap' | 'done';
  minId: number;
  maxId: number;
  rangesDone: number;
  rangesTotal: number;
  docsWritten: number;
  docsDeleted: number;
  docsStale: number;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  previousIndex: string | null;
  error: string | null;
}
export interface RecoveryRunsReply {
  runs: RecoveryRunEntry[];
  hasNextPage: boolean;
}

// ---------------------------------------------------------------------------------------------------
// indexer-batch

export interface BatchWindowsRequest extends HistoryPageRequest {
  writeAlias: string;
}
/** One row of `batch_history` (instants as ISO strings). */
export interface BatchWindowEntry {
  id: number;
  writeAlias: string;
  kind: 'hop' | 'manual';
  windowStart: string;
  windowEnd: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'succeeded' | 'failed';
  idsSeen: number;
  written: number;
  stale: number;
  deleted: number;
  failed: number;
  error: string | null;
  instance: string;
}
export interface BatchWindowsReply {
  windows: BatchWindowEntry[];
  hasNextPage: boolean;
}

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

/** The newest `perJob` restarts of each job (one statement for all of them: the gateway's DataLoader). */
export interface SupervisorRestartsRequest {
  /** 1..100 job names */
  jobs: string[];
  /** 1..100 */
  perJob: number;
}
/** One row of `supervisor_restarts` (the instant as an ISO string). */
export interface SupervisorRestartEntry {
  id: string;
  job: string;
  reason: string;
  command: string[];
  startedAt: string;
  exitCode: number | null;
  pid: number | null;
}
export interface SupervisorRestartsReply {
  /** Every job asked, newest restart first; [] for a job never restarted. */
  restartsByJob: Record<string, SupervisorRestartEntry[]>;
}

export type SupervisorStatusRequest = Record<string, never>;
export interface SupervisorStatusReply {
  instance: string;
  election: string;
  isLeader: boolean;
  jobs: { name: string; minInstances: number; live: number | null }[];
}

/** The freshness probe's last hour on the instance that answered (only the elected one probes). */
export interface IndexFreshnessReply {
  /** This instance leads the probe's election and probes now. */
  probing: boolean;
  windowSeconds: number;
  /** Canaries searchable within the window. */
  count: number;
  p50Seconds: number | null;
  p99Seconds: number | null;
  last: { committedAt: string; seconds: number } | null;
}

// ---------------------------------------------------------------------------------------------------
// request schemas (zod): what each app parses its payload with; a failure is BAD_USER_INPUT naming the field

const isoInstant = z.string().datetime({ offset: true, message: 'must be an ISO-8601 instant' });
const productId = z.number().int('must be an integer product id').positive('must be a positive product id');
const empty = z.object({}).strict().or(z.undefined()).or(z.null());
const pageFirst = z
  .number()
  .int('must be an integer')
  .min(1, 'must be at least 1')
  .max(100, 'must be at most 100');
const rowId = z.number().int('must be an integer row id').positive('must be a positive row id');
const historyPage = { first: pageFirst, beforeId: rowId.nullish() };
const name = (what: string) => z.string().min(1, `must be ${what}`).max(255, `must be ${what}`);

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
  indexFreshness: empty,
  batchWindows: z.object({ writeAlias: name('a write alias'), ...historyPage }).strict(),
  recoveryRuns: z.object({ alias: name('an alias'), ...historyPage }).strict(),
  recoveryRun: z.object({ id: rowId }).strict(),
  supervisorRestarts: z
    .object({
      jobs: z.array(name('a job name')).min(1, 'must name a job').max(100, 'must name at most 100 jobs'),
      perJob: pageFirst,
    })
    .strict(),
} satisfies Record<IndexingPattern, z.ZodTypeAny>;
