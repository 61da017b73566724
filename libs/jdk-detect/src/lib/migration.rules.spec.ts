import { loadKnowledge } from './knowledge.loader';
import { migrationBlockers } from './migration.rules';

const knowledge = loadKnowledge();
const ids = (cmd: string, from: number, to: number, platform = {}) =>
  migrationBlockers(cmd, from, to, knowledge, platform).map((b) => b.ruleId);

describe('migrationBlockers', () => {
  const legacy =
    '/opt/jdk8/bin/java -XX:MaxPermSize=256m -XX:+UseConcMarkSweepGC -XX:+UseParNewGC -XX:+PrintGCDateStamps --add-modules java.xml.bind -Djava.security.manager -jar app.jar';

  it('lists every rule between the current and the target feature release', () => {
    expect(ids(legacy, 8, 17)).toEqual([
      'gc-logging-flags-removed',
      'parnew-removed',
      'java-ee-corba-removed',
      'cms-expired',
      'security-manager-deprecated',
      'permgen-removed',
    ]);
  });

  it('keeps the warning when the fatal step is beyond the target', () => {
    const blockers = migrationBlockers(legacy, 11, 14, knowledge);
    expect(blockers.map((b) => [b.ruleId, b.effect, b.found])).toEqual([
      ['cms-removed', 'ignored-warning', '-XX:+UseConcMarkSweepGC'],
    ]);
  });

  it('reports every matching flag of a rule, not only the first', () => {
    const found = migrationBlockers(
      'java -XX:+PrintGCDateStamps -XX:+PrintGCTimeStamps -XX:+UseGCLogFileRotation Main',
      8,
      11,
      knowledge,
    ).map((b) => b.found);
    expect(found).toEqual(['-XX:+PrintGCDateStamps', '-XX:+PrintGCTimeStamps', '-XX:+UseGCLogFileRotation']);
  });

  it('makes every CMS flag fatal from 15, not only UseConcMarkSweepGC and CMSClassUnloadingEnabled', () => {
    const cmd =
      'java -XX:CMSInitiatingOccupancyFraction=70 -XX:+UseCMSInitiatingOccupancyOnly -XX:+CMSParallelRemarkEnabled Main';
    expect(migrationBlockers(cmd, 11, 15, knowledge).map((b) => [b.ruleId, b.effect])).toEqual([
      ['cms-expired', 'removed-fatal'],
      ['cms-expired', 'removed-fatal'],
      ['cms-expired', 'removed-fatal'],
    ]);
    expect(new Set(ids(cmd, 11, 14))).toEqual(new Set(['cms-removed']));
  });

  it('treats biased-locking flags as a warning on 18 and fatal from 19 (expired_in 19)', () => {
    const cmd = 'java -XX:-UseBiasedLocking -XX:BiasedLockingStartupDelay=0 Main';
    expect(migrationBlockers(cmd, 17, 18, knowledge).map((b) => b.effect)).toEqual([
      'ignored-warning',
      'ignored-warning',
    ]);
    expect(migrationBlockers(cmd, 17, 19, knowledge).map((b) => [b.ruleId, b.found])).toEqual([
      ['biased-locking-expired', '-XX:-UseBiasedLocking'],
      ['biased-locking-expired', '-XX:BiasedLockingStartupDelay=0'],
    ]);
    expect(ids(cmd, 11, 17)).toEqual([]);
  });

  it("stops JEP 220's removed options at 9: endorsed/ext dirs and -Xbootclasspath/p", () => {
    const cmd =
      'java -Djava.endorsed.dirs=/opt/endorsed -Djava.ext.dirs=/opt/ext -Xbootclasspath/p:/opt/patch.jar -Xbootclasspath/a:/opt/ok.jar Main';
    const b = migrationBlockers(cmd, 8, 9, knowledge);
    expect(b.map((x) => x.found)).toEqual([
      '-Djava.endorsed.dirs=/opt/endorsed',
      '-Djava.ext.dirs=/opt/ext',
      '-Xbootclasspath/p:/opt/patch.jar',
    ]);
    expect(b.every((x) => x.effect === 'removed-fatal')).toBe(true);
    expect(ids(cmd, 9, 17)).toEqual([]);
  });

  it('flags -XX:+UnlockCommercialFeatures when an Oracle JDK 8 moves to an OpenJDK build, even of 8', () => {
    const cmd = 'java -XX:+UnlockCommercialFeatures -XX:+FlightRecorder Main';
    expect(ids(cmd, 8, 8, { fromDistribution: 'oracle' })).toEqual(['unlock-commercial-features-openjdk']);
    expect(ids(cmd, 8, 11)).toEqual(['unlock-commercial-features-openjdk']);
    expect(ids(cmd, 8, 8, { fromDistribution: 'zulu' })).toEqual([]);
    expect(ids(cmd, 8, 7)).toEqual([]);
  });

  it('reports PermGen flags as ignored on 8 when coming from 7', () => {
    expect(ids('java -XX:PermSize=64m Main', 7, 8)).toEqual(['permgen-ignored']);
  });

  it('treats enabling the Security Manager as fatal on 24, but not -Djava.security.manager=disallow', () => {
    expect(ids('java -Djava.security.manager=default Main', 21, 24)).toEqual(['security-manager-disabled']);
    expect(migrationBlockers('java -Djava.security.manager=disallow Main', 21, 24, knowledge)).toEqual([]);
  });

  it('flags 32-bit x86 Linux for 25, but not 32-bit ARM', () => {
    expect(ids('java Main', 21, 25, { bits: 32, os: 'Linux', arch: 'i386' })).toEqual([
      'linux-x86-32-removed',
    ]);
    expect(ids('java Main', 21, 25, { bits: 32, os: 'Linux', arch: 'arm' })).toEqual([]);
    expect(ids('java Main', 21, 25, { bits: 32, os: 'Linux', arch: 'aarch32' })).toEqual([]);
    expect(ids('java Main', 21, 24, { bits: 32, os: 'Linux', arch: 'i386' })).toEqual([]);
    // unknown architecture: flagged, and the finding says so
    expect(migrationBlockers('java Main', 21, 25, knowledge, { bits: 32, os: 'Linux' })[0]?.found).toMatch(
      /architecture unknown/,
    );
  });

  it('finds nothing for a clean command line', () => {
    expect(migrationBlockers('java -Xmx1g -XX:+UseG1GC -jar app.jar', 8, 25, knowledge)).toEqual([]);
  });
});
