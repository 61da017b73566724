/**
 * The jdk-inventory RPC contract (@nestjs/microservices TCP, default port DEFAULT_RPC_PORTS['jdk-inventory']).
 * The gateway sends `client.send(JDK_PATTERNS.x, request)` and gets the reply type beside it.
 *
 * Conventions:
 * - Every request field is optional unless typed otherwise; an empty request `{}` is valid.
 * - IDs are strings (a PostgreSQL bigint as decimal text), cursors are opaque strings: pass `endCursor`
 *   back as `after`, never build one.
 * - `first` defaults to JDK_PAGE_DEFAULT and is capped at JDK_PAGE_MAX.
 * - Stale hosts (not seen for the inventory's STALE_AFTER_DAYS) are left out of every answer unless
 *   `includeStale: true` is asked for where offered.
 * - Dates are ISO-8601 strings (`2026-11-25T14:00:00.000Z`), days `YYYY-MM-DD`.
 * - A bad request fails the RPC with `JdkRpcError` as the error payload (`{ error, issues }`, the field named).
 */

export const JDK_PATTERNS = {
  /** JdkHostsRequest → JdkHostsReply: hosts filtered by vendor, version, team, risk; cursor pages. */
  hosts: { cmd: 'jdk.hosts' },
  /** JdkHostsByIdsRequest → JdkHostsByIdsReply: hosts by ID (batched, one SQL query). */
  hostsByIds: { cmd: 'jdk.hostsByIds' },
  /** JdkInstallationsByHostIdsRequest → JdkInstallationsByHostIdsReply: ONE request, ONE SQL query. */
  installationsByHostIds: { cmd: 'jdk.installationsByHostIds' },
  /** JdkJvmsByHostIdsRequest → JdkJvmsByHostIdsReply: running JVMs of many hosts, one SQL query. */
  jvmsByHostIds: { cmd: 'jdk.jvmsByHostIds' },
  /** JdkSummaryRequest → JdkSummaryReply: fleet totals (hosts, installations, risk counts). */
  summary: { cmd: 'jdk.summary' },
  /** JdkMixRequest → JdkMixReply: installation/host counts grouped by vendor, feature, version, team. */
  mix: { cmd: 'jdk.summary.mix' },
  /** JdkTopUpdatesRequest → JdkTopUpdatesReply: the most used update per train (feature release). */
  topUpdates: { cmd: 'jdk.summary.topUpdates' },
  /** JdkLicenceRiskRequest → JdkLicenceRiskReply: totals per risk/terms and the risky installations. */
  licenceRisk: { cmd: 'jdk.summary.licenceRisk' },
  /** JdkExposureRequest → JdkExposureReply: end-of-life trains and behind-security-baseline exposure. */
  exposure: { cmd: 'jdk.summary.exposure' },
  /** JdkMigrationBacklogRequest → JdkMigrationBacklogReply: hosts blocked from a target, reasons per host. */
  migrationBacklog: { cmd: 'jdk.summary.migrationBacklog' },
  /** JdkTrendsRequest → JdkTrendsReply: weekly host/installation counts by vendor or feature. */
  trends: { cmd: 'jdk.trends' },
} as const;

export type JdkPattern = keyof typeof JDK_PATTERNS;

export const JDK_PAGE_DEFAULT = 50;
export const JDK_PAGE_MAX = 500;
/** The feature releases `migrationBacklog` and `JdkInstallation.blockedTargets` know. */
export const JDK_MIGRATION_TARGETS = [11, 17, 21, 25] as const;
export type JdkMigrationTarget = (typeof JDK_MIGRATION_TARGETS)[number];

/** The error payload of a refused request (RpcException), e.g. `{ error: 'invalid request', issues: [{ field: 'first', ... }] }`. */
export interface JdkRpcError {
  error: string;
  issues?: { field: string; message: string }[];
}

// ---------------------------------------------------------------------------------------------------
// shared shapes

