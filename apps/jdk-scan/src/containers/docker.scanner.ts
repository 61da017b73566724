import { detectJdk, readEvidence, type InstallationReport, type JdkKnowledge } from '@keel/jdk-detect';
import { posix } from 'node:path';
import type { Problem } from '../report/problem';
import { type CommandRunner, describeFailure, succeeded } from '../runner/command-runner';
import { tarFiles } from './tar';

export type ToolMode = 'auto' | 'on' | 'off';

export interface DockerScanOptions {
  runner: CommandRunner;
  knowledge: Pick<JdkKnowledge, 'vendors'>;
  mode: ToolMode;
  /** Also `docker run --rm --entrypoint java <image> -XshowSettings:properties -version`. */
  run: boolean;
  timeoutMs: number;
  docker?: string;
}

/** One local image, from a line of `docker image ls --format '{{json .}}'`. */
export interface LocalImage {
  id: string;
  /** repository:tag, or the id for an untagged image. */
  ref: string;
}

/** Where JDKs live in the common base images when JAVA_HOME does not say. */
const WELL_KNOWN_HOMES = [
  '/opt/java/openjdk', // eclipse-temurin, ibm-semeru-runtimes
  '/usr/lib/jvm/java-21-openjdk-amd64',
  '/usr/lib/jvm/java-17-openjdk-amd64',
  '/usr/lib/jvm/java-11-openjdk-amd64',
  '/usr/lib/jvm/default-jvm', // alpine openjdk packages
  '/usr/lib/jvm/jre',
  '/usr/lib/jvm/java', // amazoncorretto, UBI
  '/usr/local/openjdk-17', // the deprecated "openjdk" images
  '/usr/local/openjdk-11',
  '/usr/local/openjdk-8',
  '/usr/java/latest',
];

/**
 * JDKs in the local Docker images. Only when the docker CLI is installed and its engine answers; an
 * engine that does not (no daemon, no permission) is one problem, and the scan goes on.
 */
export async function scanDockerImages(
  options: DockerScanOptions,
): Promise<{ installations: InstallationReport[]; problems: Problem[] }> {
  const none = { installations: [], problems: [] };
  if (options.mode === 'off') return none;
  const docker = options.docker ?? 'docker';
  const run = (args: string[]) => options.runner.run(docker, args, { timeoutMs: options.timeoutMs });

  const info = await run(['info', '--format', '{{json .ServerVersion}}']);
  if (info.spawnError === 'ENOENT') {
    return options.mode === 'on'
      ? {
          installations: [],
          problems: [{ source: 'docker', message: 'docker CLI not found on PATH; images not scanned' }],
        }
      : none;
  }
  if (!succeeded(info)) {
    return {
      installations: [],
      problems: [
        {
          source: 'docker',
          message: `docker info ${describeFailure(info, options.timeoutMs)}; images not scanned`,
        },
      ],
    };
  }
  const listing = await run(['image', 'ls', '--format', '{{json .}}']);
  if (!succeeded(listing)) {
    return {
      installations: [],
      problems: [
        { source: 'docker', message: `docker image ls ${describeFailure(listing, options.timeoutMs)}` },
      ],
    };
  }
  const installations: InstallationReport[] = [];
  const problems: Problem[] = [];
  for (const image of parseImageList(listing.stdout.toString('utf8'))) {
    const found = await scanImage(image, options, run);
    installations.push(...found.installations);
    problems.push(...found.problems);
  }
  return { installations, problems };
}

