import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { CountedConnection } from '../graphql/connection';
import { StringMapScalar } from '../graphql/scalars';

@ObjectType()
export class JdkProblem {
  @Field() source!: string;
  @Field() message!: string;
}

@ObjectType()
export class JdkAgent {
  @Field() name!: string;
  @Field() version!: string;
}

@ObjectType({ description: 'A host (or image, or pod) reporting its JDKs' })
export class JdkHost {
  @Field(() => ID) id!: string;
  @Field() hostname!: string;
  @Field(() => String, { nullable: true }) machineId!: string | null;
  @Field() os!: string;
  @Field(() => String, { nullable: true }) osVersion!: string | null;
  @Field() arch!: string;
  @Field(() => StringMapScalar) labels!: Record<string, string>;
  @Field(() => String, { nullable: true }) team!: string | null;
  @Field() firstSeenAt!: string;
  @Field() lastSeenAt!: string;
  @Field() lastReportId!: string;
  @Field(() => JdkAgent) agent!: JdkAgent;
  @Field() stale!: boolean;
  @Field(() => Int) installationCount!: number;
  @Field(() => Int) runningJvmCount!: number;
  @Field({ description: 'Some installation needs a paid licence' }) licenceRisk!: boolean;
  @Field() endOfLife!: boolean;
  @Field() behindBaseline!: boolean;
  @Field(() => [Int], { description: 'Feature releases some running JVM cannot move to as is' })
  blockedTargets!: number[];
  @Field(() => [JdkProblem]) problems!: JdkProblem[];
}

@ObjectType({ description: 'Where an installation was found: a host path, a container image, a pod' })
export class JdkLocation {
  @Field({ description: 'host, container or pod' }) kind!: string;
  @Field(() => String, { nullable: true }) image?: string;
  @Field(() => String, { nullable: true }) containerId?: string;
  @Field(() => String, { nullable: true }) namespace?: string;
  @Field(() => String, { nullable: true }) pod?: string;
  @Field(() => String, { nullable: true }) container?: string;
}

@ObjectType()
export class JdkLicence {
  @Field({
    description:
      'paid-licence-required, free-with-conditions, free, needs-review (evidence that might be Oracle JDK: never free) or unknown',
  })
  risk!: string;
  @Field(() => String, { nullable: true }) terms!: string | null;
  @Field(() => String, { nullable: true }) ruleId!: string | null;
  @Field() reason!: string;
}

@ObjectType()
export class JdkSupport {
  @Field(() => Boolean, { nullable: true }) lts!: boolean | null;
  @Field(() => String, { nullable: true }) eolDate!: string | null;
  @Field(() => Boolean, { nullable: true }) endOfLife!: boolean | null;
  @Field(() => String, { nullable: true }) latestKnown!: string | null;
  @Field(() => Int, { nullable: true }) updatesBehind!: number | null;
  @Field(() => Boolean, { nullable: true }) belowSecurityBaseline!: boolean | null;
  @Field({ description: 'The date the release and support data behind this verdict was last known true' })
  dataAsOf!: string;
  @Field(() => [String], { description: 'E.g. the data is older than 100 days' }) warnings!: string[];
}

@ObjectType({ description: 'A JDK or JRE installation on a host' })
export class JdkInstallation {
  @Field(() => ID) id!: string;
  @Field(() => ID) hostId!: string;
  @Field() path!: string;
  @Field(() => JdkLocation) location!: JdkLocation;
  @Field(() => [String]) foundBy!: string[];
  @Field() evidence!: string;
  @Field(() => String, { nullable: true }) vendor!: string | null;
  @Field(() => String, { nullable: true }) distribution!: string | null;
  @Field(() => String, { nullable: true, description: 'Full version as JEP 223, e.g. 8.0.202' })
  version!: string | null;
  @Field(() => Int, { nullable: true }) feature!: number | null;
  @Field(() => Int, { nullable: true }) update!: number | null;
  @Field() imageType!: string;
  @Field(() => Int, { nullable: true }) bits!: number | null;
  @Field(() => String, { nullable: true }) vm!: string | null;
  @Field() confidence!: string;
  @Field(() => JdkLicence) licence!: JdkLicence;
  @Field(() => JdkSupport) support!: JdkSupport;
  @Field(() => Int) runningJvmCount!: number;
  @Field(() => [Int]) blockedTargets!: number[];
  @Field() firstSeenAt!: string;
  @Field() lastSeenAt!: string;
}

@ObjectType()
export class JdkMigrationBlocker {
  @Field() ruleId!: string;
  @Field(() => Int) since!: number;
  @Field() effect!: string;
  @Field() found!: string;
  @Field() explanation!: string;
}

