import type {
  JdkLicenceRisk,
  JdkLicenceTerms,
  JdkUpgradeBenchmarkEvidence,
  JdkUpgradeBlocker,
  JdkUpgradeCandidate,
  JdkUpgradeGroup,
  JdkUpgradePlanReply,
  JdkUpgradePolicy,
  JdkUpgradeTarget,
  JdkUpgradeWave,
  JdkUpgradeWaveName,
} from '@keel/api-contracts';
import {
  assessLicence,
  migrationBlockers,
  parseCommandLine,
  parseJavaVersion,
  type JdkKnowledge,
} from '@keel/jdk-detect';
import fixesFile from './blocker-fixes.json';
import { upgradePlanCsv } from './upgrade-plan.csv';

/**
 * The upgrade planner's pure core: fleet rows, knowledge data, a policy and benchmark evidence in, one
 * recommendation per host group out. No I/O: the service reads the rows and asks jmh-runner, then calls
 * `planUpgrades`. A group is team x environment x distribution x feature release.
 */

/** What a row's group is: team, environment (label), distribution and feature release. */
export interface PlanGroupKey {
  team: string | null;
  environment: string | null;
  distribution: string | null;
  feature: number;
}

/** Installations of one group and version, with their derived risk columns (one SQL GROUP BY row). */
export interface PlanInstallationRow extends PlanGroupKey {
  vendor: string | null;
  version: string | null;
  licenceRisk: JdkLicenceRisk;
  licenceTerms: JdkLicenceTerms | null;
  endOfLife: boolean | null;
  behindBaseline: boolean | null;
  installations: number;
}

/** Distinct hosts of one group (a host with two builds of a group counts once). */
export interface PlanGroupHosts extends PlanGroupKey {
  hosts: number;
}

/** One running JVM of a group: its command line and platform decide the blockers for a target. */
export interface PlanJvm extends PlanGroupKey {
  hostId: string;
  executable: string;
  jvmOptions: string[];
  mainClass: string | null;
  os: string | null;
  bits: 32 | 64 | null;
}

/** A benchmark comparison jmh-runner made between a build like the group's and a candidate's. */
export interface PlanBenchmark {
  baseline: { distribution: string; feature: number; version: string | null };
  candidate: { distribution: string; feature: number; version: string | null };
  evidence: JdkUpgradeBenchmarkEvidence;
}

export interface PlanInput {
  rows: PlanInstallationRow[];
  groupHosts: PlanGroupHosts[];
  jvms: PlanJvm[];
  benchmarks: PlanBenchmark[];
  knowledge: JdkKnowledge;
  policy: JdkUpgradePolicy;
  today: Date;
  /** Why there is no benchmark evidence at all (jmh-runner down), or null. */
  benchmarksUnavailable?: string | null;
}

const FIXES: Record<string, string> = (fixesFile as { fixes: Record<string, string> }).fixes;

const WAVES: { name: JdkUpgradeWaveName; order: number }[] = [
  { name: 'licence-risk', order: 1 },
  { name: 'end-of-life', order: 2 },
  { name: 'behind-baseline', order: 3 },
];

export const groupKey = (g: {
  team: string | null;
  environment: string | null;
  distribution: string | null;
  feature: number;
}) => `${g.team ?? '-'}/${g.environment ?? '-'}/${g.distribution ?? 'unknown'}/${g.feature}`;

/** The fix for a blocker: the rule's entry in blocker-fixes.json, else its explanation. */
export function fixFor(ruleId: string, found: string, explanation: string): string {
  const fix = FIXES[ruleId];
  return fix ? fix.replaceAll('{found}', found) : explanation;
}

