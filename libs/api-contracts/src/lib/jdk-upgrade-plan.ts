/**
 * The upgrade planner of jdk-inventory over RPC (same TCP port as JDK_PATTERNS). The planner joins the
 * fleet (host groups, their licence and end-of-life exposure, the blockers on their JVM command lines),
 * the knowledge data (LTS trains, support dates, licence terms, latest updates), a policy (preferred
 * vendors, allowed licences, minimum support left) and jmh-runner's verdicts into one recommendation
 * per group. A bad request fails with `JdkRpcError` like every jdk-inventory pattern.
 */
import type { JdkLicenceRisk, JdkLicenceTerms, JdkMigrationBlocker, JdkSummaryScope } from './jdk-inventory';

export const JDK_UPGRADE_PATTERNS = {
  /** JdkUpgradePlanRequest → JdkUpgradePlanReply: every host group with its target, blockers and wave. */
  upgradePlan: { cmd: 'jdk.upgradePlan' },
} as const;

/** What the organisation accepts as a target (the policy file; `UPGRADE_POLICY_FILE`). */
export interface JdkUpgradePolicy {
  /** Distribution ids in order of preference, e.g. ['temurin', 'corretto']. */
  preferredVendors: string[];
  /** Licence terms a target may run under, e.g. ['GPLv2+CE']. */
  allowedLicences: JdkLicenceTerms[];
  /** A target's vendor support must last at least this long from today. */
  minimumSupportMonths: number;
  /** No target below this feature release (e.g. 17: a move onto 8 or 11 is not a plan). */
  minimumTargetFeature: number;
}

export interface JdkUpgradePlanRequest {
  scope?: JdkSummaryScope;
  /** Replaces the app's policy for this one plan (what-if). */
  policy?: Partial<JdkUpgradePolicy>;
}

export type JdkUpgradeAction = 'none' | 'update' | 'migrate';
export type JdkUpgradeWaveName = 'licence-risk' | 'end-of-life' | 'behind-baseline';

/** A build the planner recommends or weighed. */
export interface JdkUpgradeTarget {
  distribution: string;
  vendor: string;
  feature: number;
  /** Newest update of the train in the knowledge data, e.g. `21.0.8`. */
  version: string;
  licenceTerms: JdkLicenceTerms | null;
  licenceRisk: JdkLicenceRisk;
  /** Last day the vendor promises updates for the train. */
  supportEnds: string;
}

/** What jmh-runner says about moving from the group's build to a candidate (null: never benchmarked). */
export interface JdkUpgradeBenchmarkEvidence {
  comparisonId: string;
  baselineLabel: string;
  candidateLabel: string;
  /** False: different feature releases, a side-by-side. */
  sameVersion: boolean;
  regression: number;
  improvement: number;
  noChange: number;
  inconclusive: number;
  crashed: number;
  missing: number;
  /** Keys of the regressed benchmarks (and of the crashed or hung ones). */
  regressions: string[];
}

export interface JdkUpgradeCandidate extends JdkUpgradeTarget {
  chosen: boolean;
  /** Fatal blockers (JVMs that would not start) on the group's command lines for this target. */
  fatalBlockers: number;
  benchmarks: JdkUpgradeBenchmarkEvidence | null;
  /** Why it was or was not chosen, in words. */
  note: string;
}

export interface JdkUpgradeBlocker extends JdkMigrationBlocker {
  /** What to do about it, e.g. "Replace -XX:MaxPermSize=… with -XX:MaxMetaspaceSize=…". */
  fix: string;
  /** Running JVMs of the group with it. */
  jvms: number;
  hosts: number;
}

export interface JdkUpgradeGroup {
  /** `team/environment/distribution/feature`, stable: what waves refer to. */
  key: string;
  team: string | null;
  environment: string | null;
  distribution: string | null;
  vendor: string | null;
  feature: number;
  hosts: number;
  installations: number;
  /** The most used version in the group: the build benchmarks compare against. */
  currentVersion: string | null;
  versions: { version: string | null; installations: number }[];
  /** Exposure today: installations needing a paid licence, past end of life, behind the security baseline. */
  exposure: { licenceRisk: number; endOfLife: number; behindBaseline: number };
  action: JdkUpgradeAction;
  target: JdkUpgradeTarget | null;
  reason: string;
  candidates: JdkUpgradeCandidate[];
  /** Blockers for the target, with their fix (empty when there is no target). */
  blockers: JdkUpgradeBlocker[];
  /** The exposure the move removes (installations), i.e. `exposure` when the target is reached. */
  removes: { licenceRisk: number; endOfLife: number; behindBaseline: number };
  wave: JdkUpgradeWaveName | null;
}

export interface JdkUpgradeWave {
  /** 1: licence risk, 2: end of life, 3: behind baseline. */
  order: number;
  name: JdkUpgradeWaveName;
  groupKeys: string[];
  hosts: number;
  installations: number;
}

export interface JdkUpgradePlanReply {
  generatedAt: string;
  policy: JdkUpgradePolicy;
  knowledgeAsOf: string;
  /** Groups needing action first (by wave), then the current ones. */
  groups: JdkUpgradeGroup[];
  waves: JdkUpgradeWave[];
  /** The plan as CSV (one row per group), as `jdk-inventory:cli upgrade-plan --csv` prints it. */
  csv: string;
  /** Null when jmh-runner answered; else why benchmark evidence is missing. */
  benchmarksUnavailable: string | null;
}