@ObjectType()
export class JdkTargetBlockers {
  @Field(() => Int) target!: number;
  @Field(() => [JdkMigrationBlocker]) blockers!: JdkMigrationBlocker[];
}

@ObjectType({ description: "A JVM option that is a licence signal on the JVM's build" })
export class JdkLicenceSignal {
  @Field() signalId!: string;
  @Field({ description: 'The option as found on the command line' }) found!: string;
  @Field({ description: 'paid-licence-required or free-with-conditions' }) risk!: string;
  @Field() reason!: string;
  @Field({ description: 'The public page the rule rests on' }) source!: string;
}

@ObjectType({ description: 'A JVM running on a host at its last report' })
export class JdkRunningJvm {
  @Field(() => ID) id!: string;
  @Field(() => ID) hostId!: string;
  @Field(() => Int) pid!: number;
  @Field(() => JdkLocation) location!: JdkLocation;
  @Field() executable!: string;
  @Field(() => String, { nullable: true }) installationPath!: string | null;
  @Field(() => Int, { nullable: true }) feature!: number | null;
  @Field(() => [String]) jvmOptions!: string[];
  @Field(() => String, { nullable: true }) mainClass!: string | null;
  @Field(() => String, { nullable: true }) user!: string | null;
  @Field(() => [JdkTargetBlockers]) blockers!: JdkTargetBlockers[];
  @Field(() => [JdkLicenceSignal], {
    description:
      'Options that are a licence signal on its build (-XX:+UnlockCommercialFeatures on Oracle JDK 7/8)',
  })
  licenceSignals!: JdkLicenceSignal[];
}

@ObjectType({ description: 'Hosts matching a filter (Relay connection)' })
export class JdkHostConnection extends CountedConnection(JdkHost) {}

@InputType()
export class JdkHostFilterInput {
  @Field(() => String, { nullable: true, description: 'Distribution id or vendor name, e.g. temurin' })
  vendor?: string;
  @Field(() => Int, { nullable: true, description: 'Feature release (train), e.g. 17' }) feature?: number;
  @Field(() => String, { nullable: true, description: 'Full version, e.g. 17.0.12' }) version?: string;
  @Field(() => String, { nullable: true }) team?: string;
  @Field(() => StringMapScalar, { nullable: true }) labels?: Record<string, string>;
  @Field(() => [String], {
    nullable: true,
    description: 'Any of: licence, eol, behind-baseline, migration-blocked',
  })
  risk?: string[];
  @Field(() => Int, { nullable: true, description: 'Target of migration-blocked (default 17)' })
  migrationTarget?: number;
  @Field(() => String, { nullable: true }) hostnamePrefix?: string;
  @Field(() => Boolean, { nullable: true }) includeStale?: boolean;
}

@InputType({ description: 'Only hosts of this team / with these labels' })
export class JdkScopeInput {
  @Field(() => String, { nullable: true }) team?: string;
  @Field(() => StringMapScalar, { nullable: true }) labels?: Record<string, string>;
}

@ObjectType()
export class JdkSummary {
  @Field(() => Int) hosts!: number;
  @Field(() => Int) staleHosts!: number;
  @Field(() => Int) installations!: number;
  @Field(() => Int) runningJvms!: number;
  @Field(() => Int) licenceRiskInstallations!: number;
  @Field(() => Int) endOfLifeInstallations!: number;
  @Field(() => Int) behindBaselineInstallations!: number;
  @Field(() => String, { nullable: true }) lastReportAt!: string | null;
  @Field() knowledgeAsOf!: string;
  @Field({ description: 'The date the release and support data behind the verdicts was last known true' })
  dataAsOf!: string;
  @Field(() => [String], { description: 'E.g. the data is older than 100 days' }) dataWarnings!: string[];
}

@ObjectType()
export class JdkMixRow {
  @Field(() => String, { nullable: true }) vendor?: string | null;
  @Field(() => Int, { nullable: true }) feature?: number | null;
  @Field(() => String, { nullable: true }) version?: string | null;
  @Field(() => String, { nullable: true }) team?: string | null;
  @Field(() => Int) installations!: number;
  @Field(() => Int) hosts!: number;
}

@ObjectType({ description: 'Installations grouped by vendor, feature, version or team' })
export class JdkMix {
  @Field(() => [String]) groupBy!: string[];
  @Field(() => [JdkMixRow]) rows!: JdkMixRow[];
  @Field(() => Int) totalInstallations!: number;
}

@ObjectType({ description: 'The most used update of a train' })
export class JdkTopUpdate {
  @Field(() => Int) feature!: number;
  @Field() version!: string;
  @Field(() => Int) update!: number;
  @Field(() => Int) installations!: number;
  @Field(() => Int) hosts!: number;
  @Field(() => Float) share!: number;
  @Field(() => Int) trainInstallations!: number;
}