const addMonths = (date: Date, months: number) => {
  const d = new Date(date.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

function supportEnd(knowledge: JdkKnowledge, distribution: string, feature: number): string | null {
  const ends = knowledge.supportDates.entries
    .filter((e) => e.distribution === distribution && e.feature === feature)
    .map((e) => e.endDate)
    .sort();
  return ends.at(-1) ?? null;
}

function newestUpdate(knowledge: JdkKnowledge, feature: number): string | null {
  return knowledge.latestUpdates.trains.find((t) => t.feature === feature)?.releases.at(-1)?.version ?? null;
}

const vendorName = (knowledge: JdkKnowledge, distribution: string) =>
  knowledge.vendors.vendors.find((v) => v.id === distribution)?.displayName ?? distribution;

/** A build of `distribution` on train `feature` at its newest update, if the policy accepts it; else why not. */
export function targetOf(
  distribution: string,
  feature: number,
  knowledge: JdkKnowledge,
  policy: JdkUpgradePolicy,
  today: Date,
): { target: JdkUpgradeTarget | null; refusal: string | null } {
  const version = newestUpdate(knowledge, feature);
  const parsed = version ? parseJavaVersion(version) : null;
  if (!version || !parsed) return { target: null, refusal: `no update of Java ${feature} in the data` };
  const supportEnds = supportEnd(knowledge, distribution, feature);
  if (!supportEnds) return { target: null, refusal: `no support date for ${distribution} ${feature}` };
  const needed = addMonths(today, policy.minimumSupportMonths);
  if (supportEnds < needed) {
    return {
      target: null,
      refusal: `${distribution} ${feature} support ends ${supportEnds}, before ${needed} (${policy.minimumSupportMonths} months)`,
    };
  }
  const licence = assessLicence({ distribution, version: parsed }, knowledge, today);
  if (!licence.terms || !policy.allowedLicences.includes(licence.terms)) {
    return {
      target: null,
      refusal: `${distribution} ${version} runs under ${licence.terms ?? 'unknown terms'}`,
    };
  }
  return {
    target: {
      distribution,
      vendor: vendorName(knowledge, distribution),
      feature,
      version,
      licenceTerms: licence.terms,
      licenceRisk: licence.risk,
      supportEnds,
    },
    refusal: null,
  };
}

/** Every target the policy allows for a group on `feature`: preferred vendors x LTS trains from the minimum up. */
export function candidateTargets(
  feature: number,
  knowledge: JdkKnowledge,
  policy: JdkUpgradePolicy,
  today: Date,
): JdkUpgradeTarget[] {
  const trains = knowledge.ltsTrains.trains
    .map((t) => t.feature)
    .filter((f) => f >= Math.max(feature, policy.minimumTargetFeature))
    .sort((a, b) => b - a);
  const targets: JdkUpgradeTarget[] = [];
  for (const distribution of policy.preferredVendors) {
    for (const train of trains) {
      const { target } = targetOf(distribution, train, knowledge, policy, today);
      if (target) targets.push(target);
    }
  }
  return targets;
}

/** A group as the fleet has it, before the plan: the contract's identity and counts, with its rows. */
interface FleetGroup extends Pick<
  JdkUpgradeGroup,
  'key' | 'team' | 'environment' | 'distribution' | 'vendor' | 'feature' | 'hosts' | 'installations'
> {
  versions: { version: string | null; installations: number }[];
  rows: PlanInstallationRow[];
  jvms: PlanJvm[];
}

function groupFleet(input: PlanInput): FleetGroup[] {
  const groups = new Map<string, FleetGroup>();
  for (const row of input.rows) {
    const key = groupKey(row);
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        team: row.team,
        environment: row.environment,
        distribution: row.distribution,
        vendor: row.vendor,
        feature: row.feature,
        hosts: 0,
        installations: 0,
        versions: [],
        rows: [],
        jvms: [],
      };
      groups.set(key, g);
    }
    g.rows.push(row);
    g.installations += row.installations;
    const v = g.versions.find((x) => x.version === row.version);
    if (v) v.installations += row.installations;
    else g.versions.push({ version: row.version, installations: row.installations });
  }
  for (const h of input.groupHosts) {
    const g = groups.get(groupKey(h));
    if (g) g.hosts = h.hosts;
  }
  for (const jvm of input.jvms) groups.get(groupKey(jvm))?.jvms.push(jvm);
  for (const g of groups.values()) {
    g.versions.sort(
      (a, b) => b.installations - a.installations || String(a.version).localeCompare(String(b.version)),
    );
  }
  return [...groups.values()];
}

