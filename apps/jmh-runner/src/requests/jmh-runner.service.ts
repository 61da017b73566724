import type {
  CompareJmhBuildsRequest,
  JmhBuild,
  JmhComparison,
  JmhRun,
  JmhVerdictPage,
} from '@keel/api-contracts';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BuildDiscovery, DiscoveryReport } from '../builds/build-discovery';
import { ComparisonService } from '../comparison/comparison.service';
import type { JmhProfile } from '../harness/jmh-profile';
import { DigestService } from '../digest/digest.service';
import { executeInterleaved } from '../runs/paired-runs';
import { type RunProgress, RunWorker, type RunWorkerSettings } from '../runs/run-worker';
import type { DataSource } from 'typeorm';
import { JmhBuildStore } from '../builds/jmh-build.store';
import { JmhComparisonStore } from '../comparison/jmh-comparison.store';
import { JmhResultStore } from '../runs/jmh-result.store';
import { JmhRunStore } from '../runs/jmh-run.store';
import { type EnqueueRunRequest, JmhRunnerBadRequest } from './requests';

export interface JmhRunnerSettings extends RunWorkerSettings {
  readonly profiles: Readonly<Record<string, JmhProfile>>;
  readonly defaultJar: string;
  readonly discoveryProfile: string;
  /**
   * The only directories a build may come from (JDK_DIRS, JDK_DROP_DIR, the downloads): a request
   * naming any other directory with a bin/java is refused, so no caller runs a binary of its choice.
   */
  readonly buildRoots: readonly string[];
  /** The only jars a run may use: the project's suite (JMH_JAR) and JMH_ALLOWED_JARS. */
  readonly allowedJars: readonly string[];
}

/**
 * jmh-runner's tables in the platform DB, one store each, the only code that writes it (the gateway and
 * jdk-inventory ask jmh-runner over RPC). Raw SQL over PostgreSQL; each statement counts in
 * keel_db_queries_total.
 */
export interface JmhStores {
  readonly builds: JmhBuildStore;
  readonly runs: JmhRunStore;
  readonly results: JmhResultStore;
  readonly comparisons: JmhComparisonStore;
}

export function jmhStores(db: DataSource): JmhStores {
  return {
    builds: new JmhBuildStore(db),
    runs: new JmhRunStore(db),
    results: new JmhResultStore(db),
    comparisons: new JmhComparisonStore(db),
  };
}

/** `child` is `root` or below it, after symlinks are resolved (a link out of a root does not count). */
async function within(child: string, roots: readonly string[]): Promise<boolean> {
  const real = await realpath(child).catch(() => path.resolve(child));
  for (const root of roots) {
    const base = await realpath(root).catch(() => undefined);
    if (base !== undefined && (real === base || real.startsWith(`${base}${path.sep}`))) return true;
  }
  return false;
}

/**
 * The runner's use cases over its stores: discover builds (queueing runs for new ones), queue and
 * execute runs, compare, digest. Plain class: the Nest module, the RPC handlers and the CLI share it.
 */
export class JmhRunnerService {
  readonly comparisons: ComparisonService;
  readonly digests: DigestService;
  readonly worker: RunWorker;

  constructor(
    readonly stores: JmhStores,
    readonly discovery: BuildDiscovery,
    readonly settings: JmhRunnerSettings,
  ) {
    this.comparisons = new ComparisonService(stores);
    this.digests = new DigestService(stores, this.comparisons, settings.workDir);
    this.worker = new RunWorker(stores, settings);
  }

  /** Scans the sources; every new build with a java home gets a run with the discovery profile. */
  async discover(): Promise<DiscoveryReport & { queued: JmhRun[] }> {
    const report = await this.discovery.discover();
    const queued: JmhRun[] = [];
    for (const build of report.created) {
      if (build.javaHome === null) continue;
      queued.push(await this.enqueue({ build: build.id, profile: this.settings.discoveryProfile }));
    }
    return { ...report, queued };
  }

