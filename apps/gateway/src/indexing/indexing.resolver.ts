import type { Client } from '@elastic/elasticsearch';
import {
  INDEXING_PATTERNS,
  type AliasChangeReply,
  type BatchRunWindowReply,
  type IndexFreshnessReply,
  type RecoveryStartReply,
  type StreamStatusReply,
  type SupervisorStatusReply,
  type VerifyRangeReply,
} from '@keel/api-contracts';
import { JobRegistry } from '@keel/coordination';
import { InjectElasticsearch, aliasState, indicesOfAlias } from '@keel/es-alias';
import { aliasPairOf, writeAliasOf } from '@keel/product-index';
import { KAFKA_ADMIN, partitionLag, type Admin } from '@keel/kafka-bus';
import { Inject } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import {
  Args,
  Context,
  GraphQLISODateTime,
  ID,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Roles } from '../auth/roles.guard';
import { sliceConnection, type ConnectionValue } from '../graphql/connection';
import { badInput, gatewayError, notFound } from '../graphql/errors';
import { MAX_RESTARTS_PER_JOB, type GatewayContext } from '../graphql/request-loaders';
import { UpstreamClients } from '../upstream/upstream-clients';
import {
  AliasChange,
  AliasState,
  BatchWindowConnection,
  BatchWindowStarted,
  IndexFreshness,
  Job,
  JobRestartConnection,
  RecoveryRun,
  RecoveryRunConnection,
  RecoveryStarted,
  StreamLag,
  StreamStatus,
  SupervisorStatus,
  VerifyReport,
} from './indexing.types';
import { IndexingHistory, decodeCursor, encodeCursor } from './indexing-history';
import { errorMessage } from '@keel/service-runtime';

export const INDEXING_OPTIONS = 'keel:gateway:indexing-options';
export interface IndexingOptions {
  productsAlias: string;
  streamTopic: string;
  streamGroupId: string;
  verifyTimeoutMs: number;
}

const MAX_PAGE = 100;

function pageSize(first: number | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw badInput(`"first" must be between 1 and ${MAX_PAGE}, got ${size}`);
  }
  return size;
}

/** A newest-first page keyed by row id (batch windows, recovery runs): each edge's cursor is its id. */
function keysetConnection<T extends { id: string }>(rows: T[], hasNextPage: boolean): ConnectionValue<T> {
  const edges = rows.map((node) => ({ node, cursor: encodeCursor(node.id) }));
  return { edges, pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage } };
}

/** Runs a read that needs a server (Elasticsearch, Kafka, ZooKeeper): down means UPSTREAM_UNAVAILABLE. */
async function fromServer<T>(server: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof GraphQLError) throw error;
    throw gatewayError('UPSTREAM_UNAVAILABLE', `${server}: ${errorMessage(error)}`);
  }
}

/**
 * The indexing half: aliases and indices (Elasticsearch), stream lag (Kafka offsets), live jobs
 * (ZooKeeper), and what the apps own (RPC): batch history, recovery runs and restarts (each asked of
 * the app that owns its table), rebuild, alias swap and rollback, a batch window now, verify a range.
 */
@Resolver()
export class IndexingResolver {
  constructor(
    private readonly history: IndexingHistory,
    private readonly upstreams: UpstreamClients,
    private readonly registry: JobRegistry,
    @InjectElasticsearch() private readonly client: Client,
    @Inject(KAFKA_ADMIN) private readonly kafkaAdmin: Admin,
    @Inject(INDEXING_OPTIONS) private readonly options: IndexingOptions,
  ) {}

  @Query(() => AliasState, {
    nullable: true,
    description: 'The alias family: read/write aliases, indices with doc counts',
  })
  async aliases(
    @Args('alias', { type: () => String, nullable: true, description: 'Default: PRODUCTS_ALIAS' })
    alias?: string,
  ): Promise<AliasState> {
    const readAlias = alias ?? this.options.productsAlias;
    const pair = aliasPairOf(readAlias);
    return fromServer('elasticsearch', async () => {
      const [indices, readIndices, writeIndices] = await Promise.all([
        aliasState(this.client, pair),
        indicesOfAlias(this.client, pair.readAlias),
        indicesOfAlias(this.client, pair.writeAlias),
      ]);
      return {
        ...pair,
        readIndices,
        writeIndices,
        indices: indices.map((i) => ({
          name: i.index,
          docs: i.docs,
          health: i.health,
          aliases: i.aliases,
          live: i.aliases.includes(readAlias),
        })),
      };
    });
  }

