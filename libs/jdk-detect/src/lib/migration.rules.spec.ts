import { loadKnowledge } from './knowledge.loader';
import { migrationBlockers } from './migration.rules';

const knowledge = loadKnowledge();

describe('migrationBlockers', () => {
  const legacy =
    '/opt/jdk8/bin/java -XX:MaxPermSize=256m -XX:+UseConcMarkSweepGC -XX:+UseParNewGC -XX:+PrintGCDateStamps --add-modules java.xml.bind -Djava.security.manager -jar app.jar';

  it('lists every rule between the current and the target feature release', () => {
    const ids = migrationBlockers(legacy, 8, 17, knowledge).map((b) => b.ruleId);
    expect(ids).toEqual([
      'gc-logging-flags-removed',
      'parnew-removed',
      'java-ee-corba-removed',
      'cms-expired',
      'permgen-removed',
      'security-manager-deprecated',
    ]);
  });

  it('keeps the warning when the fatal step is beyond the target', () => {
    const blockers = migrationBlockers(legacy, 11, 14, knowledge);
    expect(blockers.map((b) => [b.ruleId, b.effect, b.found])).toEqual([
      ['cms-removed', 'ignored-warning', '-XX:+UseConcMarkSweepGC'],
    ]);
  });

  it('reports PermGen flags as ignored on 8 when coming from 7', () => {
    expect(migrationBlockers('java -XX:PermSize=64m Main', 7, 8, knowledge).map((b) => b.ruleId)).toEqual([
      'permgen-ignored',
    ]);
  });

  it('treats enabling the Security Manager as fatal on 24, but not -Djava.security.manager=disallow', () => {
    expect(
      migrationBlockers('java -Djava.security.manager=default Main', 21, 24, knowledge).map((b) => b.ruleId),
    ).toEqual(['security-manager-disabled']);
    expect(migrationBlockers('java -Djava.security.manager=disallow Main', 21, 24, knowledge)).toEqual([]);
  });

  it('flags 32-bit platforms that the target no longer builds for', () => {
    const b = migrationBlockers('java Main', 21, 25, knowledge, { bits: 32, os: 'Linux' });
    expect(b.map((x) => x.ruleId)).toEqual(['linux-x86-32-removed']);
  });

  it('finds nothing for a clean command line', () => {
    expect(migrationBlockers('java -Xmx1g -XX:+UseG1GC -jar app.jar', 8, 25, knowledge)).toEqual([]);
  });
});
