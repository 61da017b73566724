import type { InstallationReport } from '@keel/jdk-detect';
import { posix } from 'node:path';
import type { HostFs } from '../host/host-fs';

export type FoundBy = InstallationReport['foundBy'][number];

/** The order foundBy reasons are reported in (the schema's order). */
export const FOUND_BY_ORDER: readonly FoundBy[] = [
  'java_home',
  'path',
  'jvm_dir',
  'install_root',
  'process',
  'image',
  'pod',
];

/** A directory that may be a JDK home, and why the agent looked at it. */
export interface HomeCandidate {
  path: string;
  foundBy: FoundBy;
}

/** One JDK installation on the host: its real path, every reason it was found, and the names it has. */
export interface JdkHome {
  path: string;
  foundBy: FoundBy[];
  aliases: string[];
}

export interface DiscoveryInput {
  /** JAVA_HOME of the agent's environment; ignored under a host root (the pod's env is not the node's). */
  javaHome?: string;
  /** PATH of the agent's environment, same caveat. */
  pathEnv?: string;
  /** Home directories whose ~/.sdkman and ~/.jdks are looked at. */
  userHomes: readonly string[];
  /** --root / KEEL_SCAN_ROOTS: more install roots (the root itself and its children). */
  extraRoots: readonly string[];
}

/** Directories whose children are JDK homes, by platform convention. */
export const JVM_DIRS = ['/usr/lib/jvm', '/usr/lib64/jvm', '/usr/java'];
export const INSTALL_ROOTS = ['/opt', '/usr/local'];

/** Every place a JDK home may be, with the reason; nothing resolved or checked yet. */
export async function listCandidates(fs: HostFs, input: DiscoveryInput): Promise<HomeCandidate[]> {
  const candidates: HomeCandidate[] = [];
  const children = async (dir: string) =>
    (await fs.list(dir)).filter((name) => !name.startsWith('.')).map((name) => posix.join(dir, name));

  if (input.javaHome) candidates.push({ path: input.javaHome, foundBy: 'java_home' });
  for (const dir of (input.pathEnv ?? '').split(':')) {
    if (!dir.startsWith('/')) continue; // a relative PATH entry means nothing to a scan
    const java = await fs.realpath(posix.join(dir, 'java'));
    const home = java && homeOfJava(java);
    if (home) candidates.push({ path: home, foundBy: 'path' });
  }
  for (const dir of JVM_DIRS) {
    for (const path of await children(dir)) candidates.push({ path, foundBy: 'jvm_dir' });
  }
  for (const bundle of await children('/Library/Java/JavaVirtualMachines')) {
    candidates.push({ path: posix.join(bundle, 'Contents/Home'), foundBy: 'jvm_dir' });
  }
  const roots = [
    ...INSTALL_ROOTS,
    ...input.userHomes.flatMap((home) => [
      posix.join(home, '.sdkman/candidates/java'),
      posix.join(home, '.jdks'),
    ]),
  ];
  for (const root of roots) {
    for (const path of await children(root)) {
      candidates.push({ path, foundBy: 'install_root' });
      // /opt/<product>/jdk-17.0.2 (an application bundling its JDK)
      for (const inner of await children(path)) {
        if (/^(jdk|jre|java)/i.test(posix.basename(inner)))
          candidates.push({ path: inner, foundBy: 'install_root' });
      }
    }
  }
  for (const root of input.extraRoots) {
    candidates.push({ path: root, foundBy: 'install_root' });
    for (const path of await children(root)) candidates.push({ path, foundBy: 'install_root' });
  }
  return candidates;
}

/** `/x/jdk/bin/java` → `/x/jdk`; null when the file is not a `bin/java`. */
export function homeOfJava(javaPath: string): string | null {
  const match = /^(.+)\/bin\/javaw?$/.exec(javaPath);
  return match ? match[1] : null;
}

/** A directory with `bin/java`, or a `release` file naming a Java version. */
export async function isJdkHome(fs: HostFs, path: string): Promise<boolean> {
  if (await fs.isFile(posix.join(path, 'bin/java'))) return true;
  const release = await fs.readText(posix.join(path, 'release'), 64 * 1024);
  return release !== null && /^JAVA_VERSION=/m.test(release);
}

/**
 * Resolves each candidate to its real path, keeps the JDK homes, and collapses the names of one
 * installation into one entry with all its reasons (Debian's java-1.17.0-openjdk-amd64 symlink and
 * /usr/bin/java -> /etc/alternatives/java -> .../java-17-openjdk-amd64/bin/java are one JDK).
 */
export async function resolveHomes(fs: HostFs, candidates: readonly HomeCandidate[]): Promise<JdkHome[]> {
  const byPath = new Map<string, JdkHome>();
  const checked = new Map<string, boolean>();
  for (const candidate of candidates) {
    const resolved = await fs.realpath(candidate.path);
    if (!resolved) continue;
    const real = await outerJdkOf(fs, resolved);
    if (!checked.has(real)) checked.set(real, await isJdkHome(fs, real));
    if (!checked.get(real)) continue;
    const home = byPath.get(real) ?? { path: real, foundBy: [], aliases: [] };
    addFoundBy(home.foundBy, candidate.foundBy);
    if (!home.aliases.includes(candidate.path)) home.aliases.push(candidate.path);
    byPath.set(real, home);
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** A JDK 8 runs from `<jdk>/jre/bin/java`: the installation is `<jdk>`, not its `jre`. */
export async function outerJdkOf(fs: HostFs, path: string): Promise<string> {
  if (posix.basename(path) !== 'jre') return path;
  const parent = posix.dirname(path);
  return (await fs.isFile(posix.join(parent, 'bin/java'))) ? parent : path;
}

export function addFoundBy(list: FoundBy[], reason: FoundBy): void {
  if (list.includes(reason)) return;
  list.push(reason);
  list.sort((a, b) => FOUND_BY_ORDER.indexOf(a) - FOUND_BY_ORDER.indexOf(b));
}

/** All JDK homes on the host. */
export async function findJdkHomes(fs: HostFs, input: DiscoveryInput): Promise<JdkHome[]> {
  return resolveHomes(fs, await listCandidates(fs, input));
}