  // nullable, as every field an app answers: with indexer-batch down, only this part of a query fails
  @Query(() => BatchWindowConnection, {
    nullable: true,
    description: 'Batch windows of a write alias, newest first',
  })
  async batchHistory(
    @Args('writeAlias', {
      type: () => String,
      nullable: true,
      description: 'Default: <PRODUCTS_ALIAS>-write',
    })
    writeAlias?: string,
    @Args('first', { type: () => Int, nullable: true, description: 'Default 20, at most 100' })
    first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<BatchWindowConnection> {
    const size = pageSize(first);
    const before = after === undefined || after === null ? undefined : decodeCursor(after);
    if (after && before === undefined) throw badInput('"after" is not a cursor this API gave out');
    const page = await this.history.batchWindows(
      writeAlias ?? writeAliasOf(this.options.productsAlias),
      size,
      before,
    );
    return keysetConnection(page.windows, page.hasNextPage);
  }

  // nullable: with indexer-recovery down, only this part of a query fails
  @Query(() => RecoveryRunConnection, {
    nullable: true,
    description: 'Rebuilds of an alias, newest first, with progress',
  })
  async recoveryRuns(
    @Args('alias', { type: () => String, nullable: true }) alias?: string,
    @Args('first', { type: () => Int, nullable: true, description: 'Default 20, at most 100' })
    first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<RecoveryRunConnection> {
    const size = pageSize(first);
    const before = after === undefined || after === null ? undefined : decodeCursor(after);
    if (after && before === undefined) throw badInput('"after" is not a cursor this API gave out');
    const page = await this.history.recoveryRuns(alias ?? this.options.productsAlias, size, before);
    return keysetConnection(page.runs, page.hasNextPage);
  }

  @Query(() => RecoveryRun, { nullable: true })
  recoveryRun(@Args('id', { type: () => ID }) id: string): Promise<RecoveryRun | null> {
    if (!/^\d{1,15}$/.test(id)) throw badInput(`"id" must be a run id, got "${id}"`);
    return this.history.recoveryRun(Number(id));
  }

  @Query(() => StreamLag, {
    nullable: true,
    description: 'Lag of the stream consumer group per partition (Kafka offsets)',
  })
  streamLag(
    @Args('topic', { type: () => String, nullable: true }) topic?: string,
    @Args('groupId', { type: () => String, nullable: true }) groupId?: string,
  ): Promise<StreamLag> {
    const t = topic ?? this.options.streamTopic;
    const g = groupId ?? this.options.streamGroupId;
    return fromServer('kafka', async () => {
      const topics = await this.kafkaAdmin.listTopics();
      if (!topics.includes(t)) throw notFound(`"topic": no topic ${t}`);
      const [ends, committed] = await Promise.all([
        this.kafkaAdmin.fetchTopicOffsets(t),
        this.kafkaAdmin.fetchOffsets({ groupId: g, topics: [t] }),
      ]);
      const committedBy = new Map(
        (committed[0]?.partitions ?? []).map((p) => [p.partition, p.offset === '-1' ? null : p.offset]),
      );
      const partitions = ends
        .map((end) => {
          const next = committedBy.get(end.partition) ?? null;
          return {
            partition: end.partition,
            highWatermark: end.high,
            committedOffset: next,
            // a group that never committed has everything from the low watermark still to read
            lag: partitionLag(end.high, next ?? end.low),
          };
        })
        .sort((a, b) => a.partition - b.partition);
      return { topic: t, groupId: g, totalLag: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
    });
  }

  @Query(() => StreamStatus, { nullable: true, description: 'The running stream indexer (RPC)' })
  streamStatus(): Promise<StreamStatusReply> {
    return this.upstreams.send<StreamStatusReply>('indexer-stream', INDEXING_PATTERNS.streamStatus, {});
  }

  @Query(() => [Job], {
    nullable: true,
    description: 'Live jobs from the ZooKeeper registry (/keel/jobs)',
  })
  async jobs(@Args('names', { type: () => [String], nullable: true }) names?: string[]): Promise<Job[]> {
    return fromServer('zookeeper', async () => {
      const all = names ?? (await this.registry.jobs());
      return Promise.all(
        all.map(async (name) => ({
          name,
          instances: (await this.registry.instances(name)).map((i) => ({
            instance: i.instance,
            role: i.metadata?.role ?? null,
            host: i.metadata?.host ?? null,
            pid: i.metadata?.pid ?? null,
            health: i.metadata?.health ?? null,
            version: i.metadata?.version ?? null,
            startedAt: i.metadata?.startedAt ? new Date(i.metadata.startedAt) : null,
          })),
        })),
      );
    });
  }

  @Query(() => IndexFreshness, {
    nullable: true,
    description:
      'The freshness probe: p50/p99 of commit-to-searchable over the last hour, the last canary (RPC)',
  })
  async indexFreshness(): Promise<IndexFreshness> {
    const reply = await this.upstreams.send<IndexFreshnessReply>(
      'indexer-batch',
      INDEXING_PATTERNS.indexFreshness,
      {},
    );
    return {
      ...reply,
      last: reply.last
        ? { committedAt: new Date(reply.last.committedAt), seconds: reply.last.seconds }
        : null,
    };
  }

  @Query(() => SupervisorStatus, { nullable: true, description: 'The supervisor (RPC)' })
  supervisor(): Promise<SupervisorStatusReply> {
    return this.upstreams.send<SupervisorStatusReply>('supervisor', INDEXING_PATTERNS.supervisorStatus, {});
  }

  @Mutation(() => VerifyReport, {
    nullable: true,
    description:
      'Compare the DB against the read alias over an id range (operator; one at a time, up to 1M ids)',
  })
  @Roles('operator')
  verifyRange(
    @Args('from', { type: () => Int, nullable: true }) from?: number,
    @Args('to', { type: () => Int, nullable: true }) to?: number,
  ): Promise<VerifyRangeReply> {
    return this.upstreams.send<VerifyRangeReply>(
      'indexer-recovery',
      INDEXING_PATTERNS.verifyRange,
      { from: from ?? undefined, to: to ?? undefined },
      this.options.verifyTimeoutMs,
    );
  }

  @Mutation(() => RecoveryStarted, {
    description: 'Start a rebuild, or resume the unfinished one (operator)',
  })
  @Roles('operator')
  async startRecovery(
    @Args('resume', { type: () => Boolean, nullable: true, description: 'Default true' }) resume?: boolean,
  ): Promise<RecoveryStarted> {
    const reply = await this.upstreams.send<RecoveryStartReply>(
      'indexer-recovery',
      INDEXING_PATTERNS.recoveryStart,
      {
        resume: resume ?? true,
      },
    );
    return { ...reply, resumingRunId: reply.resumingRunId === null ? null : String(reply.resumingRunId) };
  }

  @Mutation(() => AliasChange, { description: 'Move both aliases onto an index of the family (operator)' })
  @Roles('operator')
  swapAlias(@Args('index') index: string): Promise<AliasChangeReply> {
    return this.upstreams.send<AliasChangeReply>('indexer-recovery', INDEXING_PATTERNS.aliasSwap, { index });
  }

  @Mutation(() => AliasChange, { description: 'Move both aliases back onto the previous index (operator)' })
  @Roles('operator')
  rollbackAlias(): Promise<AliasChangeReply> {
    return this.upstreams.send<AliasChangeReply>('indexer-recovery', INDEXING_PATTERNS.aliasRollback, {});
  }

  @Mutation(() => BatchWindowStarted, {
    description: 'Run a batch window now: [from, to) given, or the chain up to now (operator)',
  })
  @Roles('operator')
  async runBatchWindow(
    @Args('from', { type: () => GraphQLISODateTime, nullable: true }) from?: Date,
    @Args('to', { type: () => GraphQLISODateTime, nullable: true }) to?: Date,
  ): Promise<BatchWindowStarted> {
    const reply = await this.upstreams.send<BatchRunWindowReply>(
      'indexer-batch',
      INDEXING_PATTERNS.batchRunWindow,
      {
        from: from?.toISOString(),
        to: to?.toISOString(),
      },
    );
    return {
      ...reply,
      window: reply.window ? { from: new Date(reply.window.from), to: new Date(reply.window.to) } : null,
    };
  }
}

@Resolver(() => Job)
export class JobResolver {
  @ResolveField(() => JobRestartConnection, { description: 'Restarts the supervisor made, newest first' })
  async restarts(
    @Parent() job: Job,
    @Context() context: GatewayContext,
    @Args('first', {
      type: () => Int,
      nullable: true,
      description: `Default 10, at most ${MAX_RESTARTS_PER_JOB}`,
    })
    first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<JobRestartConnection> {
    const size = first ?? 10;
    if (!Number.isInteger(size) || size < 1 || size > MAX_RESTARTS_PER_JOB) {
      throw badInput(`"first" must be between 1 and ${MAX_RESTARTS_PER_JOB}, got ${size}`);
    }
    // the loader holds the newest MAX_RESTARTS_PER_JOB of each job (one statement for every job asked)
    const { edges, pageInfo } = sliceConnection(
      await context.loaders.restartsByJob.load(job.name),
      size,
      after,
    );
    return { edges, pageInfo };
  }
}
