import type { JmhBuild, JmhBuildSource } from '@keel/api-contracts';
import { type JdkKnowledge, identifyJdk } from '@keel/jdk-detect';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, readFile, readdir, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { promisify } from 'node:util';
import type { JmhBuildStore, NewBuild } from './jmh-build.store';
import { type AdoptiumBuild, downloadUrlFor, fetchAdoptiumBuilds } from './adoptium';

const execFileAsync = promisify(execFile);

export interface DiscoverySettings {
  /** Directories whose sub-directories are JDKs (e.g. /usr/lib/jvm). */
  readonly jdkDirs: readonly string[];
  /** Where new builds are dropped (unpacked JDK directories). */
  readonly dropDir?: string;
  readonly adoptiumUrl?: string;
  /** Feature releases to list from the API; none means the API is not asked. */
  readonly adoptiumFeatures: readonly number[];
  /** Download and unpack listed archives (off by default). */
  readonly adoptiumDownload: boolean;
  /** Download from this base URL instead of the API's links. */
  readonly adoptiumMirrorUrl?: string;
  readonly downloadDir: string;
}

export interface DiscoveryReport {
  readonly found: JmhBuild[];
  readonly created: JmhBuild[];
  readonly errors: { source: string; error: string }[];
}

/** A directory is a JDK when it has an executable bin/java. */
async function isJavaHome(dir: string): Promise<boolean> {
  try {
    await access(path.join(dir, 'bin', 'java'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Identifies the JDK in a directory with @keel/jdk-detect: from `java -XshowSettings:properties -version`
 * (it names java.vendor), falling back to the `release` file when the JVM does not start.
 */
export async function identifyJavaHome(javaHome: string, knowledge: Pick<JdkKnowledge, 'vendors'>) {
  let text: string;
  try {
    const { stderr } = await execFileAsync(
      path.join(javaHome, 'bin', 'java'),
      ['-XshowSettings:properties', '-version'],
      {
        timeout: 30_000,
      },
    );
    text = stderr;
  } catch {
    text = await readFile(path.join(javaHome, 'release'), 'utf8');
  }
  return identifyJdk(text, knowledge);
}

/** "temurin-25.0.3+9", "debian-17.0.15+6": distribution (or vendor) and full version with build. */
export function buildLabel(
  distribution: string | null,
  vendor: string | null,
  version: string | null,
  build: number | null,
) {
  const who = distribution ?? (vendor ?? 'unknown').toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `${who}-${version ?? 'unknown'}${build !== null ? `+${build}` : ''}`;
}

export class BuildDiscovery {
  constructor(
    private readonly builds: JmhBuildStore,
    private readonly knowledge: Pick<JdkKnowledge, 'vendors'>,
    private readonly settings: DiscoverySettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Scans every configured source once; a failing source is reported and the others still count. */
  async discover(): Promise<DiscoveryReport> {
    const found: JmhBuild[] = [];
    const created: JmhBuild[] = [];
    const errors: { source: string; error: string }[] = [];
    const keep = (r: { build: JmhBuild; created: boolean }) => {
      found.push(r.build);
      if (r.created) created.push(r.build);
    };
    const sources: [JmhBuildSource, string][] = [
      ...this.settings.jdkDirs.map((d): [JmhBuildSource, string] => ['local', d]),
      ...(this.settings.dropDir ? [['drop', this.settings.dropDir] as [JmhBuildSource, string]] : []),
    ];
    const seen = new Set<string>();
    for (const [source, dir] of sources) {
      let entries: string[];
      try {
        entries = (await readdir(dir)).sort();
      } catch (error) {
        errors.push({ source: dir, error: (error as Error).message });
        continue;
      }
      for (const entry of entries) {
        const home = path.join(dir, entry);
        if (!(await isJavaHome(home))) continue;
        // /usr/lib/jvm holds aliases (java-1.17.0-openjdk-amd64 -> java-17-openjdk-amd64): one build
        const real = await realpath(home);
        if (seen.has(real)) continue;
        seen.add(real);
        try {
          keep(await this.builds.upsertBuild(await this.describeHome(real, source)));
        } catch (error) {
          errors.push({ source: home, error: (error as Error).message });
        }
      }
    }
    if (this.settings.adoptiumUrl) {
      for (const feature of this.settings.adoptiumFeatures) {
        try {
          for (const api of await fetchAdoptiumBuilds(this.settings.adoptiumUrl, feature, this.fetchImpl)) {
            let javaHome: string | null = null;
            if (this.settings.adoptiumDownload) javaHome = await this.download(api);
            keep(await this.builds.upsertBuild(await this.describeApiBuild(api, javaHome)));
          }
        } catch (error) {
          errors.push({ source: `adoptium feature ${feature}`, error: (error as Error).message });
        }
      }
    }
    return { found, created, errors };
  }

  /** Identifies one JDK directory and returns it as a build (the CLI's `run --build <path>`). */
  async describeHome(javaHome: string, source: JmhBuildSource): Promise<NewBuild> {
    const detection = await identifyJavaHome(javaHome, this.knowledge);
    const v = detection.version;
    const version = v === null ? null : v.full;
    const build = v?.build ?? null;
    return {
      identity: `${source}:${javaHome}`,
      source,
      javaHome,
      label: buildLabel(detection.distribution, detection.vendor, version, build),
      vendor: detection.vendor,
      distribution: detection.distribution,
      version,
      feature: v?.feature ?? null,
      build,
      releaseName: null,
      downloadUrl: null,
      checksum: null,
      detection,
    };
  }

  private async describeApiBuild(api: AdoptiumBuild, javaHome: string | null): Promise<NewBuild> {
    if (javaHome !== null) {
      const local = await this.describeHome(javaHome, 'adoptium');
      return {
        ...local,
        identity: apiIdentity(api),
        releaseName: api.releaseName,
        downloadUrl: api.link,
        checksum: api.checksum,
      };
    }
    return {
      identity: apiIdentity(api),
      source: 'adoptium',
      javaHome: null,
      label: buildLabel('temurin', null, api.version, api.build),
      vendor: 'Eclipse Temurin',
      distribution: 'temurin',
      version: api.version,
      feature: api.feature,
      build: api.build,
      releaseName: api.releaseName,
      downloadUrl: api.link,
      checksum: api.checksum,
      detection: { fromApi: api },
    };
  }

  /**
   * Downloads (from the mirror when configured), checks the SHA-256 the API lists, and unpacks the
   * archive into downloadDir/<release>; returns the directory holding bin/java.
   */
  async download(api: AdoptiumBuild): Promise<string> {
    // no listed checksum, no download: an unverifiable archive would be run as a JDK
    if (api.checksum === null || !/^[0-9a-f]{64}$/.test(api.checksum)) {
      throw new Error(`download of ${api.releaseName} refused: the API lists no SHA-256 for it`);
    }
    const target = path.join(this.settings.downloadDir, `${api.releaseName}-${api.os}-${api.architecture}`);
    const existing = await findJavaHome(target);
    if (existing !== null) return existing;
    await mkdir(this.settings.downloadDir, { recursive: true });
    const url = downloadUrlFor(api, this.settings.adoptiumMirrorUrl);
    const response = await this.fetchImpl(url, { signal: AbortSignal.timeout(600_000) });
    if (!response.ok || response.body === null) throw new Error(`download ${url}: HTTP ${response.status}`);
    const archive = `${target}.part`;
    const hash = createHash('sha256');
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    body.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(body, createWriteStream(archive));
    const digest = hash.digest('hex');
    if (digest !== api.checksum) {
      await rm(archive, { force: true });
      throw new Error(`download ${url}: SHA-256 ${digest} does not match the listed ${api.checksum}`);
    }
    const unpack = `${target}.unpack`;
    await rm(unpack, { recursive: true, force: true });
    await mkdir(unpack, { recursive: true });
    await execFileAsync('tar', ['-xzf', archive, '-C', unpack], { timeout: 600_000 });
    await rm(archive, { force: true });
    await rename(unpack, target);
    const home = await findJavaHome(target);
    if (home === null) throw new Error(`download ${url}: the archive holds no bin/java`);
    return home;
  }
}

const apiIdentity = (api: AdoptiumBuild) =>
  `adoptium:${api.releaseName}:${api.os}:${api.architecture}:${api.imageType}`;

/** The directory itself or its single top-level sub-directory (how JDK archives unpack). */
async function findJavaHome(dir: string): Promise<string | null> {
  if (await isJavaHome(dir)) return dir;
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    if (await isJavaHome(path.join(dir, entry))) return path.join(dir, entry);
  }
  return null;
}
