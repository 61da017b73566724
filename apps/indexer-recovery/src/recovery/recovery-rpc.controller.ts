import type { Client } from '@elastic/elasticsearch';
import {
  INDEXING_PATTERNS,
  type AliasChangeReply,
  type AliasSwapRequest,
  INDEXING_REQUESTS,
  type RecoveryRunEntry,
  type RecoveryRunsReply,
  type RpcError,
  type RecoveryStartReply,
  type RecoveryStartRequest,
  type VerifyRangeReply,
  type VerifyRangeRequest,
} from '@keel/api-contracts';
import { ShopCatalog } from '@keel/catalog';
import { InjectDataSource } from '@keel/datasource';
import { InjectElasticsearch, NothingToRollBackTo, indicesOfFamily, type AliasPair } from '@keel/es-alias';
import { InvalidVerifyRange, NothingToVerify, verifyCatalogue, verifySummary } from '@keel/etl-core';
import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import type { DataSource } from 'typeorm';
import { RecoveryInFlight, RecoveryStarter } from '../recovery/recovery-starter.service';
import {
  RecoveryAlreadyRunning,
  RecoveryRunFailed,
  RecoveryService,
  RecoveryVerificationFailed,
  UnknownCatchUpPoint,
} from '../recovery/recovery.service';
import type { RecoveryRun } from '../recovery/recovery-run';

export const RECOVERY_ALIASES = 'keel:recovery:aliases';

const refuse = (code: RpcError['code'], message: string) =>
  new RpcException({ code, message } satisfies RpcError);

/** A run as the RPC contract carries it (instants as ISO strings). */
export const runEntryOf = (run: RecoveryRun): RecoveryRunEntry => ({
  id: run.id,
  alias: run.alias,
  index: run.index,
  status: run.status,
  phase: run.phase,
  minId: run.minId,
  maxId: run.maxId,
  rangesDone: run.rangesDone,
  rangesTotal: run.rangesTotal,
  docsWritten: run.docsWritten,
  docsDeleted: run.docsDeleted,
  docsStale: run.docsStale,
  startedAt: run.startedAt.toISOString(),
  updatedAt: run.updatedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  previousIndex: run.previousIndex,
  error: run.error,
});

/** Largest id range one verify request may cover: it reads every row and document of the range. */
const MAX_VERIFY_SPAN = 1_000_000;

/**
 * What the gateway asks indexer-recovery over RPC (`INDEXING_PATTERNS` in @keel/api-contracts):
 * start or resume a rebuild, swap or roll back the aliases, verify an id range, and read the runs
 * (`recovery_runs`, which this app owns: the gateway asks here rather than reading the table). This app
 * holds the advisory lock of a rebuild, so these operations go through it rather than around it.
 */
@Controller()
export class RecoveryRpcController {
  private readonly logger = new Logger(RecoveryRpcController.name);
  private verifying = false;

  constructor(
    private readonly recovery: RecoveryService,
    private readonly starter: RecoveryStarter,
    @InjectElasticsearch() private readonly client: Client,
    @InjectDataSource('shop') private readonly shop: DataSource,
    @Inject(RECOVERY_ALIASES) private readonly aliases: AliasPair,
  ) {}

  @MessagePattern(INDEXING_PATTERNS.recoveryStart)
  async start(@Payload() request: RecoveryStartRequest = {}): Promise<RecoveryStartReply> {
    for (const field of ['resume', 'retry'] as const) {
      if (request[field] !== undefined && typeof request[field] !== 'boolean') {
        throw refuse('BAD_USER_INPUT', `"${field}" must be a boolean, got ${JSON.stringify(request[field])}`);
      }
    }
    const started = await this.guarded(() => this.starter.start(request));
    return { accepted: true, alias: this.aliases.readAlias, ...started };
  }