export interface JdkPageRequest {
  /** Page size: default JDK_PAGE_DEFAULT, at most JDK_PAGE_MAX. */
  first?: number;
  /** The `endCursor` of the previous page. */
  after?: string | null;
}

export interface JdkPage<T> {
  items: T[];
  /** Pass as `after` for the next page; null when the page is empty. */
  endCursor: string | null;
  hasNextPage: boolean;
  /** All items matching the filter, not only this page. */
  totalCount: number;
  /** One cursor per item (the position after it), for Relay edges; the last one is `endCursor`. */
  cursors: string[];
}

/** As in @keel/jdk-detect's assessLicence. */
/** As `LicenceRisk` of @keel/jdk-detect (jdk-inventory's licence-contract.ts fails to compile when they drift). */
export type JdkLicenceRisk =
  'paid-licence-required' | 'free-with-conditions' | 'free' | 'needs-review' | 'unknown';
/** As `LicenceTermsId` of @keel/jdk-detect (checked the same way). */
export type JdkLicenceTerms =
  | 'BCL'
  | 'OTN'
  | 'NFTC'
  | 'GFTC'
  | 'GRAALVM-OTN'
  | 'ORACLE-SUPPORT'
  | 'AZUL-COMMERCIAL'
  | 'VENDOR-BUNDLED'
  | 'GPLv2+CE';
/** The risk flags a host filter can ask for (any of them matches). */
export type JdkHostRiskFlag = 'licence' | 'eol' | 'behind-baseline' | 'migration-blocked';

export type JdkScanLocation =
  | { kind: 'host' }
  | { kind: 'container'; image: string; containerId?: string }
  | { kind: 'pod'; namespace: string; pod: string; container: string; image?: string };

// ---------------------------------------------------------------------------------------------------
// hosts

export interface JdkHostFilter {
  /** Distribution id (`oracle`, `temurin`, `corretto`...) or vendor display name (`Oracle JDK`), case-insensitive. */
  vendor?: string;
  /** Feature release (train): 8, 11, 17... */
  feature?: number;
  /** Full version as JEP 223 (`8.0.202`, `17.0.12`). */
  version?: string;
  /** The host's `team` label. */
  team?: string;
  /** Exact label matches, e.g. `{ environment: 'prod' }`. */
  labels?: Record<string, string>;
  /** Hosts having at least one installation with any of these flags. */
  risk?: JdkHostRiskFlag[];
  /** Target for the `migration-blocked` flag (default 17). */
  migrationTarget?: JdkMigrationTarget;
  /** Hostname prefix. */
  hostnamePrefix?: string;
  includeStale?: boolean;
}

export interface JdkHostsRequest extends JdkPageRequest {
  filter?: JdkHostFilter;
}

export interface JdkHost {
  id: string;
  hostname: string;
  machineId: string | null;
  os: string;
  osVersion: string | null;
  arch: string;
  labels: Record<string, string>;
  /** `labels.team`, or null. */
  team: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  lastReportId: string;
  agent: { name: string; version: string };
  stale: boolean;
  installationCount: number;
  runningJvmCount: number;
  /** Any installation with licence risk `paid-licence-required`. */
  licenceRisk: boolean;
  endOfLife: boolean;
  behindBaseline: boolean;
  /** Targets (11, 17, 21, 25) some running JVM on the host cannot move to as is. */
  blockedTargets: number[];
  problems: { source: string; message: string }[];
}

export type JdkHostsReply = JdkPage<JdkHost>;

export interface JdkHostsByIdsRequest {
  hostIds: string[];
}
/** Every asked ID is a key; null when no such host. */
export interface JdkHostsByIdsReply {
  hostsById: Record<string, JdkHost | null>;
}

// ---------------------------------------------------------------------------------------------------
// installations and JVMs

