import {
  JDK_MIGRATION_TARGETS,
  type JdkHost,
  type JdkLicenceRisk,
  type JdkMigrationBlocker,
} from '@keel/api-contracts';
import {
  assessLicence,
  licenceSignals,
  migrationBlockers,
  supportStatus,
  type FleetReport,
  type InstallationReport,
  type JdkDetection,
  type JdkKnowledge,
  type JdkVersionReport,
  type LicenceSignal,
  type ScanLocation,
} from '@keel/jdk-detect';
import { createHash } from 'node:crypto';

/** Blockers with these effects stop a JVM on the target; the others are warnings. */
export const BLOCKING_EFFECTS: readonly JdkMigrationBlocker['effect'][] = [
  'removed-fatal',
  'platform-removed',
];

/** The columns of one installation that follow from its distribution and version, with jdk-detect's rules. */
export interface InstallationRisk {
  licenceRisk: string;
  licenceTerms: string | null;
  licenceRule: string | null;
  licenceReason: string;
  lts: boolean | null;
  eolDate: string | null;
  endOfLife: boolean | null;
  latestKnown: string | null;
  updatesBehind: number | null;
  belowBaseline: boolean | null;
}

export interface InstallationRow extends InstallationRisk {
  installKey: string;
  path: string;
  location: ScanLocation;
  foundBy: string[];
  evidence: string;
  detection: InstallationReport['detection'];
  vendor: string | null;
  distribution: string | null;
  versionFull: string | null;
  feature: number | null;
  update: number | null;
  imageType: string;
  bits: number | null;
  vm: string | null;
  confidence: string;
  runningJvms: number;
  blockedTargets: number[];
}

export interface JvmTargetBlockers {
  target: number;
  blockers: JdkMigrationBlocker[];
}

export interface JvmRow {
  pid: number;
  location: ScanLocation;
  executable: string;
  installationPath: string | null;
  feature: number | null;
  jvmOptions: string[];
  mainClass: string | null;
  user: string | null;
  blockers: JvmTargetBlockers[];
  /** Options that are a licence signal on this JVM's build (-XX:+UnlockCommercialFeatures on Oracle JDK 8). */
  licenceSignals: LicenceSignal[];
}

export interface BlockerRow extends JdkMigrationBlocker {
  target: number;
  pid: number;
  mainClass: string | null;
}

/** A report's host as derived: the contract's fields, plus what only the store keeps. */
export interface HostRow extends Pick<
  JdkHost,
  'hostname' | 'machineId' | 'os' | 'osVersion' | 'arch' | 'labels' | 'team'
> {
  hostKey: string;
  agentName: string;
  agentVersion: string;
  problems: FleetReport['problems'];
  seenAt: string;
  reportId: string;
  installationCount: number;
  jvmCount: number;
  /**
   * Some installation needs a paid licence or needs review (it might be an Oracle JDK, or its builder
   * is unknown), or a JVM's options are a paid-licence signal.
   */
  licenceRisk: boolean;
  endOfLife: boolean;
  behindBaseline: boolean;
  blockedTargets: number[];
  fingerprint: string;
}

/** One host per ISO week: what it ran, for weekly trends. */
export interface ObservationRow {
  weekStart: string;
  observedAt: string;
  fingerprint: string;
  installations: number;
  /** Installations per distribution (`unknown` when not detected) and per feature release. */
  mix: { vendor: Record<string, number>; feature: Record<string, number> };
}

export interface DerivedReport {
  reportId: string;
  host: HostRow;
  installations: InstallationRow[];
  jvms: JvmRow[];
  blockers: BlockerRow[];
  observation: ObservationRow;
}

/** Which knowledge the derived columns came from: latest-updates' asOf and a hash of every file. */
export function knowledgeVersion(knowledge: JdkKnowledge): string {
  const hash = createHash('sha1').update(JSON.stringify(knowledge)).digest('hex').slice(0, 12);
  return `${knowledge.latestUpdates.asOf}/${hash}`;
}

