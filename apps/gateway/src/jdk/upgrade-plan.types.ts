import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { CountedConnection } from '../graphql/connection';
import { JdkMigrationBlocker } from './jdk.types';

@InputType({ description: 'Overrides of the planner`s policy for one plan (what-if)' })
export class JdkUpgradePolicyInput {
  @Field(() => [String], { nullable: true, description: 'Distribution ids in order, e.g. temurin' })
  preferredVendors?: string[];
  @Field(() => [String], { nullable: true, description: 'Licence terms, e.g. GPLv2+CE' })
  allowedLicences?: string[];
  @Field(() => Int, { nullable: true }) minimumSupportMonths?: number;
  @Field(() => Int, { nullable: true }) minimumTargetFeature?: number;
}

@ObjectType()
export class JdkUpgradePolicy {
  @Field(() => [String]) preferredVendors!: string[];
  @Field(() => [String]) allowedLicences!: string[];
  @Field(() => Int) minimumSupportMonths!: number;
  @Field(() => Int) minimumTargetFeature!: number;
}

@ObjectType({ description: 'A build the planner recommends or weighed' })
export class JdkUpgradeTarget {
  @Field() distribution!: string;
  @Field() vendor!: string;
  @Field(() => Int) feature!: number;
  @Field({ description: 'Newest update of the train in the knowledge data' }) version!: string;
  @Field(() => String, { nullable: true }) licenceTerms!: string | null;
  @Field() licenceRisk!: string;
  @Field({ description: 'Last day the vendor promises updates' }) supportEnds!: string;
}

@ObjectType({ description: 'What jmh-runner found comparing the group`s build with a candidate' })
export class JdkUpgradeBenchmarks {
  @Field(() => ID) comparisonId!: string;
  @Field() baselineLabel!: string;
  @Field() candidateLabel!: string;
  @Field() sameVersion!: boolean;
  @Field(() => Int) regression!: number;
  @Field(() => Int) improvement!: number;
  @Field(() => Int) noChange!: number;
  @Field(() => Int) inconclusive!: number;
  @Field(() => Int) crashed!: number;
  @Field(() => Int) missing!: number;
  @Field(() => [String], { description: 'Keys of the regressed, crashed or hung benchmarks' })
  regressions!: string[];
}

@ObjectType()
export class JdkUpgradeCandidate extends JdkUpgradeTarget {
  @Field() chosen!: boolean;
  @Field(() => Int, { description: 'Fatal blockers (JVMs that would not start) for this target' })
  fatalBlockers!: number;
  @Field(() => JdkUpgradeBenchmarks, { nullable: true, description: 'Null: never benchmarked' })
  benchmarks!: JdkUpgradeBenchmarks | null;
  @Field() note!: string;
}

@ObjectType()
export class JdkUpgradeBlocker extends JdkMigrationBlocker {
  @Field({ description: 'What to do about it' }) fix!: string;
  @Field(() => Int) jvms!: number;
  @Field(() => Int) hosts!: number;
}

@ObjectType()
export class JdkUpgradeExposure {
  @Field(() => Int) licenceRisk!: number;
  @Field(() => Int) endOfLife!: number;
  @Field(() => Int) behindBaseline!: number;
}

@ObjectType()
export class JdkUpgradeVersionCount {
  @Field(() => String, { nullable: true }) version!: string | null;
  @Field(() => Int) installations!: number;
}

@ObjectType({ description: 'A host group (team x environment x vendor x train) and what to do with it' })
export class JdkUpgradeGroup {
  @Field(() => ID, { description: 'team/environment/distribution/feature' }) key!: string;
  @Field(() => String, { nullable: true }) team!: string | null;
  @Field(() => String, { nullable: true }) environment!: string | null;
  @Field(() => String, { nullable: true }) distribution!: string | null;
  @Field(() => String, { nullable: true }) vendor!: string | null;
  @Field(() => Int) feature!: number;
  @Field(() => Int) hosts!: number;
  @Field(() => Int) installations!: number;
  @Field(() => String, { nullable: true }) currentVersion!: string | null;
  @Field(() => [JdkUpgradeVersionCount]) versions!: JdkUpgradeVersionCount[];
  @Field(() => JdkUpgradeExposure) exposure!: JdkUpgradeExposure;
  @Field({ description: 'none, update or migrate' }) action!: string;
  @Field(() => JdkUpgradeTarget, { nullable: true }) target!: JdkUpgradeTarget | null;
  @Field() reason!: string;
  @Field(() => [JdkUpgradeCandidate]) candidates!: JdkUpgradeCandidate[];
  @Field(() => [JdkUpgradeBlocker]) blockers!: JdkUpgradeBlocker[];
  @Field(() => JdkUpgradeExposure, { description: 'Installations the move takes out of each exposure' })
  removes!: JdkUpgradeExposure;
  @Field(() => String, { nullable: true, description: 'licence-risk, end-of-life or behind-baseline' })
  wave!: string | null;
}

@ObjectType()
export class JdkUpgradeGroupConnection extends CountedConnection(JdkUpgradeGroup) {}

@ObjectType()
export class JdkUpgradeWave {
  @Field(() => Int, { description: '1 licence risk, 2 end of life, 3 behind baseline' }) order!: number;
  @Field() name!: string;
  @Field(() => [String]) groupKeys!: string[];
  @Field(() => Int) hosts!: number;
  @Field(() => Int) installations!: number;
}

@ObjectType({
  description: 'The upgrade plan: groups by wave, with targets, blockers and benchmark evidence',
})
export class JdkUpgradePlan {
  @Field() generatedAt!: string;
  @Field(() => JdkUpgradePolicy) policy!: JdkUpgradePolicy;
  @Field() knowledgeAsOf!: string;
  @Field(() => JdkUpgradeGroupConnection) groups!: JdkUpgradeGroupConnection;
  @Field(() => [JdkUpgradeWave]) waves!: JdkUpgradeWave[];
  @Field({ description: 'The whole plan as CSV, one row per group (as the CLI prints it)' }) csv!: string;
  @Field(() => String, { nullable: true, description: 'Why benchmark evidence is missing, if it is' })
  benchmarksUnavailable!: string | null;
}
