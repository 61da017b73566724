import type { JdkUpgradeBenchmarkEvidence } from '@keel/api-contracts';
import { defaultKnowledgeDir, loadKnowledge } from '@keel/jdk-detect';
import { csvField, upgradePlanCsv } from './upgrade-plan.csv';
import { planUpgrades, type PlanInput, type PlanInstallationRow, type PlanJvm } from './upgrade-plan';
import { DEFAULT_UPGRADE_POLICY, InvalidUpgradePolicy, parseUpgradePolicy } from './upgrade-policy';

// The knowledge data checked into libs/jdk-detect/data, on a fixed day: the fixtures' expectations
// (Temurin 21's newest update, support dates) come from those files, not from this test.
const knowledge = loadKnowledge(defaultKnowledgeDir());
const today = new Date('2026-11-25T12:00:00Z');
/** The value, or a failed test saying what was missing. */
function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}`);
  return value;
}
const newest = (feature: number) =>
  must(
    knowledge.latestUpdates.trains.find((t) => t.feature === feature)?.releases.at(-1),
    `Java ${feature} updates`,
  ).version;

const row = (over: Partial<PlanInstallationRow>): PlanInstallationRow => ({
  team: 'payments',
  environment: 'prod',
  distribution: 'oracle',
  vendor: 'Oracle JDK',
  feature: 8,
  version: '8.0.381',
  licenceRisk: 'paid-licence-required',
  licenceTerms: 'OTN',
  endOfLife: false,
  behindBaseline: true,
  installations: 1,
  ...over,
});

const jvm = (hostId: string, jvmOptions: string[], over: Partial<PlanJvm> = {}): PlanJvm => ({
  team: 'payments',
  environment: 'prod',
  distribution: 'oracle',
  feature: 8,
  hostId,
  executable: '/opt/oracle/jdk1.8.0_381/bin/java',
  jvmOptions,
  mainClass: 'com.example.Main',
  os: 'linux',
  bits: 64,
  ...over,
});

const evidence = (over: Partial<JdkUpgradeBenchmarkEvidence>): JdkUpgradeBenchmarkEvidence => ({
  comparisonId: 'c-1',
  baselineLabel: 'oracle-8.0.381',
  candidateLabel: 'temurin-21',
  sameVersion: false,
  regression: 0,
  improvement: 3,
  noChange: 5,
  inconclusive: 0,
  crashed: 0,
  missing: 0,
  regressions: [],
  ...over,
});

/** Oracle 8u381 on 3 payments hosts (PermGen and CMS flags on their JVMs), Temurin 21 current on search. */
function fleet(over: Partial<PlanInput> = {}): PlanInput {
  return {
    rows: [
      row({ installations: 2 }),
      row({ version: '8.0.202', licenceTerms: 'BCL', licenceRisk: 'free-with-conditions', installations: 1 }),
      row({
        team: 'search',
        distribution: 'temurin',
        vendor: 'Eclipse Temurin',
        feature: 21,
        version: newest(21),
        licenceRisk: 'free',
        licenceTerms: 'GPLv2+CE',
        behindBaseline: false,
        installations: 4,
      }),
    ],
    groupHosts: [
      { team: 'payments', environment: 'prod', distribution: 'oracle', feature: 8, hosts: 3 },
      { team: 'search', environment: 'prod', distribution: 'temurin', feature: 21, hosts: 4 },
    ],
    jvms: [
      jvm('1', ['-Xmx2g', '-XX:MaxPermSize=256m', '-XX:+UseConcMarkSweepGC']),
      jvm('2', ['-Xmx2g', '-XX:MaxPermSize=256m']),
      jvm('2', ['-XX:MaxPermSize=256m', '-Dapp=batch']),
      jvm('9', ['-XX:MaxPermSize=128m'], { team: 'search', distribution: 'temurin', feature: 21 }),
    ],
    benchmarks: [
      {
        baseline: { distribution: 'oracle', feature: 8, version: '8.0.381' },
        candidate: { distribution: 'temurin', feature: 25, version: newest(25) },
        evidence: evidence({
          comparisonId: 'c-25',
          candidateLabel: 'temurin-25',
          regression: 1,
          regressions: ['dev.keel.jmh.StringBenchmark.concat [thrpt]'],
        }),
      },
      {
        baseline: { distribution: 'oracle', feature: 8, version: '8.0.381' },
        candidate: { distribution: 'temurin', feature: 21, version: newest(21) },
        evidence: evidence({ comparisonId: 'c-21' }),
      },
    ],
    knowledge,
    policy: DEFAULT_UPGRADE_POLICY,
    today,
    ...over,
  };
}

describe('upgrade planner', () => {
  it('gives an Oracle JDK 8 group with PermGen flags a free LTS target, the flags to change and the verdicts behind it', () => {
    const plan = planUpgrades(fleet());
    const oracle = must(
      plan.groups.find((g) => g.key === 'payments/prod/oracle/8'),
      'a match',
    );
    expect(oracle).toMatchObject({
      hosts: 3,
      installations: 3,
      currentVersion: '8.0.381',
      action: 'migrate',
      wave: 'licence-risk',
      exposure: { licenceRisk: 2, endOfLife: 0, behindBaseline: 3 },
      removes: { licenceRisk: 2, behindBaseline: 3 },
    });
    // Temurin 25 regressed one benchmark against this group's build, Temurin 21 did not: 21 it is
    expect(oracle.target).toEqual({
      distribution: 'temurin',
      vendor: 'Eclipse Temurin',
      feature: 21,
      version: newest(21),
      licenceTerms: 'GPLv2+CE',
      licenceRisk: 'free',
      supportEnds: '2029-12-31',
    });
    const chosen = must(
      oracle.candidates.find((c) => c.chosen),
      'a match',
    );
    expect(chosen.benchmarks).toMatchObject({ comparisonId: 'c-21', regression: 0, crashed: 0 });
    const t25 = must(
      oracle.candidates.find((c) => c.distribution === 'temurin' && c.feature === 25),
      'a match',
    );
    expect(t25).toMatchObject({
      chosen: false,
      benchmarks: { regressions: ['dev.keel.jmh.StringBenchmark.concat [thrpt]'] },
    });
    expect(t25.note).toMatch(/1 regression/);
    // the flags to change, each with its fix, counted over the group's JVMs and hosts
    expect(oracle.blockers.map((b) => [b.ruleId, b.found, b.jvms, b.hosts])).toEqual([
      ['cms-expired', '-XX:+UseConcMarkSweepGC', 1, 1],
      ['permgen-removed', '-XX:MaxPermSize=256m', 3, 2],
    ]);
    const permgen = must(
      oracle.blockers.find((b) => b.ruleId === 'permgen-removed'),
      'a match',
    );
    expect(permgen.fix).toBe(
      'Remove -XX:MaxPermSize=256m: the JVM refuses to start with it; use -XX:MaxMetaspaceSize=<size> if a cap is needed.',
    );
    expect(oracle.reason).toMatch(
      /Eclipse Temurin .* licence terms the policy does not allow.*no regression/,
    );
  });

  it('gives a group already current no action and no wave', () => {
    const plan = planUpgrades(fleet());
    const search = must(
      plan.groups.find((g) => g.key === 'search/prod/temurin/21'),
      'a match',
    );
    expect(search).toMatchObject({ action: 'none', target: null, wave: null, candidates: [], blockers: [] });
    expect(search.reason).toMatch(/^Current: Eclipse Temurin/);
    expect(plan.waves).toEqual([
      { order: 1, name: 'licence-risk', groupKeys: ['payments/prod/oracle/8'], hosts: 3, installations: 3 },
    ]);
    // groups needing work come first
    expect(plan.groups.map((g) => g.key)).toEqual(['payments/prod/oracle/8', 'search/prod/temurin/21']);
  });

  it('picks an unbenchmarked candidate over a regressed one, and the preferred vendor among equals', () => {
    const plan = planUpgrades(fleet({ benchmarks: fleet().benchmarks.slice(0, 1) }));
    const oracle = must(
      plan.groups.find((g) => g.key === 'payments/prod/oracle/8'),
      'a match',
    );
    // no evidence for Temurin 21 (or anything but Temurin 25, which regressed): newest train of the first vendor
    expect(oracle.target).toMatchObject({ distribution: 'temurin', feature: 21 });
    expect(
      must(
        oracle.candidates.find((c) => c.chosen),
        'a match',
      ).benchmarks,
    ).toBeNull();
    expect(oracle.candidates.at(-1)).toMatchObject({ distribution: 'temurin', feature: 25 });
  });

  it('updates within the train a group on a preferred, supported vendor that is behind, and moves one whose support runs out', () => {
    const rows = [
      row({
        team: 'web',
        distribution: 'corretto',
        vendor: 'Amazon Corretto',
        feature: 21,
        version: '21.0.4',
        licenceRisk: 'free',
        licenceTerms: 'GPLv2+CE',
        behindBaseline: true,
      }),
      row({
        team: 'ops',
        distribution: 'temurin',
        vendor: 'Eclipse Temurin',
        feature: 17,
        version: newest(17),
        licenceRisk: 'free',
        licenceTerms: 'GPLv2+CE',
        behindBaseline: false,
      }),
    ];
    const plan = planUpgrades(fleet({ rows, groupHosts: [], jvms: [], benchmarks: [] }));
    const web = must(
      plan.groups.find((g) => g.team === 'web'),
      'a match',
    );
    expect(web).toMatchObject({
      action: 'update',
      wave: 'behind-baseline',
      target: { distribution: 'corretto', version: newest(21) },
    });
    expect(web.blockers).toEqual([]);
    // Temurin 17's community support ends 2027-10-31, inside the 24 months the default policy asks for
    const ops = must(
      plan.groups.find((g) => g.team === 'ops'),
      'a match',
    );
    expect(ops).toMatchObject({ action: 'migrate', wave: 'end-of-life' });
    expect(must(ops.target, 'a target').feature).toBeGreaterThan(17);
  });

  it('says so when no build satisfies the policy, instead of inventing a target', () => {
    const policy = parseUpgradePolicy({ preferredVendors: ['oracle'] }, 'test');
    const plan = planUpgrades(fleet({ policy }));
    const oracle = must(
      plan.groups.find((g) => g.key === 'payments/prod/oracle/8'),
      'a match',
    );
    expect(oracle).toMatchObject({ action: 'migrate', target: null, candidates: [] });
    expect(oracle.reason).toMatch(/no build satisfies the policy/);
  });

  it('refuses a policy with a bad field, naming it', () => {
    expect(() => parseUpgradePolicy({ minimumSupportMonths: -1 }, 'policy.json')).toThrow(
      InvalidUpgradePolicy,
    );
    expect(() => parseUpgradePolicy({ allowedLicences: ['MIT'] }, 'policy.json')).toThrow(
      /"allowedLicences.0"/,
    );
    expect(() => parseUpgradePolicy({ preferedVendors: ['temurin'] }, 'policy.json')).toThrow(
      /Unrecognized key/,
    );
  });

  it('writes the plan as CSV, one row per group, with values a spreadsheet would run neutralised', () => {
    const plan = planUpgrades(fleet());
    const lines = plan.csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^wave,group,team,environment,vendor,feature,current_version,hosts/);
    expect(lines[1]).toMatch(
      /^licence-risk,payments\/prod\/oracle\/8,payments,prod,Oracle JDK,8,8.0.381,3,3,migrate,Eclipse Temurin,21\./,
    );
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(upgradePlanCsv([])).toBe(`${lines[0]}\r\n`);
  });
});