/** The blockers of a group's JVMs for a target, merged per rule and finding, with their fix. */
function blockersFor(group: FleetGroup, targetFeature: number, knowledge: JdkKnowledge): JdkUpgradeBlocker[] {
  if (targetFeature <= group.feature) return [];
  const merged = new Map<string, JdkUpgradeBlocker & { hostIds: Set<string> }>();
  for (const jvm of group.jvms) {
    // the scanner's own launch order: executable, options, main class (as derive.ts builds it)
    const commandLine = [jvm.executable, ...jvm.jvmOptions, ...(jvm.mainClass ? [jvm.mainClass] : [])].join(
      '\0',
    );
    const found = migrationBlockers(parseCommandLine(commandLine), group.feature, targetFeature, knowledge, {
      bits: jvm.bits,
      os: jvm.os,
    });
    for (const b of found) {
      const key = `${b.ruleId}\u0000${b.found}`;
      let m = merged.get(key);
      if (!m) {
        m = { ...b, fix: fixFor(b.ruleId, b.found, b.explanation), jvms: 0, hosts: 0, hostIds: new Set() };
        merged.set(key, m);
      }
      m.jvms += 1;
      m.hostIds.add(jvm.hostId);
    }
  }
  return [...merged.values()]
    .map(({ hostIds, ...b }) => ({ ...b, hosts: hostIds.size }))
    .sort((a, b) => a.since - b.since || b.jvms - a.jvms || a.found.localeCompare(b.found));
}

const FATAL = new Set(['removed-fatal', 'platform-removed']);

function evidenceFor(
  group: FleetGroup,
  currentVersion: string | null,
  target: JdkUpgradeTarget,
  benchmarks: PlanBenchmark[],
): JdkUpgradeBenchmarkEvidence | null {
  const matching = benchmarks.filter(
    (b) =>
      b.baseline.distribution === group.distribution &&
      b.baseline.feature === group.feature &&
      b.candidate.distribution === target.distribution &&
      b.candidate.feature === target.feature,
  );
  // the group's own version as the baseline first, then the candidate build nearest the target's update
  matching.sort(
    (a, b) =>
      Number(b.baseline.version === currentVersion) - Number(a.baseline.version === currentVersion) ||
      Number(b.candidate.version === target.version) - Number(a.candidate.version === target.version),
  );
  return matching[0]?.evidence ?? null;
}

/** Clean verdicts first, then not benchmarked, then regressed; fewer fatal blockers; vendor order; newest train. */
function rank(c: JdkUpgradeCandidate, policy: JdkUpgradePolicy): number[] {
  const b = c.benchmarks;
  const tier = b === null ? 1 : b.regression + b.crashed > 0 ? 2 : 0;
  return [
    tier,
    b ? b.regression + b.crashed : 0,
    c.fatalBlockers,
    policy.preferredVendors.indexOf(c.distribution),
    -c.feature,
  ];
}

const compareRanks = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};

function describeEvidence(b: JdkUpgradeBenchmarkEvidence | null): string {
  if (!b) return 'not benchmarked against this group`s build';
  const bad = b.regression + b.crashed;
  const side = b.sameVersion ? '' : ' (side-by-side across feature releases)';
  return bad === 0
    ? `no regression in ${b.baselineLabel} -> ${b.candidateLabel}${side}: ${b.improvement} improved, ${b.noChange} unchanged`
    : `${b.regression} regression(s), ${b.crashed} crash(es) in ${b.baselineLabel} -> ${b.candidateLabel}${side}: ${b.regressions.join(', ')}`;
}

