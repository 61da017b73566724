import { loadKnowledge } from '@keel/jdk-detect';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostFs } from '../host/host-fs';
import { RecordedRunner } from '../runner/recorded-runner';
import { probeJdkHome } from './jdk-home.probe';

const FIXTURES = join(__dirname, '../../../../libs/jdk-detect/src/fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const knowledge = loadKnowledge();
const HOME = '/usr/lib/jvm/temurin-25-jdk-amd64';

describe('probeJdkHome', () => {
  let root: string;
  let fs: HostFs;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'jdk-scan-probe-'));
    fs = new HostFs(root);
    mkdirSync(join(root, HOME, 'bin'), { recursive: true });
    writeFileSync(join(root, HOME, 'bin/java'), '', { mode: 0o755 });
    copyFileSync(join(FIXTURES, 'local-temurin-25.release'), join(root, HOME, 'release'));
    mkdirSync(join(root, 'opt/jdk6/bin'), { recursive: true }); // no release file, like JDK 6
    writeFileSync(join(root, 'opt/jdk6/bin/java'), '', { mode: 0o755 });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const java = (home: string) => join(root, home, 'bin/java');
  const probe = (home: string, runner: RecordedRunner, execute = true) =>
    probeJdkHome(home, { fs, runner, knowledge, timeoutMs: 1000, execute });

  it('identifies from the JVM properties, with jdk/jre from the release file', async () => {
    const runner = new RecordedRunner([
      {
        prefix: `${java(HOME)} -XshowSettings:properties -version`,
        result: { stderr: fixture('local-temurin-25.showsettings.txt') },
      },
    ]);
    const { identity, problems } = await probe(HOME, runner);
    expect(problems).toEqual([]);
    expect(identity?.evidence).toBe('show-settings');
    expect(identity?.javaHome).toBe(HOME);
    expect(identity?.detection).toMatchObject({
      distribution: 'temurin',
      version: { feature: 25, update: 3, build: 9, full: '25.0.3' },
      imageType: 'jdk',
      arch: 'amd64',
    });
  });

  it("reads the image's legal/ licence text: an Oracle JDK release file that looks like OpenJDK is Oracle's", async () => {
    const home = '/opt/jdk-16-oracle';
    mkdirSync(join(root, home, 'legal/java.base'), { recursive: true });
    // IMPLEMENTOR as in Oracle's OpenJDK builds, no SOURCE: the release file alone cannot tell
    writeFileSync(join(root, home, 'release'), 'IMPLEMENTOR="Oracle Corporation"\nJAVA_VERSION="16.0.2"\n');
    const { identity } = await probe(home, new RecordedRunner([]), false);
    expect(identity?.detection.distribution).toBe('oracle-openjdk');
    expect(identity?.detection.oracleTermsPossible).toBe(true);
    writeFileSync(
      join(root, home, 'legal/java.base/LICENSE'),
      'ORACLE TECHNOLOGY NETWORK LICENSE AGREEMENT FOR ORACLE JAVA SE\n...',
    );
    const again = await probe(home, new RecordedRunner([]), false);
    expect(again.identity?.detection).toMatchObject({ distribution: 'oracle', vendor: 'Oracle JDK' });
    expect(again.identity?.detection.evidence).toContainEqual(
      expect.objectContaining({ field: 'legalNotices', rule: 'oracle-legal' }),
    );
  });

  it('falls back to the release file when java cannot run, and reports the broken java', async () => {
    const runner = new RecordedRunner([
      { prefix: java(HOME), result: { exitCode: null, spawnError: 'EACCES' } },
    ]);
    const { identity, problems } = await probe(HOME, runner);
    expect(identity?.evidence).toBe('release-file');
    expect(identity?.detection.version?.full).toBe('25.0.3');
    expect(problems).toEqual([
      { source: `jdk:${HOME}`, message: expect.stringContaining('could not start (EACCES)') },
    ]);
    expect(runner.calls).toHaveLength(1); // no second try of a java that cannot start
  });

  it('reports a java that exits with an error even when the release file identifies the JDK', async () => {
    const runner = new RecordedRunner([
      {
        prefix: java(HOME),
        result: {
          exitCode: 1,
          stderr: 'Error: could not find libjvm.so\nError: Could not find Java SE Runtime Environment.',
        },
      },
    ]);
    const { identity, problems } = await probe(HOME, runner);
    expect(identity?.evidence).toBe('release-file');
    expect(problems[0].message).toContain('exited with status 1: Error: could not find libjvm.so');
  });

  it('uses java -version for a java that predates -XshowSettings and has no release file', async () => {
    const runner = new RecordedRunner([
      {
        prefix: `${java('/opt/jdk6')} -XshowSettings`,
        result: {
          exitCode: 1,
          stderr:
            'Unrecognized option: -XshowSettings:properties\nCould not create the Java virtual machine.',
        },
      },
      { prefix: `${java('/opt/jdk6')} -version`, result: { stderr: fixture('oracle-jdk-8u71.version.txt') } },
    ]);
    const { identity, problems } = await probe('/opt/jdk6', runner);
    expect(problems).toEqual([]);
    expect(identity?.evidence).toBe('java-version');
    expect(identity?.detection.version?.full).toBe('8.0.71');
  });

  it('never runs java under a host root, and names what is missing when nothing identifies a home', async () => {
    const runner = new RecordedRunner([]);
    const withRelease = await probe(HOME, runner, false);
    expect(withRelease.identity?.evidence).toBe('release-file');
    const without = await probe('/opt/jdk6', runner, false);
    expect(without.identity).toBeNull();
    expect(without.problems).toEqual([
      { source: 'jdk:/opt/jdk6', message: expect.stringContaining('java is not run under KEEL_HOST_ROOT') },
    ]);
    expect(runner.calls).toEqual([]);
  });

  it('times out a hanging java and still identifies the home from its release file', async () => {
    const runner = new RecordedRunner([{ prefix: java(HOME), result: { exitCode: null, timedOut: true } }]);
    const { identity, problems } = await probe(HOME, runner);
    expect(identity?.evidence).toBe('release-file');
    expect(problems[0].message).toContain('timed out after 1000 ms');
  });
});