  @MessagePattern(INDEXING_PATTERNS.recoveryRuns)
  async runsPage(@Payload() payload: unknown): Promise<RecoveryRunsReply> {
    const request = INDEXING_REQUESTS.recoveryRuns.parse(payload);
    const page = await this.recovery.runs.page(request.alias, request.first, request.beforeId ?? undefined);
    return { runs: page.runs.map(runEntryOf), hasNextPage: page.hasNextPage };
  }

  @MessagePattern(INDEXING_PATTERNS.recoveryRun)
  async runById(@Payload() payload: unknown): Promise<RecoveryRunEntry | null> {
    const run = await this.recovery.runs.get(INDEXING_REQUESTS.recoveryRun.parse(payload).id);
    return run ? runEntryOf(run) : null;
  }

  @MessagePattern(INDEXING_PATTERNS.aliasSwap)
  async swap(@Payload() request: AliasSwapRequest): Promise<AliasChangeReply> {
    const index = request?.index;
    if (typeof index !== 'string' || index.length === 0) {
      throw refuse('BAD_USER_INPUT', '"index" must be the name of an index of the alias family');
    }
    const family = await indicesOfFamily(this.client, this.aliases.readAlias);
    if (!family.includes(index)) {
      throw refuse(
        'NOT_FOUND',
        `"index": ${index} is not an index of ${this.aliases.readAlias} (${family.join(', ') || 'none'})`,
      );
    }
    // under the recovery lock, caught up and verified like a rebuild's own swap
    const move = await this.guarded(() => this.recovery.swapTo(index));
    this.logger.log(
      `aliases swapped onto ${index} over RPC (previous: ${move.previous.join(', ') || 'none'})`,
    );
    return { ...this.aliases, index, previous: move.previous };
  }

  @MessagePattern(INDEXING_PATTERNS.aliasRollback)
  async rollback(): Promise<AliasChangeReply> {
    const move = await this.guarded(() => this.recovery.rollback());
    this.logger.log(`aliases rolled back onto ${move.index} over RPC`);
    return { ...this.aliases, index: move.index, previous: move.previous };
  }

  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof NothingToRollBackTo || error instanceof UnknownCatchUpPoint)
        throw refuse('NOT_FOUND', error.message);
      if (error instanceof InvalidVerifyRange) throw refuse('BAD_USER_INPUT', error.message);
      if (error instanceof NothingToVerify) throw refuse('NOT_FOUND', error.message);
      if (error instanceof RecoveryAlreadyRunning || error instanceof RecoveryInFlight)
        throw refuse('CONFLICT', error.message);
      if (error instanceof RecoveryRunFailed) throw refuse('CONFLICT', error.message);
      if (error instanceof RecoveryVerificationFailed) throw refuse('CONFLICT', error.message);
      throw error;
    }
  }

  @MessagePattern(INDEXING_PATTERNS.verifyRange)
  async verify(@Payload() payload: unknown): Promise<VerifyRangeReply> {
    const parsed = INDEXING_REQUESTS.verifyRange.parse(payload ?? {});
    const request: VerifyRangeRequest = { from: parsed.from ?? undefined, to: parsed.to ?? undefined };
    // one at a time: each reads up to MAX_VERIFY_SPAN rows and documents
    if (this.verifying)
      throw refuse('BUSY', 'a verify is already running in this process; try again when it ends');
    this.verifying = true;
    try {
      return await this.guarded(() => this.verifyNow(request));
    } finally {
      this.verifying = false;
    }
  }

  private async verifyNow(request: VerifyRangeRequest): Promise<VerifyRangeReply> {
    const index = this.aliases.readAlias;
    const report = await verifyCatalogue(new ShopCatalog(this.shop), this.client, {
      index,
      from: request.from,
      to: request.to,
      maxSpan: MAX_VERIFY_SPAN,
    });
    const { range, checked, missing, extra, stale, examples, clean } = verifySummary(report);
    return { alias: index, from: range.from, to: range.to, checked, missing, extra, stale, examples, clean };
  }
}
