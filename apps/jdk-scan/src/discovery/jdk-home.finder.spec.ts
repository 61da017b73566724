import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HostFs } from '../host/host-fs';
import { findJdkHomes, homeOfJava } from './jdk-home.finder';

const FIXTURES = join(__dirname, '../../../../libs/jdk-detect/src/fixtures');

/** A fake host: JDK homes with real release files from jdk-detect's fixtures, and the symlinks Debian makes. */
function fakeHost(): string {
  const root = mkdtempSync(join(tmpdir(), 'jdk-scan-homes-'));
  const file = (path: string, from?: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    if (from) copyFileSync(join(FIXTURES, from), join(root, path));
    else writeFileSync(join(root, path), '#!/bin/sh\n', { mode: 0o755 });
  };
  const link = (target: string, path: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    symlinkSync(target, join(root, path));
  };
  file('usr/lib/jvm/java-17-openjdk-amd64/bin/java');
  file('usr/lib/jvm/java-17-openjdk-amd64/release', 'local-debian-openjdk-17.release');
  link('java-17-openjdk-amd64', 'usr/lib/jvm/java-1.17.0-openjdk-amd64');
  mkdirSync(join(root, 'usr/lib/jvm/openjdk-17'), { recursive: true }); // Debian's empty doc dir: not a JDK
  file('usr/lib/jvm/.java-1.17.0-openjdk-amd64.jinfo');
  file('usr/lib/jvm/temurin-25-jdk-amd64/bin/java');
  file('usr/lib/jvm/temurin-25-jdk-amd64/release', 'local-temurin-25.release');
  link('/usr/lib/jvm/java-17-openjdk-amd64/bin/java', 'etc/alternatives/java');
  link('/etc/alternatives/java', 'usr/bin/java');
  link('usr/bin', 'bin'); // merged /usr: /bin/java is /usr/bin/java
  // an application bundling a JDK 8 (java runs from jre/bin), and an unrelated /opt entry
  file('opt/app/jdk1.8.0_181/bin/java');
  file('opt/app/jdk1.8.0_181/jre/bin/java');
  mkdirSync(join(root, 'opt/tools/share'), { recursive: true });
  // SDKMAN with its "current" link, and a release-only home (no bin/java)
  file('root/.sdkman/candidates/java/21.0.9-tem/release', 'local-temurin-25.release');
  link('21.0.9-tem', 'root/.sdkman/candidates/java/current');
  return root;
}

describe('findJdkHomes', () => {
  let root: string;
  beforeAll(() => (root = fakeHost()));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('collapses every name of one installation into one home with all its reasons', async () => {
    const homes = await findJdkHomes(new HostFs(root), {
      javaHome: '/usr/lib/jvm/temurin-25-jdk-amd64',
      pathEnv: '/usr/local/bin:/usr/bin:/bin:relative/bin',
      userHomes: ['/root'],
      extraRoots: [],
    });
    expect(homes.map((h) => [h.path, h.foundBy])).toEqual([
      ['/opt/app/jdk1.8.0_181', ['install_root']],
      ['/root/.sdkman/candidates/java/21.0.9-tem', ['install_root']],
      ['/usr/lib/jvm/java-17-openjdk-amd64', ['path', 'jvm_dir']],
      ['/usr/lib/jvm/temurin-25-jdk-amd64', ['java_home', 'jvm_dir']],
    ]);
    const openjdk = homes.find((h) => h.path === '/usr/lib/jvm/java-17-openjdk-amd64');
    expect(openjdk?.aliases.sort()).toEqual([
      '/usr/lib/jvm/java-1.17.0-openjdk-amd64',
      '/usr/lib/jvm/java-17-openjdk-amd64',
    ]);
    const sdkman = homes.find((h) => h.path.includes('.sdkman'));
    expect(sdkman?.aliases.sort()).toEqual([
      '/root/.sdkman/candidates/java/21.0.9-tem',
      '/root/.sdkman/candidates/java/current',
    ]);
  });

  it('takes a JDK 8 jre path as its JDK, and extra roots as install roots', async () => {
    const homes = await findJdkHomes(new HostFs(root), {
      javaHome: '/opt/app/jdk1.8.0_181/jre',
      userHomes: [],
      extraRoots: ['/opt/app'],
    });
    const jdk8 = homes.find((h) => h.path === '/opt/app/jdk1.8.0_181');
    expect(jdk8?.foundBy).toEqual(['java_home', 'install_root']);
    expect(homes.some((h) => h.path.endsWith('/jre'))).toBe(false);
  });

  it('finds nothing on a host without JDKs', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'jdk-scan-empty-'));
    try {
      await expect(
        findJdkHomes(new HostFs(empty), { pathEnv: '/usr/bin', userHomes: ['/root'], extraRoots: [] }),
      ).resolves.toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('homeOfJava', () => {
  it('is the directory above bin/java', () => {
    expect(homeOfJava('/usr/lib/jvm/x/bin/java')).toBe('/usr/lib/jvm/x');
    expect(homeOfJava('/usr/lib/jvm/x/bin/javac')).toBeNull();
    expect(homeOfJava('java')).toBeNull();
  });
});
