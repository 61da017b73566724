import { JdkVersion } from './jdk-build';
import { identifyJdk } from './jdk-identify';
import { loadKnowledge } from './knowledge.loader';
import { assessLicence, licenceSignals } from './licence.rules';
import { parseJavaVersion } from './version-string.parser';

const knowledge = loadKnowledge();
const v = (s: string): JdkVersion => {
  const parsed = parseJavaVersion(s);
  if (!parsed) throw new Error(s);
  return parsed;
};
const on = new Date('2026-12-02T00:00:00Z');
const assess = (distribution: string, version: string, extra: object = {}) =>
  assessLicence({ distribution, version: v(version), ...extra }, knowledge, on);

describe('assessLicence at each boundary (licence-terms.json)', () => {
  it.each([
    // Oracle 6: last public update 6u45; 6u46+ only for support customers
    ['oracle', '1.6.0_45', 'BCL', 'free-with-conditions'],
    ['oracle', '1.6.0_46', 'ORACLE-SUPPORT', 'paid-licence-required'],
    // Oracle 7: last public update 7u80; 7u81+ only for support customers
    ['oracle', '1.7.0_80', 'BCL', 'free-with-conditions'],
    ['oracle', '1.7.0_81', 'ORACLE-SUPPORT', 'paid-licence-required'],
    // Oracle 8: BCL through 8u202, OTN from 8u211 (8u203-210 never public)
    ['oracle', '1.8.0_202', 'BCL', 'free-with-conditions'],
    ['oracle', '1.8.0_203', 'OTN', 'paid-licence-required'],
    ['oracle', '1.8.0_211', 'OTN', 'paid-licence-required'],
    ['oracle', '10.0.2', 'BCL', 'free-with-conditions'],
    ['oracle', '11.0.20', 'OTN', 'paid-licence-required'],
    ['oracle', '16.0.2', 'OTN', 'paid-licence-required'],
    // NFTC window of 17 closed after 17.0.12; 21's after 21.0.12 (one year after 25 GA)
    ['oracle', '17.0.12', 'NFTC', 'free-with-conditions'],
    ['oracle', '17.0.13', 'OTN', 'paid-licence-required'],
    ['oracle', '21.0.12', 'NFTC', 'free-with-conditions'],
    ['oracle', '21.0.13', 'OTN', 'paid-licence-required'],
    ['oracle', '25.0.3', 'NFTC', 'free-with-conditions'],
    // Oracle GraalVM: GFTC until 17.0.12, GraalVM OTN from 17.0.13
    ['graalvm', '17.0.12', 'GFTC', 'free-with-conditions'],
    ['graalvm', '17.0.13', 'GRAALVM-OTN', 'paid-licence-required'],
    ['graalvm', '21.0.9', 'GFTC', 'free-with-conditions'],
    ['graalvm', '21.0.13', 'GRAALVM-OTN', 'paid-licence-required'],
    ['zing', '17.0.10', 'AZUL-COMMERCIAL', 'paid-licence-required'],
    ['ibm', '1.8.0_171', 'VENDOR-BUNDLED', 'free-with-conditions'],
    ['oracle-openjdk', '17.0.2', 'GPLv2+CE', 'free'],
    ['temurin', '8.0.472', 'GPLv2+CE', 'free'],
    ['corretto', '21.0.5', 'GPLv2+CE', 'free'],
    // Tribblix builds OpenJDK from the upstream tags (tribblix/build TRIBopenjdk27/build.sh): the GPL, like other distro packages
    ['tribblix', '27.0.0', 'GPLv2+CE', 'free'],
    // Arch Linux's jdk*-openjdk packages are OpenJDK built from the upstream sources (IMPLEMENTOR="Arch Linux")
    ['archlinux', '21.0.11', 'GPLv2+CE', 'free'],
  ])('%s %s → %s', (distribution, version, terms, risk) => {
    const a = assess(distribution, version);
    expect([a.terms, a.risk]).toEqual([terms, risk]);
    expect(a.reason.length).toBeGreaterThan(10);
  });

  it('puts GraalVM Enterprise (e.g. EE 22.3 on 17) under paid terms, not the GFTC', () => {
    expect(assess('graalvm', '17.0.5', { traits: ['graalvm-ee'] })).toMatchObject({
      terms: 'ORACLE-SUPPORT',
      risk: 'paid-licence-required',
      ruleId: 'graalvm-ee-paid',
    });
    const text = `java version "17.0.5" 2022-10-18 LTS
Java(TM) SE Runtime Environment GraalVM EE 22.3.0 (build 17.0.5+9-LTS-jvmci-22.3-b07)
Java HotSpot(TM) 64-Bit Server VM GraalVM EE 22.3.0 (build 17.0.5+9-LTS-jvmci-22.3-b07, mixed mode, sharing)`;
    const d = identifyJdk(text, knowledge);
    expect(d.traits).toContain('graalvm-ee');
    expect(assessLicence(d, knowledge, on).risk).toBe('paid-licence-required');
  });

  it('puts a 25 update after the NFTC window (one year after the next LTS) under OTN by its release date', () => {
    const a = assessLicence(
      { distribution: 'oracle', version: v('25.0.9'), releaseDate: '2028-10-17' },
      knowledge,
      new Date('2028-11-01'),
    );
    expect(a.terms).toBe('OTN');
  });

  it('never says free when the evidence might be an Oracle JDK', () => {
    const a = assess('oracle-openjdk', '16.0.2', { oracleTermsPossible: true, conflicts: ['x'] });
    expect(a.risk).toBe('needs-review');
    expect(a.terms).toBeNull();
    // an Oracle verdict stays an Oracle verdict
    expect(assess('oracle', '16.0.2', { oracleTermsPossible: true }).terms).toBe('OTN');
  });

  it('says needs-review, not free, when no builder is named or it is only guessed (confidence low)', () => {
    // a stock banner (RHEL 8's 8u332, https://github.com/aldettinger/camel-quarkus-workshop/issues/15)
    const stock = identifyJdk(
      'openjdk version "1.8.0_332"\nOpenJDK Runtime Environment (build 1.8.0_332-b09)\nOpenJDK 64-Bit Server VM (build 25.332-b09, mixed mode)\n',
      knowledge,
    );
    expect(stock.distribution).toBe('openjdk-upstream-unknown');
    expect(assessLicence(stock, knowledge, on)).toMatchObject({ risk: 'needs-review', terms: 'GPLv2+CE' });
    // Liberica's stock '-LTS' banner (https://github.com/bell-sw/Liberica/issues/108): a low-confidence guess
    const guessed = identifyJdk(
      'openjdk version "11.0.17" 2022-10-18 LTS\nOpenJDK Runtime Environment (build 11.0.17+7-LTS)\nOpenJDK 64-Bit Server VM (build 11.0.17+7-LTS, mixed mode)\n',
      knowledge,
    );
    expect([guessed.distribution, guessed.confidence]).toEqual(['liberica', 'low']);
    expect(assessLicence(guessed, knowledge, on).risk).toBe('needs-review');
    // the same build with its vendor named is free
    expect(assess('liberica', '11.0.17', { confidence: 'high' }).risk).toBe('free');
    expect(assess('liberica', '11.0.17', { confidence: 'medium' }).risk).toBe('free');
  });

  it('says unknown when the distribution is unknown', () => {
    expect(assessLicence({ distribution: null, version: v('17.0.1') }, knowledge, on)).toMatchObject({
      risk: 'unknown',
      terms: null,
    });
  });
});

describe('licenceSignals', () => {
  it('flags -XX:+UnlockCommercialFeatures on Oracle JDK 8 as needing a paid licence', () => {
    const cmd = 'java -XX:+UnlockCommercialFeatures -XX:+FlightRecorder -jar app.jar';
    expect(licenceSignals(cmd, { distribution: 'oracle', version: v('1.8.0_202') }, knowledge)).toEqual([
      expect.objectContaining({ signalId: 'oracle-8-commercial-features', risk: 'paid-licence-required' }),
    ]);
    expect(licenceSignals(cmd, { distribution: 'temurin', version: v('1.8.0_402') }, knowledge)).toEqual([]);
    expect(
      licenceSignals(
        'java -XX:-UnlockCommercialFeatures Main',
        { distribution: 'oracle', version: v('1.8.0_202') },
        knowledge,
      ),
    ).toEqual([]);
  });
});
