import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostFs } from './host-fs';

describe('HostFs', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'jdk-scan-hostfs-'));
    mkdirSync(join(root, 'usr/lib/jvm/jdk-21/bin'), { recursive: true });
    writeFileSync(join(root, 'usr/lib/jvm/jdk-21/bin/java'), '');
    mkdirSync(join(root, 'etc/alternatives'), { recursive: true });
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    // absolute links, as on a real host: they must resolve inside the mounted root
    symlinkSync('/usr/lib/jvm/jdk-21/bin/java', join(root, 'etc/alternatives/java'));
    symlinkSync('/etc/alternatives/java', join(root, 'usr/bin/java'));
    symlinkSync('../jvm/jdk-21', join(root, 'usr/lib/jvm/current'));
    symlinkSync('loop-b', join(root, 'loop-a'));
    symlinkSync('loop-a', join(root, 'loop-b'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('resolves absolute symlinks inside the host root, as a chroot would', async () => {
    const fs = new HostFs(root);
    await expect(fs.realpath('/usr/bin/java')).resolves.toBe('/usr/lib/jvm/jdk-21/bin/java');
    await expect(fs.isFile('/usr/bin/java')).resolves.toBe(true);
  });

  it('resolves relative links and "..", and says null for what is missing or loops', async () => {
    const fs = new HostFs(root);
    await expect(fs.realpath('/usr/lib/jvm/current/bin/../bin/java')).resolves.toBe(
      '/usr/lib/jvm/jdk-21/bin/java',
    );
    await expect(fs.realpath('/usr/lib/jvm/nothing')).resolves.toBeNull();
    await expect(fs.realpath('/loop-a')).resolves.toBeNull();
  });

  it('lists, reads and maps paths to the local filesystem', async () => {
    const fs = new HostFs(root);
    await expect(fs.list('/usr/lib/jvm')).resolves.toEqual(['current', 'jdk-21']);
    await expect(fs.list('/missing')).resolves.toEqual([]);
    await expect(fs.readText('/usr/lib/jvm/jdk-21')).resolves.toBeNull(); // a directory
    expect(fs.local('/proc/1/exe')).toBe(join(root, 'proc/1/exe'));
    expect(new HostFs('/').local('/proc/1/exe')).toBe('/proc/1/exe');
  });
});
