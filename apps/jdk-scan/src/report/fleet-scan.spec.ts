import { fleetReportSchema, loadKnowledge } from '@keel/jdk-detect';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RecordedRunner } from '../runner/recorded-runner';
import { scanFleetHost, type ScanScope } from './fleet-scan';

const FIXTURES = join(__dirname, '../../../../libs/jdk-detect/src/fixtures');

/** A node's / as a DaemonSet pod sees it under /host: JDKs, /etc, and a /proc with two JVMs. */
function fakeNode(): string {
  const root = mkdtempSync(join(tmpdir(), 'jdk-scan-node-'));
  const write = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  const copy = (fixture: string, path: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    copyFileSync(join(FIXTURES, fixture), join(root, path));
  };
  write('usr/lib/jvm/java-17-openjdk-amd64/bin/java', '');
  copy('local-debian-openjdk-17.release', 'usr/lib/jvm/java-17-openjdk-amd64/release');
  symlinkSync('java-17-openjdk-amd64', join(root, 'usr/lib/jvm/java-1.17.0-openjdk-amd64'));
  write('etc/hostname', 'node-a-17\n');
  write('etc/machine-id', '3d1219c7c4c5404aaa1f6d2a48adfda4\n');
  write('etc/os-release', 'NAME="Debian GNU/Linux"\nVERSION_ID="12"\n');
  write('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\napp:x:1001:1001::/home/app:/bin/sh\n');
  // a JVM of the node itself
  write(
    'proc/300/cmdline',
    ['/usr/lib/jvm/java-1.17.0-openjdk-amd64/bin/java', '-Xmx256m', 'org.example.Agent', ''].join('\0'),
  );
  symlinkSync('/usr/lib/jvm/java-17-openjdk-amd64/bin/java', join(root, 'proc/300/exe'));
  write('proc/300/status', 'Name:\tjava\nPPid:\t1\nUid:\t0\t0\t0\t0\n');
  // a JVM in a container: its JDK is only visible through /proc/<pid>/root
  write(
    'proc/400/cmdline',
    ['/opt/java/openjdk/bin/java', '-XX:MaxRAMPercentage=75', '-jar', '/app/app.jar', ''].join('\0'),
  );
  symlinkSync('/opt/java/openjdk/bin/java', join(root, 'proc/400/exe'));
  write('proc/400/status', 'Name:\tjava\nPPid:\t390\nUid:\t1001\t1001\t1001\t1001\n');
  copy('local-temurin-25.release', 'proc/400/root/opt/java/openjdk/release');
  // a JVM started before its JDK package was upgraded: the path now holds another build
  write(
    'proc/500/cmdline',
    ['/usr/lib/jvm/java-17-openjdk-amd64/bin/java', 'org.example.Old', ''].join('\0'),
  );
  symlinkSync('/usr/lib/jvm/java-17-openjdk-amd64/bin/java (deleted)', join(root, 'proc/500/exe'));
  write('proc/500/status', 'Name:\tjava\nPPid:\t1\nUid:\t0\t0\t0\t0\n');
  return root;
}

describe('scanFleetHost under a host root (DaemonSet)', () => {
  let root: string;
  beforeAll(() => (root = fakeNode()));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("reports the node's JDKs and JVMs, container JVMs included, without running any java", async () => {
    const runner = new RecordedRunner([]);
    const scope: ScanScope = {
      labels: { cluster: 'prod-eu-1' },
      roots: [],
      processes: true,
      docker: 'off',
      dockerRun: false,
      kubernetes: 'off',
      timeoutMs: 1000,
      hostRoot: root,
      procRoot: join(root, 'proc'),
      hostname: undefined,
    };
    const report = await scanFleetHost(scope, {
      runner,
      knowledge: loadKnowledge(),
      env: { JAVA_HOME: '/nowhere' },
    });
    expect(fleetReportSchema.safeParse(report).success).toBe(true);
    expect(runner.calls).toEqual([]);
    expect(report.host).toEqual({
      hostname: 'node-a-17',
      machineId: '3d1219c7c4c5404aaa1f6d2a48adfda4',
      os: 'Debian GNU/Linux',
      osVersion: '12',
      arch: expect.any(String),
      labels: { cluster: 'prod-eu-1' },
    });
    expect(
      report.installations.map((i) => [i.path, i.foundBy, i.evidence, i.detection.version?.full]),
    ).toEqual([
      ['/usr/lib/jvm/java-17-openjdk-amd64', ['jvm_dir', 'process'], 'release-file', '17.0.15'],
      ['/opt/java/openjdk', ['process'], 'release-file', '25.0.3'],
    ]);
    expect(report.jvms).toEqual([
      {
        pid: 300,
        location: { kind: 'host' },
        executable: '/usr/lib/jvm/java-17-openjdk-amd64/bin/java',
        installationPath: '/usr/lib/jvm/java-17-openjdk-amd64',
        jvmOptions: ['-Xmx256m'],
        mainClass: 'org.example.Agent',
        user: 'root',
      },
      {
        pid: 400,
        location: { kind: 'host' },
        executable: '/opt/java/openjdk/bin/java',
        installationPath: '/opt/java/openjdk',
        jvmOptions: ['-XX:MaxRAMPercentage=75'],
        mainClass: '/app/app.jar',
        user: 'app',
      },
      {
        pid: 500,
        location: { kind: 'host' },
        executable: '/usr/lib/jvm/java-17-openjdk-amd64/bin/java',
        installationPath: null,
        jvmOptions: [],
        mainClass: 'org.example.Old',
        user: 'root',
      },
    ]);
    expect(report.problems).toEqual([
      {
        source: 'process:500',
        message: expect.stringContaining('replaced or removed since the JVM started'),
      },
    ]);
  });
});
