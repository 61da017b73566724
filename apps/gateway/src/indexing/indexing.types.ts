import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection';

@ObjectType({ description: 'An index of the alias family, with its document count and aliases' })
export class SearchIndex {
  @Field() name!: string;
  @Field(() => Float, { description: 'Documents (Elasticsearch docs.count)' }) docs!: number;
  @Field() health!: string;
  @Field(() => [String]) aliases!: string[];
  @Field({ description: 'The read alias is on it' }) live!: boolean;
}

@ObjectType({ description: 'The read and write alias of a family and every index of it, newest first' })
export class AliasState {
  @Field() readAlias!: string;
  @Field() writeAlias!: string;
  @Field(() => [String], { description: 'Where the read alias points' }) readIndices!: string[];
  @Field(() => [String], { description: 'Where the write alias points' }) writeIndices!: string[];
  @Field(() => [SearchIndex]) indices!: SearchIndex[];
}

@ObjectType({ description: 'One window of the batch indexer (batch_history)' })
export class BatchWindow {
  @Field(() => ID) id!: string;
  @Field() writeAlias!: string;
  @Field({ description: 'hop (the schedule) or manual (CLI, API)' }) kind!: string;
  @Field(() => GraphQLISODateTime) windowStart!: Date;
  @Field(() => GraphQLISODateTime) windowEnd!: Date;
  @Field(() => GraphQLISODateTime) startedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt!: Date | null;
  @Field({ description: 'running, succeeded or failed' }) status!: string;
  @Field(() => Int) idsSeen!: number;
  @Field(() => Int) written!: number;
  @Field(() => Int) stale!: number;
  @Field(() => Int) deleted!: number;
  @Field(() => Int) failed!: number;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field() instance!: string;
}

@ObjectType({ description: 'Batch windows, newest first' })
export class BatchWindowConnection extends Connection(BatchWindow) {}

@ObjectType({ description: 'A full rebuild (recovery_runs) and how far it got' })
export class RecoveryRun {
  @Field(() => ID) id!: string;
  @Field() alias!: string;
  @Field() index!: string;
  @Field({ description: 'running, failed or succeeded' }) status!: string;
  @Field({ description: 'ranges, catch-up, verify, swap or done' }) phase!: string;
  @Field(() => Float) minId!: number;
  @Field(() => Float) maxId!: number;
  @Field(() => Int) rangesDone!: number;
  @Field(() => Int) rangesTotal!: number;
  @Field(() => Float, { description: 'rangesDone / rangesTotal, 0..1 (1 when there is nothing to do)' })
  progress!: number;
  @Field(() => Float) docsWritten!: number;
  @Field(() => Float) docsDeleted!: number;
  @Field(() => Float) docsStale!: number;
  @Field(() => Float, { nullable: true, description: 'Documents per second since the run started' })
  docsPerSecond!: number | null;
  @Field(() => GraphQLISODateTime) startedAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt!: Date | null;
  @Field(() => String, { nullable: true }) previousIndex!: string | null;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType({ description: 'Rebuilds, newest first' })
export class RecoveryRunConnection extends Connection(RecoveryRun) {}

@ObjectType()
export class PartitionLag {
  @Field(() => Int) partition!: number;
  @Field({ description: 'Next offset to be written (high watermark)' }) highWatermark!: string;
  @Field(() => String, { nullable: true, description: 'Next offset the group reads; null: never committed' })
  committedOffset!: string | null;
  @Field(() => Float) lag!: number;
}

@ObjectType({ description: 'Stream indexer lag per partition, read from Kafka' })
export class StreamLag {
  @Field() topic!: string;
  @Field() groupId!: string;
  @Field(() => Float) totalLag!: number;
  @Field(() => [PartitionLag]) partitions!: PartitionLag[];
}

@ObjectType()
export class StreamTotals {
  @Field(() => Float) rounds!: number;
  @Field(() => Float) committed!: number;
  @Field(() => Float) events!: number;
  @Field(() => Float) invalid!: number;
  @Field(() => Float) ids!: number;
  @Field(() => Float) written!: number;
  @Field(() => Float) deleted!: number;
  @Field(() => Float) stale!: number;
  @Field(() => Float) failed!: number;
  @Field(() => Float) deadLetters!: number;
  @Field(() => Float) backoffs!: number;
}

@ObjectType({ description: 'The running stream indexer instance (RPC)' })
export class StreamStatus {
  @Field() instance!: string;
  @Field() topic!: string;
  @Field() deadLetterTopic!: string;
  @Field() groupId!: string;
  @Field() writeAlias!: string;
  @Field(() => StreamTotals) totals!: StreamTotals;
}

@ObjectType({ description: 'A live instance of a job: its ephemeral node in ZooKeeper' })
export class JobInstance {
  @Field() instance!: string;
  @Field(() => String, { nullable: true }) role!: string | null;
  @Field(() => String, { nullable: true }) host!: string | null;
  @Field(() => Int, { nullable: true }) pid!: number | null;
  @Field(() => String, { nullable: true, description: 'starting, ok or degraded' }) health!: string | null;
  @Field(() => String, { nullable: true }) version!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) startedAt!: Date | null;
}