/** The host's identity: /etc/machine-id when the agent had one, else the hostname. */
export function hostKeyOf(host: FleetReport['host']): string {
  return host.machineId ? `machine:${host.machineId}` : `host:${host.hostname.toLowerCase()}`;
}

/** Where an installation lives, as one string: two reports of the same place have the same key. */
export function locationKeyOf(location: ScanLocation): string {
  switch (location.kind) {
    case 'host':
      return 'host';
    case 'container':
      return `container:${location.image}`;
    case 'pod':
      return `pod:${location.namespace}/${location.pod}/${location.container}`;
  }
}

/** Monday (UTC) of the ISO week of `at`, as YYYY-MM-DD. */
export function weekStartOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday);
  return day.toISOString().slice(0, 10);
}

// A fleet has a few hundred distinct (distribution, version) pairs and option sets: the rules run once
// per pair and day, not once per installation (supportStatus re-parses the release list on each call).
const MEMO_LIMIT = 20_000;
const memos = new WeakMap<JdkKnowledge, Map<string, unknown>>();
function memo<T>(knowledge: JdkKnowledge, key: string, compute: () => T): T {
  let cache = memos.get(knowledge);
  if (!cache) memos.set(knowledge, (cache = new Map()));
  if (cache.has(key)) return cache.get(key) as T;
  const value = compute();
  if (cache.size >= MEMO_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** Licence, support and baseline columns of one (distribution, version), as of `onDate`. */
export function installationRisk(
  distribution: string | null,
  version: JdkVersionReport | null,
  knowledge: JdkKnowledge,
  onDate: Date,
  licenceFacts: LicenceFacts = {},
): InstallationRisk {
  const key = `risk|${onDate.toISOString().slice(0, 10)}|${distribution}|${version?.full ?? ''}|${licenceFacts.oracleTermsPossible === true}|${(licenceFacts.traits ?? []).join(',')}|${licenceFacts.confidence ?? ''}`;
  return memo(knowledge, key, () =>
    computeInstallationRisk(distribution, version, knowledge, onDate, licenceFacts),
  );
}

/** What the detection says beyond distribution and version that the licence verdict depends on. */
export interface LicenceFacts {
  /** Some evidence points at an Oracle-licensed build: never judged free ("needs-review"). */
  oracleTermsPossible?: boolean;
  traits?: string[];
  conflicts?: string[];
  /** How sure the detection is of the builder: "low" (none named, or only guessed) is never judged free. */
  confidence?: JdkDetection['confidence'];
}

function computeInstallationRisk(
  distribution: string | null,
  version: JdkVersionReport | null,
  knowledge: JdkKnowledge,
  onDate: Date,
  licenceFacts: LicenceFacts,
): InstallationRisk {
  const licence = assessLicence({ distribution, version, ...licenceFacts }, knowledge, onDate);
  const support = supportStatus({ distribution, version }, knowledge, onDate);
  return {
    licenceRisk: licence.risk,
    licenceTerms: licence.terms,
    licenceRule: licence.ruleId,
    licenceReason: licence.reason,
    lts: support.lts,
    eolDate: support.eolDate,
    endOfLife: support.endOfLife,
    latestKnown: support.latestKnown,
    updatesBehind: support.updatesBehind,
    belowBaseline: support.belowSecurityBaseline,
  };
}

/**
 * Blockers per migration target above `feature` for one JVM launch. Options are joined with NUL, as in
 * /proc/<pid>/cmdline, so an option with a space stays one option.
 */
export function jvmBlockers(
  jvm: Pick<FleetReport['jvms'][number], 'executable' | 'jvmOptions' | 'mainClass'>,
  feature: number | null,
  knowledge: JdkKnowledge,
  platform: { bits: 32 | 64 | null; os: string | null },
): JvmTargetBlockers[] {
  if (feature === null) return [];
  const key = `jvm|${feature}|${platform.bits}|${platform.os}|${jvm.jvmOptions.join('\0')}`;
  return memo(knowledge, key, () => computeJvmBlockers(jvm, feature, knowledge, platform));
}

function computeJvmBlockers(
  jvm: Pick<FleetReport['jvms'][number], 'executable' | 'jvmOptions' | 'mainClass'>,
  feature: number,
  knowledge: JdkKnowledge,
  platform: { bits: 32 | 64 | null; os: string | null },
): JvmTargetBlockers[] {
  const commandLine = [jvm.executable, ...jvm.jvmOptions, ...(jvm.mainClass ? [jvm.mainClass] : [])].join(
    '\0',
  );
  return JDK_MIGRATION_TARGETS.filter((target) => target > feature)
    .map((target) => ({
      target,
      blockers: migrationBlockers(commandLine, feature, target, knowledge, platform).map((b) => ({
        ruleId: b.ruleId,
        since: b.since,
        effect: b.effect,
        found: b.found,
        explanation: b.explanation,
      })),
    }))
    .filter((t) => t.blockers.length > 0);
}

/** Licence risks that put a host on the licence-risk list (and that the licence-risk query lists by default): a
 * paid licence, or a verdict a person must check. */
export const HOST_LICENCE_RISKS: readonly JdkLicenceRisk[] = ['paid-licence-required', 'needs-review'];

/** The licence signals in one JVM's options, for the build it runs from (none when that is unknown). */
export function jvmLicenceSignals(
  jvm: Pick<FleetReport['jvms'][number], 'executable' | 'jvmOptions'>,
  build: { distribution: string | null; version: JdkVersionReport | null } | undefined,
  knowledge: JdkKnowledge,
): LicenceSignal[] {
  const distribution = build?.distribution ?? null;
  const version = build?.version ?? null;
  if (!distribution || !version) return [];
  const key = `sig|${distribution}|${version.feature}|${jvm.jvmOptions.join('\0')}`;
  return memo(knowledge, key, () =>
    licenceSignals([jvm.executable, ...jvm.jvmOptions].join('\0'), { distribution, version }, knowledge),
  );
}

export const blockedTargetsOf = (targets: readonly JvmTargetBlockers[]): number[] =>
  targets.filter((t) => t.blockers.some((b) => BLOCKING_EFFECTS.includes(b.effect))).map((t) => t.target);

/**
 * Everything the inventory stores for one validated report, with the derived columns computed once
 * here (licence risk, support, updates behind, migration blockers per target), so summaries are plain
 * GROUP BYs. `onDate` is when the rules are applied (the NFTC window and EOL dates depend on it).
 */
export function deriveReport(report: FleetReport, knowledge: JdkKnowledge, onDate: Date): DerivedReport {
  const seen = new Set<string>();
  const installations: InstallationRow[] = [];
  for (const inst of report.installations) {
    const installKey = `${locationKeyOf(inst.location)}|${inst.path}`;
    // one row per place: an agent that lists a JDK twice (PATH and JAVA_HOME) must not fail the batch
    if (seen.has(installKey)) continue;
    seen.add(installKey);
    const d = inst.detection;
    installations.push({
      installKey,
      path: inst.path,
      location: inst.location,
      foundBy: inst.foundBy,
      evidence: inst.evidence,
      detection: d,
      vendor: d.vendor,
      distribution: d.distribution,
      versionFull: d.version?.full ?? null,
      feature: d.version?.feature ?? null,
      update: d.version?.update ?? null,
      imageType: d.imageType,
      bits: d.bits,
      vm: d.vm,
      confidence: d.confidence,
      runningJvms: 0,
      blockedTargets: [],
      ...installationRisk(d.distribution, d.version, knowledge, onDate, {
        oracleTermsPossible: d.oracleTermsPossible,
        traits: d.traits,
        conflicts: d.conflicts,
        confidence: d.confidence,
      }),
    });
  }

  const jvms: JvmRow[] = [];
  const blockers: BlockerRow[] = [];
  for (const jvm of report.jvms) {
    const installation = installationOf(jvm, installations);
    const feature = installation?.feature ?? null;
    const targets = jvmBlockers(jvm, feature, knowledge, {
      bits: installation?.bits === 32 ? 32 : installation?.bits === 64 ? 64 : null,
      os: installation?.detection.os ?? report.host.os,
    });
    if (installation) {
      installation.runningJvms++;
      installation.blockedTargets = union(installation.blockedTargets, blockedTargetsOf(targets));
    }
    jvms.push({
      pid: jvm.pid,
      location: jvm.location,
      executable: jvm.executable,
      installationPath: jvm.installationPath ?? installation?.path ?? null,
      feature,
      jvmOptions: jvm.jvmOptions,
      mainClass: jvm.mainClass,
      user: jvm.user,
      blockers: targets,
      licenceSignals: jvmLicenceSignals(
        jvm,
        installation && { distribution: installation.distribution, version: installation.detection.version },
        knowledge,
      ),
    });
    for (const t of targets) {
      for (const b of t.blockers)
        blockers.push({ ...b, target: t.target, pid: jvm.pid, mainClass: jvm.mainClass });
    }
  }

  const fingerprint = createHash('sha1')
    .update(
      installations
        .map((i) => `${i.installKey}=${i.distribution ?? '?'}@${i.versionFull ?? '?'}`)
        .sort()
        .join('\n'),
    )
    .digest('hex');
  const mix: ObservationRow['mix'] = { vendor: {}, feature: {} };
  for (const i of installations) {
    const vendor = i.distribution ?? 'unknown';
    const feature = i.feature === null ? 'unknown' : String(i.feature);
    mix.vendor[vendor] = (mix.vendor[vendor] ?? 0) + 1;
    mix.feature[feature] = (mix.feature[feature] ?? 0) + 1;
  }
  const h = report.host;
  return {
    reportId: report.reportId,
    host: {
      hostKey: hostKeyOf(h),
      hostname: h.hostname,
      machineId: h.machineId,
      os: h.os,
      osVersion: h.osVersion,
      arch: h.arch,
      labels: h.labels,
      team: h.labels['team'] ?? null,
      agentName: report.agent.name,
      agentVersion: report.agent.version,
      problems: report.problems,
      seenAt: new Date(report.scannedAt).toISOString(),
      reportId: report.reportId,
      installationCount: installations.length,
      jvmCount: jvms.length,
      licenceRisk:
        installations.some((i) => HOST_LICENCE_RISKS.some((risk) => risk === i.licenceRisk)) ||
        jvms.some((j) => j.licenceSignals.some((s) => s.risk === 'paid-licence-required')),
      endOfLife: installations.some((i) => i.endOfLife === true),
      behindBaseline: installations.some((i) => i.belowBaseline === true),
      blockedTargets: jvms.reduce<number[]>((acc, j) => union(acc, blockedTargetsOf(j.blockers)), []),
      fingerprint,
    },
    installations,
    jvms,
    blockers,
    observation: {
      weekStart: weekStartOf(new Date(report.scannedAt)),
      observedAt: new Date(report.scannedAt).toISOString(),
      fingerprint,
      installations: installations.length,
      mix,
    },
  };
}

/** The installation a JVM runs from: the path the agent gave, else the installation whose home holds the executable. */
function installationOf(
  jvm: FleetReport['jvms'][number],
  installations: readonly InstallationRow[],
): InstallationRow | undefined {
  const sameLocation = installations.filter((i) => locationKeyOf(i.location) === locationKeyOf(jvm.location));
  if (jvm.installationPath) {
    const byPath = sameLocation.find((i) => i.path === jvm.installationPath);
    if (byPath) return byPath;
  }
  return sameLocation
    .filter((i) => jvm.executable.startsWith(`${i.path.replace(/\/+$/, '')}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

function union(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}
