import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePasswd, readJvmProcesses, redact, toJvm } from './proc.reader';

const STATUS = (uid: number, ppid: number) =>
  `Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t100\nPid:\t100\nPPid:\t${ppid}\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nGid:\t0\t0\t0\t0\n`;

/** A /proc as the kernel lays it out: cmdline NUL-separated, exe a symlink, status key/tab/value lines. */
function fakeProc(): string {
  const proc = mkdtempSync(join(tmpdir(), 'jdk-scan-proc-'));
  const process = (pid: number, parts: { cmdline?: string[]; exe?: string; status?: string }) => {
    const dir = join(proc, String(pid));
    mkdirSync(dir);
    writeFileSync(join(dir, 'cmdline'), parts.cmdline ? `${parts.cmdline.join('\0')}\0` : '');
    if (parts.exe) symlinkSync(parts.exe, join(dir, 'exe'));
    if (parts.status) writeFileSync(join(dir, 'status'), parts.status);
  };
  process(100, {
    cmdline: [
      '/usr/lib/jvm/java-17-openjdk-amd64/bin/java',
      '-Xms512m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-Djavax.net.ssl.keyStorePassword=s3cret',
      '-cp',
      '/opt/kafka/libs/*',
      'kafka.Kafka',
      '/opt/kafka/config/server.properties',
    ],
    exe: '/usr/lib/jvm/java-17-openjdk-amd64/bin/java',
    status: STATUS(999, 1),
  });
  process(101, { cmdline: ['/bin/bash', '-c', 'java -version'], exe: '/usr/bin/bash', status: STATUS(0, 1) });
  process(102, {}); // a kernel thread: empty cmdline, no exe
  // started as "java" from PATH; exe not readable (another user's process without ptrace rights)
  process(103, { cmdline: ['java', '-jar', '/srv/app.jar', '--port=8080'], status: STATUS(1000, 1) });
  // the JDK package was upgraded under a running JVM
  process(104, {
    cmdline: ['/usr/lib/jvm/java-11-openjdk-amd64/bin/java', '-Xmx1g', 'com.example.Main'],
    exe: '/usr/lib/jvm/java-11-openjdk-amd64/bin/java (deleted)',
    status: STATUS(0, 1),
  });
  // a java the scan itself started (its parent is the agent)
  process(105, {
    cmdline: ['/opt/jdk/bin/java', '-XshowSettings:properties', '-version'],
    exe: '/opt/jdk/bin/java',
    status: STATUS(0, 4242),
  });
  mkdirSync(join(proc, 'self'));
  writeFileSync(join(proc, 'uptime'), '1.0 1.0\n');
  return proc;
}

describe('readJvmProcesses', () => {
  let proc: string;
  beforeAll(() => (proc = fakeProc()));
  afterAll(() => rmSync(proc, { recursive: true, force: true }));

  it("finds the java processes with their options, main class and user, and not the scan's own", async () => {
    const scan = await readJvmProcesses(proc, { excludePpid: 4242 });
    expect(scan.unreadable).toBe(0);
    expect(scan.processes).toBe(6);
    expect(scan.jvms.map((j) => j.pid)).toEqual([100, 103, 104]);
    expect(scan.jvms[0]).toEqual({
      pid: 100,
      executable: '/usr/lib/jvm/java-17-openjdk-amd64/bin/java',
      deleted: false,
      jvmOptions: [
        '-Xms512m',
        '-Xmx512m',
        '-XX:+UseG1GC',
        '-Djavax.net.ssl.keyStorePassword=***',
        '-cp',
        '/opt/kafka/libs/*',
      ],
      mainClass: 'kafka.Kafka',
      uid: 999,
      ppid: 1,
    });
  });

  it('falls back to argv[0] when exe is unreadable, and flags a deleted binary', async () => {
    const scan = await readJvmProcesses(proc);
    const fromPath = scan.jvms.find((j) => j.pid === 103);
    expect(fromPath).toMatchObject({
      executable: 'java',
      mainClass: '/srv/app.jar',
      jvmOptions: [],
      uid: 1000,
    });
    const upgraded = scan.jvms.find((j) => j.pid === 104);
    expect(upgraded).toMatchObject({
      executable: '/usr/lib/jvm/java-11-openjdk-amd64/bin/java',
      deleted: true,
      jvmOptions: ['-Xmx1g'],
    });
  });

  it('reads nothing from a directory that is not a proc filesystem', async () => {
    await expect(readJvmProcesses(join(proc, 'missing'))).resolves.toEqual({
      jvms: [],
      processes: 0,
      unreadable: 0,
    });
  });
});

describe('toJvm', () => {
  it('is null for processes that are not java', () => {
    expect(toJvm(1, '/sbin/init\0', '/usr/lib/systemd/systemd')).toBeNull();
    expect(toJvm(2, '/usr/bin/javac\0Foo.java\0', '/usr/lib/jvm/x/bin/javac')).toBeNull();
  });

  it('caps options at the report limits', () => {
    const long = `-Dclass.list=${'x'.repeat(5000)}`;
    const jvm = toJvm(7, `/opt/jdk/bin/java\0${long}\0Main\0`, '/opt/jdk/bin/java');
    expect(jvm?.jvmOptions[0]).toHaveLength(4096);
  });
});

describe('redact', () => {
  it('hides the values of secret-looking system properties only', () => {
    expect(redact('-Ddb.password=hunter2')).toBe('-Ddb.password=***');
    expect(redact('-Dapi.token=abc')).toBe('-Dapi.token=***');
    expect(redact('-Dspring.datasource.passwd=x')).toBe('-Dspring.datasource.passwd=***');
    expect(redact('-Dfile.encoding=UTF-8')).toBe('-Dfile.encoding=UTF-8');
    expect(redact('-Xmx512m')).toBe('-Xmx512m');
  });
});

describe('parsePasswd', () => {
  it('maps uids to names', () => {
    const users = parsePasswd(
      'root:x:0:0:root:/root:/bin/bash\nkeel-es:x:999:999::/home/keel-es:/usr/sbin/nologin\n',
    );
    expect(users.get(0)).toBe('root');
    expect(users.get(999)).toBe('keel-es');
  });
});