@ObjectType()
export class JdkLicenceRiskTotal {
  @Field() risk!: string;
  @Field(() => String, { nullable: true }) terms!: string | null;
  @Field(() => String, { nullable: true }) distribution!: string | null;
  @Field(() => Int) installations!: number;
  @Field(() => Int) hosts!: number;
}

@ObjectType()
export class JdkLicenceRiskItem {
  @Field(() => ID) installationId!: string;
  @Field(() => ID) hostId!: string;
  @Field() hostname!: string;
  @Field(() => String, { nullable: true }) team!: string | null;
  @Field() path!: string;
  @Field(() => String, { nullable: true }) distribution!: string | null;
  @Field(() => String, { nullable: true }) version!: string | null;
  @Field() risk!: string;
  @Field(() => String, { nullable: true }) terms!: string | null;
  @Field() reason!: string;
}

@ObjectType()
export class JdkLicenceRiskItemConnection extends CountedConnection(JdkLicenceRiskItem) {}

@ObjectType({ description: 'Licence risk: totals per risk and terms, and the risky installations' })
export class JdkLicenceRiskReport {
  @Field(() => [JdkLicenceRiskTotal]) totals!: JdkLicenceRiskTotal[];
  @Field(() => JdkLicenceRiskItemConnection) installations!: JdkLicenceRiskItemConnection;
}

@ObjectType()
export class JdkEndOfLifeRow {
  @Field(() => String, { nullable: true }) distribution!: string | null;
  @Field(() => Int) feature!: number;
  @Field(() => String, { nullable: true }) eolDate!: string | null;
  @Field(() => Int) installations!: number;
  @Field(() => Int) hosts!: number;
}

@ObjectType()
export class JdkBehindBaselineRow {
  @Field(() => Int) feature!: number;
  @Field(() => Int) installations!: number;
  @Field(() => Int) hosts!: number;
  @Field(() => Int, { nullable: true }) maxUpdatesBehind!: number | null;
  @Field(() => Float, { nullable: true }) avgUpdatesBehind!: number | null;
}

@ObjectType()
export class JdkExposureTotals {
  @Field(() => Int) installations!: number;
  @Field(() => Int) endOfLifeInstallations!: number;
  @Field(() => Int) endOfLifeHosts!: number;
  @Field(() => Int) behindBaselineInstallations!: number;
  @Field(() => Int) behindBaselineHosts!: number;
}

@ObjectType({ description: 'End-of-life trains and installations behind the security baseline' })
export class JdkExposure {
  @Field(() => [JdkEndOfLifeRow]) endOfLife!: JdkEndOfLifeRow[];
  @Field(() => [JdkBehindBaselineRow]) behindBaseline!: JdkBehindBaselineRow[];
  @Field(() => JdkExposureTotals) totals!: JdkExposureTotals;
}

@ObjectType()
export class JdkBacklogReason extends JdkMigrationBlocker {
  @Field(() => Int) pid!: number;
  @Field(() => String, { nullable: true }) mainClass!: string | null;
}

@ObjectType()
export class JdkBacklogHost {
  @Field(() => ID) hostId!: string;
  @Field() hostname!: string;
  @Field(() => String, { nullable: true }) team!: string | null;
  @Field(() => [JdkBacklogReason]) reasons!: JdkBacklogReason[];
}

@ObjectType()
export class JdkBacklogHostConnection extends CountedConnection(JdkBacklogHost) {}

@ObjectType()
export class JdkBacklogRule {
  @Field() ruleId!: string;
  @Field() effect!: string;
  @Field(() => Int) hosts!: number;
}

@ObjectType({ description: 'Hosts that cannot move to a feature release as they are, and why' })
export class JdkMigrationBacklog {
  @Field(() => Int) target!: number;
  @Field(() => Int) blockedHosts!: number;
  @Field(() => [JdkBacklogRule]) byRule!: JdkBacklogRule[];
  @Field(() => JdkBacklogHostConnection) hosts!: JdkBacklogHostConnection;
}

@ObjectType()
export class JdkTrendPoint {
  @Field({ description: 'Monday of the ISO week, YYYY-MM-DD' }) weekStart!: string;
  @Field() key!: string;
  @Field(() => Int) hosts!: number;
  @Field(() => Int) installations!: number;
}

@ObjectType({ description: 'Weekly host and installation counts by vendor or feature' })
export class JdkTrends {
  @Field() groupBy!: string;
  @Field(() => [String]) weeks!: string[];
  @Field(() => [JdkTrendPoint]) points!: JdkTrendPoint[];
}