@ObjectType({ description: 'A restart the supervisor made (supervisor_restarts)' })
export class JobRestart {
  @Field(() => ID) id!: string;
  @Field() job!: string;
  @Field() reason!: string;
  @Field(() => [String]) command!: string[];
  @Field(() => GraphQLISODateTime) startedAt!: Date;
  @Field(() => Int, { nullable: true }) exitCode!: number | null;
  @Field(() => Int, { nullable: true }) pid!: number | null;
}

@ObjectType({ description: 'Restarts of a job, newest first' })
export class JobRestartConnection extends Connection(JobRestart) {}

@ObjectType({ description: 'A long-running job: its live instances and its restart history' })
export class Job {
  @Field() name!: string;
  @Field(() => [JobInstance]) instances!: JobInstance[];
}

@ObjectType()
export class ExpectedJob {
  @Field() name!: string;
  @Field(() => Int) minInstances!: number;
  @Field(() => Int, { nullable: true }) live!: number | null;
}

@ObjectType({ description: 'A supervisor instance (RPC): what it keeps alive and whether it leads' })
export class SupervisorStatus {
  @Field() instance!: string;
  @Field() election!: string;
  @Field() isLeader!: boolean;
  @Field(() => [ExpectedJob]) jobs!: ExpectedJob[];
}

@ObjectType()
export class StaleDocument {
  @Field(() => Float) id!: number;
  @Field() reason!: string;
}

@ObjectType()
export class VerifyExamples {
  @Field(() => [Float]) missing!: number[];
  @Field(() => [Float]) extra!: number[];
  @Field(() => [StaleDocument]) stale!: StaleDocument[];
}

@ObjectType({ description: 'DB against the read alias over an id range (indexer-recovery)' })
export class VerifyReport {
  @Field() alias!: string;
  @Field(() => Float) from!: number;
  @Field(() => Float) to!: number;
  @Field(() => Int) checked!: number;
  @Field(() => Int) missing!: number;
  @Field(() => Int) extra!: number;
  @Field(() => Int) stale!: number;
  @Field() clean!: boolean;
  @Field(() => VerifyExamples) examples!: VerifyExamples;
}

@ObjectType()
export class RecoveryStarted {
  @Field() accepted!: boolean;
  @Field() alias!: string;
  @Field(() => ID, { nullable: true, description: 'The unfinished run being resumed, if any' })
  resumingRunId!: string | null;
}

@ObjectType()
export class AliasChange {
  @Field() readAlias!: string;
  @Field() writeAlias!: string;
  @Field({ description: 'The index both aliases are on now' }) index!: string;
  @Field(() => [String], { description: 'Where the read alias was before' }) previous!: string[];
}

@ObjectType()
export class TimeWindow {
  @Field(() => GraphQLISODateTime) from!: Date;
  @Field(() => GraphQLISODateTime) to!: Date;
}

@ObjectType()
export class BatchWindowStarted {
  @Field() accepted!: boolean;
  @Field() writeAlias!: string;
  @Field(() => TimeWindow, { nullable: true, description: 'The window given; null: the chain up to now' })
  window!: TimeWindow | null;
}