  /** Resolves a build id, label or JDK directory (registering it) to a build. */
  async resolveBuild(ref: string, field = 'build'): Promise<JmhBuild> {
    const home = path.resolve(ref);
    const known = (await this.stores.builds.findBuild(ref)) ?? (await this.stores.builds.findBuild(home));
    if (known !== null) return known;
    const isDir = await stat(home).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir)
      throw new JmhRunnerBadRequest(`"${field}": ${ref} is neither a known build nor a JDK directory`);
    if (!(await within(home, this.settings.buildRoots))) {
      throw new JmhRunnerBadRequest(
        `"${field}": ${home} is outside the build roots (JDK_DIRS, JDK_DROP_DIR, downloads): ${this.settings.buildRoots.join(', ')}`,
      );
    }
    try {
      await stat(path.join(home, 'bin', 'java'));
    } catch {
      throw new JmhRunnerBadRequest(`"${field}": ${home} has no bin/java`);
    }
    return (await this.stores.builds.upsertBuild(await this.discovery.describeHome(home, 'local'))).build;
  }

  async enqueue(request: EnqueueRunRequest): Promise<JmhRun> {
    const profileName = request.profile ?? 'quick';
    const profile = this.settings.profiles[profileName];
    if (profile === undefined)
      throw new JmhRunnerBadRequest(
        `"profile": unknown profile "${profileName}" (known: ${Object.keys(this.settings.profiles).join(', ')})`,
      );
    const jarPath = path.resolve(request.jar ?? this.settings.defaultJar);
    const allowed = await Promise.all(
      this.settings.allowedJars.map((j) => realpath(j).catch(() => path.resolve(j))),
    );
    if (!allowed.includes(await realpath(jarPath).catch(() => jarPath))) {
      throw new JmhRunnerBadRequest(
        `"jar": ${jarPath} is not the project's benchmark suite (JMH_JAR or JMH_ALLOWED_JARS)`,
      );
    }
    const build = await this.resolveBuild(request.build);
    if (build.javaHome === null)
      throw new JmhRunnerBadRequest(`"build": ${build.label} has no java home to run`);
    return this.stores.runs.enqueueRun({
      buildId: build.id,
      profile: profileName,
      include: request.include ?? profile.include,
      jarPath,
      settings: { profile, ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}) },
    });
  }

  /** Queues and executes one run in this process (CLI, tests). */
  async runNow(request: EnqueueRunRequest, onProgress?: RunProgress): Promise<JmhRun> {
    const queued = await this.enqueue(request);
    return (await this.worker.runOne(queued.id, onProgress)) ?? queued;
  }

  /**
   * Queues one run per build with the same jar, include and profile, and executes them fork by fork in
   * alternation (CLI `compare --run`, `aa`): the fair way to compare on a machine others also load.
   */
  async runInterleaved(
    requests: readonly [EnqueueRunRequest, EnqueueRunRequest],
    onProgress?: RunProgress,
  ): Promise<[JmhRun, JmhRun]> {
    const queued = [await this.enqueue(requests[0]), await this.enqueue(requests[1])];
    const claimed = [];
    for (const run of queued) {
      const c = await this.stores.runs.claimRun(
        this.worker.workerId,
        this.settings.leaseMs,
        this.settings.maxAttempts,
        run.id,
      );
      if (c === null) throw new Error(`run ${run.id} was claimed by another worker`);
      claimed.push(c);
    }
    return executeInterleaved(
      this.stores,
      this.settings,
      this.worker.workerId,
      [claimed[0], claimed[1]],
      onProgress,
    );
  }

  compare(request: CompareJmhBuildsRequest): Promise<JmhComparison> {
    return this.comparisons.compare(request);
  }

  async verdicts(request: {
    comparisonId: string;
    status?: string[];
    benchmark?: string;
  }): Promise<JmhVerdictPage> {
    const comparison = await this.stores.comparisons.findComparison(request.comparisonId);
    if (comparison === null)
      throw new JmhRunnerBadRequest(`"comparisonId": no comparison ${request.comparisonId}`);
    const items = comparison.verdicts.filter(
      (v) =>
        (request.status === undefined || request.status.includes(v.status)) &&
        (request.benchmark === undefined || v.key.includes(request.benchmark)),
    );
    return { comparisonId: comparison.id, total: items.length, items };
  }

  digest(request: { buildId: string; againstBuildId?: string; inlineSvg?: boolean }) {
    return this.digests.digest(request);
  }
}