async function scanImage(
  image: LocalImage,
  options: DockerScanOptions,
  run: (args: string[]) => ReturnType<CommandRunner['run']>,
): Promise<{ installations: InstallationReport[]; problems: Problem[] }> {
  const source = `docker:${image.ref}`;
  const location = { kind: 'container' as const, image: image.ref };
  if (options.run) {
    const result = await run([
      'run',
      '--rm',
      '--entrypoint',
      'java',
      image.id,
      '-XshowSettings:properties',
      '-version',
    ]);
    const read = readEvidence(`${result.stderr}\n${result.stdout.toString('utf8')}`);
    if (succeeded(result) && read.kind === 'show-settings' && read.evidence.javaHome) {
      return {
        installations: [
          {
            path: read.evidence.javaHome,
            location,
            foundBy: ['image'],
            evidence: 'show-settings',
            detection: detectJdk(read.evidence, options.knowledge),
          },
        ],
        problems: [],
      };
    }
  }
  const inspect = await run(['image', 'inspect', '--format', '{{json .Config}}', image.id]);
  const homes = succeeded(inspect) ? candidateHomes(inspect.stdout.toString('utf8')) : WELL_KNOWN_HOMES;
  // a created (never started) container is enough for docker cp; any command will do, it never runs
  const created = await run(['create', image.id, 'keel-jdk-scan']);
  if (!succeeded(created)) {
    return {
      installations: [],
      problems: [{ source, message: `docker create ${describeFailure(created, options.timeoutMs)}` }],
    };
  }
  const containerId = created.stdout.toString('utf8').trim();
  const installations: InstallationReport[] = [];
  try {
    const seen = new Set<string>();
    for (const home of homes) {
      const copied = await run(['cp', '-L', `${containerId}:${posix.join(home, 'release')}`, '-']);
      if (!succeeded(copied)) continue; // no JDK at this path: the usual case
      const release = [...tarFiles(copied.stdout).values()][0]?.toString('utf8');
      if (!release || seen.has(release)) continue; // /usr/lib/jvm/java -> java-17-...: one JDK
      const read = readEvidence(release);
      if (read.kind !== 'release-file' || !read.evidence.versionString) continue;
      seen.add(release);
      installations.push({
        path: home,
        location: { ...location, containerId: containerId.slice(0, 64) },
        foundBy: ['image'],
        evidence: 'release-file',
        detection: detectJdk(read.evidence, options.knowledge),
      });
    }
  } finally {
    await run(['rm', '-f', containerId]);
  }
  return { installations, problems: [] };
}

/** Lines of `docker image ls --format '{{json .}}'`; one entry per image id (its first tag). Pure. */
export function parseImageList(text: string): LocalImage[] {
  const images = new Map<string, LocalImage>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let row: { ID?: string; Repository?: string; Tag?: string };
    try {
      row = JSON.parse(line) as typeof row;
    } catch {
      continue;
    }
    if (!row.ID || images.has(row.ID)) continue;
    const tagged = row.Repository && row.Repository !== '<none>' && row.Tag && row.Tag !== '<none>';
    images.set(row.ID, { id: row.ID, ref: tagged ? `${row.Repository}:${row.Tag}` : row.ID });
  }
  return [...images.values()];
}

/**
 * JDK homes to try in an image, from `docker image inspect --format '{{json .Config}}'`: JAVA_HOME, the
 * parent of each PATH entry ending in /bin that looks like a JDK's, then the well-known homes. Pure.
 */
export function candidateHomes(configJson: string): string[] {
  const homes: string[] = [];
  const add = (path: string) => {
    const clean = posix.normalize(path).replace(/\/+$/, '');
    if (clean.startsWith('/') && clean !== '' && !homes.includes(clean)) homes.push(clean);
  };
  let env: string[] = [];
  try {
    env = (JSON.parse(configJson) as { Env?: string[] | null }).Env ?? [];
  } catch {
    env = [];
  }
  const value = (name: string) => env.find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1);
  const javaHome = value('JAVA_HOME');
  if (javaHome) add(javaHome);
  for (const dir of (value('PATH') ?? '').split(':')) {
    if (/\/(jdk|jre|java|openjdk)[^/]*\/bin$/i.test(dir) || /\/jvm\/[^/]+\/bin$/.test(dir))
      add(posix.dirname(dir));
  }
  for (const home of WELL_KNOWN_HOMES) add(home);
  return homes;
}
