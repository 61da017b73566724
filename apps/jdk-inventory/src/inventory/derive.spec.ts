import { assessLicence, identifyJdk, loadKnowledge } from '@keel/jdk-detect';
import { reportOf } from '../../bench/fleet-generator';
import { deriveReport, hostKeyOf, locationKeyOf, weekStartOf } from './derive';

const knowledge = loadKnowledge();
const on = new Date('2026-11-25T12:00:00Z');
const derive = (jdks: Parameters<typeof reportOf>[0]['jdks'], labels: Record<string, string> = {}) =>
  deriveReport(reportOf({ hostname: 'h1', jdks, labels, scannedAt: on }), knowledge, on);

describe('deriveReport', () => {
  it('Oracle JDK 8u211 and later on OTN need a paid licence; 8u202 under the BCL does not', () => {
    const d = derive([
      { distribution: 'oracle', version: '8.0.211' },
      { distribution: 'oracle', version: '8.0.291' },
      { distribution: 'oracle', version: '8.0.202' },
    ]);
    expect(d.installations.map((i) => [i.versionFull, i.licenceRisk, i.licenceTerms])).toEqual([
      ['8.0.211', 'paid-licence-required', 'OTN'],
      ['8.0.291', 'paid-licence-required', 'OTN'],
      ['8.0.202', 'free-with-conditions', 'BCL'],
    ]);
    expect(d.host.licenceRisk).toBe(true);
  });

  it('a JVM with -XX:+UnlockCommercialFeatures on Oracle JDK 8 carries the licence signal and puts its host at risk', () => {
    const d = derive([
      {
        distribution: 'oracle',
        version: '8.0.202',
        jvms: [
          { options: ['-XX:+UnlockCommercialFeatures', '-XX:+FlightRecorder'] },
          { options: ['-Xmx1g'] },
        ],
      },
    ]);
    // 8u202 is BCL (free with conditions): only the option makes the host a licence risk
    expect(d.installations[0]?.licenceRisk).toBe('free-with-conditions');
    expect(d.jvms.map((j) => j.licenceSignals.map((s) => [s.signalId, s.found, s.risk]))).toEqual([
      [['oracle-8-commercial-features', '-XX:+UnlockCommercialFeatures', 'paid-licence-required']],
      [],
    ]);
    expect(d.host.licenceRisk).toBe(true);
    // the same options on an OpenJDK 8 build are no licence signal (they fail to start there instead)
    const openjdk = derive([
      { distribution: 'temurin', version: '8.0.462', jvms: [{ options: ['-XX:+UnlockCommercialFeatures'] }] },
    ]);
    expect(openjdk.jvms[0]?.licenceSignals).toEqual([]);
    expect(openjdk.host.licenceRisk).toBe(false);
  });

  it('counts a needs-review verdict (might be an Oracle JDK) in the host licence-risk flag', () => {
    const report = reportOf({
      hostname: 'h2',
      jdks: [{ distribution: 'oracle-openjdk', version: '16.0.2' }],
      scannedAt: on,
    });
    const detection = report.installations[0]?.detection;
    if (!detection) throw new Error('no installation');
    detection.oracleTermsPossible = true;
    detection.conflicts = ['release file: IMPLEMENTOR Oracle Corporation, no SOURCE'];
    const d = deriveReport(report, knowledge, on);
    expect(d.installations[0]?.licenceRisk).toBe('needs-review');
    expect(d.host.licenceRisk).toBe(true);
    // a free OpenJDK build alone is no risk
    expect(derive([{ distribution: 'temurin', version: '21.0.8' }]).host.licenceRisk).toBe(false);
  });

  it("follows jdk-detect's verdict: an OpenJDK build whose builder is not named is needs-review, not free", () => {
    // RHEL 8's stock 8u332 banner (https://github.com/aldettinger/camel-quarkus-workshop/issues/15)
    const stock = identifyJdk(
      'openjdk version "1.8.0_332"\nOpenJDK Runtime Environment (build 1.8.0_332-b09)\nOpenJDK 64-Bit Server VM (build 25.332-b09, mixed mode)\n',
      knowledge,
    );
    const report = reportOf({ hostname: 'h3', jdks: [{ distribution: null, version: null }], scannedAt: on });
    const installation = report.installations[0];
    if (!installation) throw new Error('no installation');
    installation.detection = stock;
    const d = deriveReport(report, knowledge, on);
    expect(d.installations[0]).toMatchObject({
      distribution: 'openjdk-upstream-unknown',
      confidence: 'low',
      licenceRisk: assessLicence(stock, knowledge, on).risk,
    });
    expect(d.installations[0]?.licenceRisk).toBe('needs-review');
    expect(d.host.licenceRisk).toBe(true);
    // the same distribution and version with the builder named (high confidence) is free
    installation.detection = { ...stock, confidence: 'high' };
    expect(deriveReport(report, knowledge, on).installations[0]?.licenceRisk).toBe('free');
  });

  it('Oracle JDK 17 after its NFTC window is OTN (paid); 17.0.12 within it is not', () => {
    const d = derive([
      { distribution: 'oracle', version: '17.0.14' },
      { distribution: 'oracle', version: '17.0.12' },
    ]);
    expect(d.installations.map((i) => i.licenceRisk)).toEqual([
      'paid-licence-required',
      'free-with-conditions',
    ]);
  });

  it('an OpenJDK build is free; a train past its end of support is end of life', () => {
    const d = derive([
      { distribution: 'temurin', version: '21.0.8' },
      { distribution: 'redhat', version: '11.0.22' },
      { distribution: 'temurin', version: '15.0.2' },
    ]);
    expect(d.installations.map((i) => [i.licenceRisk, i.endOfLife])).toEqual([
      ['free', false],
      ['free', true],
      ['free', true],
    ]);
    expect(d.installations[1]?.eolDate).toBe('2024-10-31');
    expect(d.host.endOfLife).toBe(true);
  });

  it('counts updates behind and flags builds below the security baseline', () => {
    // from the data, so a new release in latest-updates.json moves both builds along with it
    const releases =
      knowledge.latestUpdates.trains.find((t) => t.feature === 17 && !t.distributions)?.releases ?? [];
    const [old, latest] = derive([
      { distribution: 'temurin', version: releases[releases.length - 5]?.version ?? '?' },
      { distribution: 'temurin', version: releases[releases.length - 1]?.version ?? '?' },
    ]).installations;
    expect(old?.updatesBehind).toBe(4);
    expect(old?.belowBaseline).toBe(true);
    expect(latest?.updatesBehind).toBe(0);
    expect(latest?.belowBaseline).toBe(false);
  });

  it('a JVM with -XX:MaxPermSize or CMS options on 8 is blocked for 17, with the option and rule as reason', () => {
    const d = derive([
      {
        distribution: 'temurin',
        version: '8.0.462',
        jvms: [{ options: ['-Xmx1g', '-XX:MaxPermSize=256m'] }, { options: ['-XX:+UseConcMarkSweepGC'] }],
      },
    ]);
    const for17 = d.blockers.filter((b) => b.target === 17).map((b) => [b.ruleId, b.found, b.effect]);
    expect(for17).toEqual(
      expect.arrayContaining([
        ['permgen-removed', '-XX:MaxPermSize=256m', 'removed-fatal'],
        ['cms-expired', '-XX:+UseConcMarkSweepGC', 'removed-fatal'],
      ]),
    );
    // PermGen options are only ignored on 11: the first JVM is not blocked there
    expect(d.blockers.filter((b) => b.target === 11 && b.pid === 1000)).toEqual([]);
    expect(d.host.blockedTargets).toEqual([17, 21, 25]);
    expect(d.installations[0]?.runningJvms).toBe(2);
  });

  it('lists a JDK once when the agent reports the same place twice', () => {
    const d = derive([
      { distribution: 'temurin', version: '17.0.16', path: '/opt/jdk' },
      { distribution: 'temurin', version: '17.0.16', path: '/opt/jdk' },
    ]);
    expect(d.installations).toHaveLength(1);
  });

  it('records the week mix and a fingerprint that ignores order', () => {
    const a = derive([
      { distribution: 'temurin', version: '17.0.16' },
      { distribution: null, version: '11.0.17' },
    ]);
    const b = derive([
      { distribution: null, version: '11.0.17' },
      { distribution: 'temurin', version: '17.0.16' },
    ]);
    expect(a.observation.mix).toEqual({ vendor: { temurin: 1, unknown: 1 }, feature: { '17': 1, '11': 1 } });
    expect(a.observation.fingerprint).toBe(b.observation.fingerprint);
    expect(a.observation.weekStart).toBe('2026-11-23');
  });
});

describe('keys', () => {
  it('a host is its machine-id when it has one, else its hostname', () => {
    const host = reportOf({ hostname: 'Web-1', jdks: [] }).host;
    expect(hostKeyOf(host)).toBe('host:web-1');
    expect(hostKeyOf({ ...host, machineId: 'abc' })).toBe('machine:abc');
  });

  it('locations', () => {
    expect(locationKeyOf({ kind: 'host' })).toBe('host');
    expect(locationKeyOf({ kind: 'container', image: 'app:1', containerId: 'x' })).toBe('container:app:1');
    expect(locationKeyOf({ kind: 'pod', namespace: 'ns', pod: 'p', container: 'c' })).toBe('pod:ns/p/c');
  });

  it('weeks start on Monday (UTC)', () => {
    expect(weekStartOf(new Date('2026-11-29T23:59:59Z'))).toBe('2026-11-23');
    expect(weekStartOf(new Date('2026-11-30T00:00:00Z'))).toBe('2026-11-30');
  });
});