export interface JdkInstallation {
  id: string;
  hostId: string;
  path: string;
  location: JdkScanLocation;
  foundBy: string[];
  evidence: 'show-settings' | 'release-file' | 'java-version';
  vendor: string | null;
  distribution: string | null;
  /** Full version (`8.0.202`), or null when unknown. */
  version: string | null;
  feature: number | null;
  update: number | null;
  imageType: 'jdk' | 'jre' | 'unknown';
  bits: 32 | 64 | null;
  vm: string | null;
  confidence: 'high' | 'medium' | 'low';
  licence: { risk: JdkLicenceRisk; terms: JdkLicenceTerms | null; ruleId: string | null; reason: string };
  support: {
    lts: boolean | null;
    eolDate: string | null;
    endOfLife: boolean | null;
    latestKnown: string | null;
    updatesBehind: number | null;
    belowSecurityBaseline: boolean | null;
    /** The date the release and support data behind this verdict was last known true. */
    dataAsOf: string;
    /** E.g. the data is older than 100 days. */
    warnings: string[];
  };
  /** JVMs running from this installation at the last report. */
  runningJvmCount: number;
  blockedTargets: number[];
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface JdkInstallationsByHostIdsRequest {
  hostIds: string[];
}
/** Every asked ID is a key (an empty list when the host has none or does not exist), for DataLoader. */
export interface JdkInstallationsByHostIdsReply {
  installationsByHostId: Record<string, JdkInstallation[]>;
}

export interface JdkMigrationBlocker {
  ruleId: string;
  since: number;
  effect: 'removed-fatal' | 'ignored-warning' | 'deprecated' | 'platform-removed';
  /** The option, module or property found on the command line. */
  found: string;
  explanation: string;
}

export interface JdkRunningJvm {
  id: string;
  hostId: string;
  pid: number;
  location: JdkScanLocation;
  executable: string;
  installationPath: string | null;
  /** Feature release it runs on, when its installation is known. */
  feature: number | null;
  jvmOptions: string[];
  mainClass: string | null;
  user: string | null;
  /** Blockers per target feature release (only targets above the JVM's own feature). */
  blockers: { target: number; blockers: JdkMigrationBlocker[] }[];
  /** Options that are a licence signal on this JVM's build (`-XX:+UnlockCommercialFeatures` on Oracle JDK 7/8). */
  licenceSignals: JdkLicenceSignal[];
}

/** As `LicenceSignal` of @keel/jdk-detect (jdk-inventory's licence-contract.ts fails to compile when they drift). */
export interface JdkLicenceSignal {
  signalId: string;
  /** The option as found on the command line. */
  found: string;
  risk: 'paid-licence-required' | 'free-with-conditions';
  reason: string;
  /** The public page the rule rests on. */
  source: string;
}

export interface JdkJvmsByHostIdsRequest {
  hostIds: string[];
}
export interface JdkJvmsByHostIdsReply {
  jvmsByHostId: Record<string, JdkRunningJvm[]>;
}

// ---------------------------------------------------------------------------------------------------
// summaries (stale hosts excluded)

/** Scope for every summary: only hosts of this team / with these labels. */
export interface JdkSummaryScope {
  team?: string;
  labels?: Record<string, string>;
}

export interface JdkSummaryRequest {
  scope?: JdkSummaryScope;
}
export interface JdkSummaryReply {
  hosts: number;
  staleHosts: number;
  installations: number;
  runningJvms: number;
  licenceRiskInstallations: number;
  endOfLifeInstallations: number;
  behindBaselineInstallations: number;
  lastReportAt: string | null;
  /** asOf of the knowledge data the derived columns were computed with. */
  knowledgeAsOf: string;
}

export type JdkMixDimension = 'vendor' | 'feature' | 'version' | 'team';
export interface JdkMixRequest {
  scope?: JdkSummaryScope;
  /** Default ['vendor', 'feature']. */
  groupBy?: JdkMixDimension[];
  /** Largest groups first; default 100, at most 1000. */
  limit?: number;
}
export interface JdkMixRow {
  /** Only the asked dimensions are set; null = unknown (e.g. undetected vendor, host without team). */
  vendor?: string | null;
  feature?: number | null;
  version?: string | null;
  team?: string | null;
  installations: number;
  hosts: number;
}
export interface JdkMixReply {
  groupBy: JdkMixDimension[];
  rows: JdkMixRow[];
  totalInstallations: number;
}

export interface JdkTopUpdatesRequest {
  scope?: JdkSummaryScope;
  /** Only these trains (default: all). */
  features?: number[];
}
export interface JdkTopUpdateRow {
  feature: number;
  /** The most used full version in the train, e.g. `8.0.202`. */
  version: string;
  update: number;
  installations: number;
  hosts: number;
  /** installations / all installations of the train, 0..1. */
  share: number;
  trainInstallations: number;
}
export interface JdkTopUpdatesReply {
  rows: JdkTopUpdateRow[];
}

export interface JdkLicenceRiskRequest extends JdkPageRequest {
  scope?: JdkSummaryScope;
  /** Which risks the item list holds; default ['paid-licence-required']. */
  risks?: JdkLicenceRisk[];
}
export interface JdkLicenceRiskItem {
  installationId: string;
  hostId: string;
  hostname: string;
  team: string | null;
  path: string;
  distribution: string | null;
  version: string | null;
  risk: JdkLicenceRisk;
  terms: JdkLicenceTerms | null;
  reason: string;
}
export interface JdkLicenceRiskReply {
  /** Every risk level and terms, counted. */
  totals: {
    risk: JdkLicenceRisk;
    terms: JdkLicenceTerms | null;
    distribution: string | null;
    installations: number;
    hosts: number;
  }[];
  installations: JdkPage<JdkLicenceRiskItem>;
}

export interface JdkExposureRequest {
  scope?: JdkSummaryScope;
}
export interface JdkExposureReply {
  /** End-of-life installations per distribution and train. */
  endOfLife: {
    distribution: string | null;
    feature: number;
    eolDate: string | null;
    installations: number;
    hosts: number;
  }[];
  /** Installations below the train's security baseline, per train. */
  behindBaseline: {
    feature: number;
    installations: number;
    hosts: number;
    maxUpdatesBehind: number | null;
    avgUpdatesBehind: number | null;
  }[];
  totals: {
    installations: number;
    endOfLifeInstallations: number;
    endOfLifeHosts: number;
    behindBaselineInstallations: number;
    behindBaselineHosts: number;
  };
}

export interface JdkMigrationBacklogRequest extends JdkPageRequest {
  /** Target feature release. */
  target: JdkMigrationTarget;
  scope?: JdkSummaryScope;
  /** Only blockers with these effects count (default: 'removed-fatal' and 'platform-removed'). */
  effects?: JdkMigrationBlocker['effect'][];
}
export interface JdkMigrationBacklogHost {
  hostId: string;
  hostname: string;
  team: string | null;
  /** Why: each blocker with the JVM it was found in. */
  reasons: (JdkMigrationBlocker & { pid: number; mainClass: string | null })[];
}
export interface JdkMigrationBacklogReply {
  target: number;
  blockedHosts: number;
  /** Hosts blocked per rule, most hosts first. */
  byRule: { ruleId: string; effect: JdkMigrationBlocker['effect']; hosts: number }[];
  hosts: JdkPage<JdkMigrationBacklogHost>;
}

export type JdkTrendDimension = 'vendor' | 'feature';
export interface JdkTrendsRequest {
  scope?: JdkSummaryScope;
  /** How many weeks back from the current week (default 12, at most 104). */
  weeks?: number;
  /** Default 'feature'. */
  groupBy?: JdkTrendDimension;
}
export interface JdkTrendPoint {
  /** Monday of the ISO week (UTC), `YYYY-MM-DD`. */
  weekStart: string;
  /** The distribution or the feature release as text; `unknown` when not detected. */
  key: string;
  hosts: number;
  installations: number;
}
export interface JdkTrendsReply {
  groupBy: JdkTrendDimension;
  weeks: string[];
  points: JdkTrendPoint[];
}