function planGroup(group: FleetGroup, input: PlanInput): JdkUpgradeGroup {
  const { knowledge, policy, today } = input;
  const currentVersion = group.versions[0]?.version ?? null;
  const sum = (pick: (r: PlanInstallationRow) => boolean) =>
    group.rows.filter(pick).reduce((n, r) => n + r.installations, 0);
  const exposure = {
    licenceRisk: sum((r) => r.licenceRisk === 'paid-licence-required'),
    endOfLife: sum((r) => r.endOfLife === true),
    behindBaseline: sum((r) => r.behindBaseline === true),
  };
  const licenceNotAllowed = sum(
    (r) =>
      r.licenceRisk === 'paid-licence-required' ||
      !r.licenceTerms ||
      !policy.allowedLicences.includes(r.licenceTerms),
  );
  const here = group.distribution
    ? targetOf(group.distribution, group.feature, knowledge, policy, today)
    : null;
  const supportShort = !here?.target && group.distribution !== null && exposure.endOfLife === 0;

  const base = {
    key: group.key,
    team: group.team,
    environment: group.environment,
    distribution: group.distribution,
    vendor: group.vendor,
    feature: group.feature,
    hosts: group.hosts,
    installations: group.installations,
    currentVersion,
    versions: group.versions,
    exposure,
  };
  const wave: JdkUpgradeWaveName | null =
    licenceNotAllowed > 0
      ? 'licence-risk'
      : exposure.endOfLife > 0 || supportShort
        ? 'end-of-life'
        : exposure.behindBaseline > 0
          ? 'behind-baseline'
          : null;

  // acceptable where it is (vendor, terms, support left): at most an update within the train
  // a train below the policy's minimum is not a place to stay, however well supported
  const belowMinimum = group.feature < policy.minimumTargetFeature;
  const stay = belowMinimum ? undefined : here?.target;
  if (stay && licenceNotAllowed === 0 && exposure.endOfLife === 0) {
    const current = group.versions.every((v) => v.version === stay.version);
    if (current) {
      return {
        ...base,
        action: 'none',
        target: null,
        reason: `Current: ${stay.vendor} ${stay.version}, ${stay.licenceTerms}, supported until ${stay.supportEnds}.`,
        candidates: [],
        blockers: [],
        removes: { licenceRisk: 0, endOfLife: 0, behindBaseline: 0 },
        wave: null,
      };
    }
    return {
      ...base,
      action: 'update',
      target: stay,
      reason: `Update within Java ${group.feature} to ${stay.version} (newest update; no migration needed).`,
      candidates: [{ ...stay, chosen: true, fatalBlockers: 0, benchmarks: null, note: 'same train' }],
      blockers: [],
      removes: { licenceRisk: 0, endOfLife: 0, behindBaseline: exposure.behindBaseline },
      wave,
    };
  }

  const targets = candidateTargets(group.feature, knowledge, policy, today);
  const candidates: JdkUpgradeCandidate[] = targets.map((t) => {
    const fatalBlockers = blockersFor(group, t.feature, knowledge).filter((b) => FATAL.has(b.effect)).length;
    const benchmarks = evidenceFor(group, currentVersion, t, input.benchmarks);
    return { ...t, chosen: false, fatalBlockers, benchmarks, note: describeEvidence(benchmarks) };
  });
  candidates.sort((a, b) => compareRanks(rank(a, policy), rank(b, policy)));
  const chosen = candidates[0];
  const why =
    licenceNotAllowed > 0
      ? `${licenceNotAllowed} installation(s) under licence terms the policy does not allow`
      : exposure.endOfLife > 0
        ? `${exposure.endOfLife} installation(s) past end of life`
        : belowMinimum
          ? `Java ${group.feature} is below the policy's minimum train (Java ${policy.minimumTargetFeature})`
          : (here?.refusal ?? 'outside the policy');
  if (!chosen) {
    return {
      ...base,
      action: 'migrate',
      target: null,
      reason: `Needs a move (${why}), but no build satisfies the policy: check preferredVendors, allowedLicences and minimumSupportMonths.`,
      candidates: [],
      blockers: [],
      removes: { licenceRisk: 0, endOfLife: 0, behindBaseline: 0 },
      wave,
    };
  }
  chosen.chosen = true;
  const { chosen: _c, fatalBlockers: _f, benchmarks: _b, note: _n, ...target } = chosen;
  const blockers = blockersFor(group, target.feature, knowledge);
  return {
    ...base,
    action: 'migrate',
    target,
    reason: `Move to ${target.vendor} ${target.version} (${target.licenceTerms}, supported until ${target.supportEnds}): ${why}; ${chosen.note}; ${blockers.length} blocker(s) to fix first.`,
    candidates,
    blockers,
    removes: exposure,
    wave,
  };
}

/** The whole plan: groups needing work first (by wave, most hosts first), then the current ones. */
export function planUpgrades(input: PlanInput): JdkUpgradePlanReply {
  const groups = groupFleet(input).map((g) => planGroup(g, input));
  const waveOrder = (g: JdkUpgradeGroup) =>
    WAVES.find((w) => w.name === g.wave)?.order ?? (g.action === 'update' ? 4 : 5);
  groups.sort((a, b) => waveOrder(a) - waveOrder(b) || b.hosts - a.hosts || a.key.localeCompare(b.key));
  const waves: JdkUpgradeWave[] = WAVES.map((w) => {
    const members = groups.filter((g) => g.wave === w.name);
    return {
      order: w.order,
      name: w.name,
      groupKeys: members.map((g) => g.key),
      hosts: members.reduce((n, g) => n + g.hosts, 0),
      installations: members.reduce((n, g) => n + g.installations, 0),
    };
  }).filter((w) => w.groupKeys.length > 0);
  return {
    generatedAt: input.today.toISOString(),
    policy: input.policy,
    knowledgeAsOf: input.knowledge.latestUpdates.asOf,
    groups,
    waves,
    csv: upgradePlanCsv(groups),
    benchmarksUnavailable: input.benchmarksUnavailable ?? null,
  };
}
