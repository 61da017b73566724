import { fleetReportSchema, type FleetReport } from '@keel/jdk-detect';
import { eventually } from '@keel/test-harness';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { runScanCli } from './support/scan-cli';

// The two real JDKs of the Keel dev machine: Debian's OpenJDK 17 package (also reachable as
// java-1.17.0-openjdk-amd64 and through /usr/bin/java -> /etc/alternatives/java) and Temurin 25.
const OPENJDK_17 = '/usr/lib/jvm/java-17-openjdk-amd64';
const TEMURIN_25 = '/usr/lib/jvm/temurin-25-jdk-amd64';

/** What the real binary says its version is, read independently of the agent. */
function versionOf(home: string): string {
  const { stderr } = spawnSync(join(home, 'bin/java'), ['-version'], { encoding: 'utf8' });
  const match = /version "([\d.]+)/.exec(stderr);
  if (!match) throw new Error(`no version in ${home}/bin/java -version`);
  return match[1];
}

describe('jdk-scan on this machine', () => {
  let workDir: string;
  let jvm: ChildProcess;
  let report: FleetReport;
  let stderr: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'jdk-scan-it-'));
    // a JVM of our own, with an option JDK 8 removed (kept alive by IgnoreUnrecognizedVMOptions)
    writeFileSync(
      join(workDir, 'Sleep.java'),
      'public class Sleep { public static void main(String[] a) throws Exception { System.out.println("ready"); Thread.sleep(600_000); } }\n',
    );
    execFileSync(join(TEMURIN_25, 'bin/javac'), ['-d', workDir, join(workDir, 'Sleep.java')]);
    jvm = spawn(
      join(TEMURIN_25, 'bin/java'),
      [
        '-Xmx48m',
        '-XX:+UseSerialGC',
        '-XX:+IgnoreUnrecognizedVMOptions',
        '-XX:MaxPermSize=64m',
        '-cp',
        workDir,
        'Sleep',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    jvm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => output.includes('ready'), { timeoutMs: 20_000, what: 'the test JVM' });

    const run = await runScanCli(
      ['scan', '--print', '--label', 'team=jdk', '--output', join(workDir, 'report.json')],
      {
        JAVA_HOME: TEMURIN_25,
        PATH: ['/usr/local/bin', '/usr/bin', '/bin'].join(delimiter),
      },
    );
    expect(run.code).toBe(0);
    stderr = run.stderr;
    report = JSON.parse(run.stdout) as FleetReport;
  });

  afterAll(() => {
    jvm?.kill('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
  });

  it('prints a report that validates with fleetReportSchema, and writes the same to --output', () => {
    const parsed = fleetReportSchema.safeParse(report);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(JSON.parse(readFileSync(join(workDir, 'report.json'), 'utf8'))).toEqual(report);
    expect(report.host).toMatchObject({ hostname: hostname(), labels: { team: 'jdk' } });
    expect(stderr).toMatch(/jdk-scan: \d+ installations, \d+ JVMs, \d+ problems on .+ in \d+ ms/);
  });

  it('finds exactly the two real JDK homes, each once, with the versions their java binaries report', () => {
    // a JDK another process on this shared machine runs from elsewhere shows up as found by 'process' only
    const discovered = report.installations.filter(
      (i) => i.location.kind === 'host' && i.foundBy.some((f) => f !== 'process'),
    );
    expect(discovered.map((i) => i.path).sort()).toEqual([OPENJDK_17, TEMURIN_25]);

    const openjdk = discovered.find((i) => i.path === OPENJDK_17);
    expect(openjdk?.evidence).toBe('show-settings');
    expect(openjdk?.foundBy).toEqual(expect.arrayContaining(['path', 'jvm_dir']));
    expect(openjdk?.detection).toMatchObject({
      vendor: 'Debian OpenJDK package',
      distribution: 'debian',
      version: { feature: 17, full: versionOf(OPENJDK_17) },
      imageType: 'jdk',
      confidence: 'high',
    });

    const temurin = discovered.find((i) => i.path === TEMURIN_25);
    expect(temurin?.evidence).toBe('show-settings');
    expect(temurin?.foundBy).toEqual(['java_home', 'jvm_dir', 'process']);
    expect(temurin?.detection).toMatchObject({
      vendor: 'Eclipse Temurin',
      distribution: 'temurin',
      version: { feature: 25, full: versionOf(TEMURIN_25) },
    });
    expect(existsSync('/usr/lib/jvm/openjdk-17')).toBe(true); // Debian's extra name is there, and not a JDK
  });

  it('reports the JVM the test started with its pid, options, main class, user and installation', () => {
    const ours = report.jvms.find((j) => j.pid === jvm.pid);
    expect(ours).toEqual({
      pid: jvm.pid,
      location: { kind: 'host' },
      executable: join(TEMURIN_25, 'bin/java'),
      installationPath: TEMURIN_25,
      jvmOptions: [
        '-Xmx48m',
        '-XX:+UseSerialGC',
        '-XX:+IgnoreUnrecognizedVMOptions',
        '-XX:MaxPermSize=64m',
        '-cp',
        expect.stringContaining('jdk-scan-it-'),
      ],
      mainClass: 'Sleep',
      user: execFileSync('id', ['-un'], { encoding: 'utf8' }).trim(),
    });
    // the scan's own java probes are not running JVMs of the host
    expect(report.jvms.some((j) => j.jvmOptions.includes('-XshowSettings:properties'))).toBe(false);
  });

  it('names what it could not scan (no Docker engine here, no kubectl context) instead of failing', () => {
    const docker = report.problems.filter((p) => p.source === 'docker');
    const onPath = (tool: string) =>
      (process.env['PATH'] ?? '').split(delimiter).some((d) => existsSync(join(d, tool)));
    expect(docker).toHaveLength(onPath('docker') ? 1 : 0);
    expect(report.problems.filter((p) => p.source.startsWith('jdk:'))).toEqual([]);
    expect(report.installations.filter((i) => i.location.kind === 'container')).toEqual([]);
  });
});
