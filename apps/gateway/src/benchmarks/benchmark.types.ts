import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { CountedConnection } from '../graphql/connection';
import { StringMapScalar } from '../graphql/scalars';

@ObjectType({ description: 'A JDK build benchmarks run on' })
export class JmhBuild {
  @Field(() => ID) id!: string;
  @Field({ description: 'local, drop or adoptium' }) source!: string;
  @Field(() => String, { nullable: true }) javaHome!: string | null;
  @Field() label!: string;
  @Field(() => String, { nullable: true }) vendor!: string | null;
  @Field(() => String, { nullable: true }) distribution!: string | null;
  @Field(() => String, { nullable: true }) version!: string | null;
  @Field(() => Int, { nullable: true }) feature!: number | null;
  @Field(() => Int, { nullable: true }) build!: number | null;
  @Field(() => String, { nullable: true }) releaseName!: string | null;
  @Field() discoveredAt!: string;
  @Field(() => Int) runCount!: number;
  @Field(() => String, { nullable: true }) latestRunStatus!: string | null;
}

@ObjectType()
export class JmhBuildConnection extends CountedConnection(JmhBuild) {}

@ObjectType({ description: 'One JMH run of a build' })
export class JmhRun {
  @Field(() => ID) id!: string;
  @Field(() => ID) buildId!: string;
  @Field() profile!: string;
  @Field() include!: string;
  @Field({ description: 'queued, running, done or failed' }) status!: string;
  @Field(() => Int) attempts!: number;
  @Field() queuedAt!: string;
  @Field(() => String, { nullable: true }) startedAt!: string | null;
  @Field(() => String, { nullable: true }) finishedAt!: string | null;
  @Field(() => Int, { nullable: true }) exitCode!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Int) resultCount!: number;
  @Field(() => Int) crashedCount!: number;
  @Field(() => Int) hungCount!: number;
  @Field(() => Int) missingCount!: number;
  @Field(() => [String]) crashLogs!: string[];
}

@ObjectType()
export class JmhRunConnection extends CountedConnection(JmhRun) {}

@ObjectType()
export class JmhConfidenceInterval {
  @Field(() => Float, { nullable: true }) lower!: number | null;
  @Field(() => Float, { nullable: true }) upper!: number | null;
  @Field(() => Float) confidence!: number;
}

@ObjectType()
export class JmhSideSummary {
  @Field(() => [Float]) forkValues!: number[];
  @Field(() => Float, { nullable: true }) mean!: number | null;
  @Field(() => Int) droppedForks!: number;
  @Field(() => String, { nullable: true }) jdkVersion!: string | null;
  @Field(() => String, { nullable: true }) vmVersion!: string | null;
}

@ObjectType({ description: 'The verdict of one benchmark + mode + params' })
export class JmhVerdict {
  @Field() key!: string;
  @Field() benchmark!: string;
  @Field(() => String, { nullable: true }) mode!: string | null;
  @Field(() => StringMapScalar) params!: Record<string, string>;
  @Field({ description: 'regression, improvement, no-change, inconclusive, missing or crashed' })
  status!: string;
  @Field() reason!: string;
  @Field(() => String, { nullable: true }) unit!: string | null;
  @Field(() => String, { nullable: true }) direction!: string | null;
  @Field(() => Float, { nullable: true }) ratio!: number | null;
  @Field(() => Float, { nullable: true, description: '> 1: the candidate is better' }) speedup!:
    number | null;
  @Field(() => JmhConfidenceInterval, { nullable: true }) speedupCi!: JmhConfidenceInterval | null;
  @Field(() => Float, { nullable: true }) pValue!: number | null;
  @Field(() => Float, { nullable: true }) qValue!: number | null;
  @Field() test!: string;
  @Field(() => JmhSideSummary, { nullable: true }) baseline!: JmhSideSummary | null;
  @Field(() => JmhSideSummary, { nullable: true }) candidate!: JmhSideSummary | null;
}

@ObjectType()
export class JmhVerdictCounts {
  @Field(() => Int) regression!: number;
  @Field(() => Int) improvement!: number;
  @Field(() => Int) noChange!: number;
  @Field(() => Int) inconclusive!: number;
  @Field(() => Int) missing!: number;
  @Field(() => Int) crashed!: number;
}

@ObjectType({ description: 'Two builds (or runs) compared benchmark by benchmark' })
export class JmhComparison {
  @Field(() => ID) id!: string;
  @Field(() => ID) baselineBuildId!: string;
  @Field(() => ID) candidateBuildId!: string;
  @Field(() => ID) baselineRunId!: string;
  @Field(() => ID) candidateRunId!: string;
  @Field() baselineLabel!: string;
  @Field() candidateLabel!: string;
  @Field({ description: 'False: different feature releases, a side-by-side only' }) sameVersion!: boolean;
  @Field(() => Float) minEffect!: number;
  @Field(() => Float) fdr!: number;
  @Field() test!: string;
  @Field() createdAt!: string;
  @Field(() => JmhVerdictCounts) counts!: JmhVerdictCounts;
  @Field(() => [JmhVerdict]) verdicts!: JmhVerdict[];
}

@ObjectType({ description: 'Verdicts of a stored comparison (Relay connection)' })
export class JmhVerdictConnection extends CountedConnection(JmhVerdict) {
  @Field(() => ID) comparisonId!: string;
}
