import type { CompareJmhBuildsRequest, JmhBuild, JmhComparison, JmhRun } from '@keel/api-contracts';
import { compareRuns } from '@keel/jmh-analysis';
import type { JmhStores } from '../requests/jmh-runner.service';
import { toVerdicts } from './verdicts';

export class ComparisonNotPossible extends Error {
  constructor(message: string) {
    super(`ComparisonNotPossible: ${message}`);
    this.name = 'ComparisonNotPossible';
  }
}

/** Wires stored results into @keel/jmh-analysis and stores the verdicts. */
export class ComparisonService {
  constructor(private readonly stores: JmhStores) {}

  async compare(request: CompareJmhBuildsRequest): Promise<JmhComparison> {
    let baselineRun: JmhRun;
    let candidateRun: JmhRun;
    if ('baselineRunId' in request) {
      const [a, b] = await this.stores.runs.runsByIds([request.baselineRunId, request.candidateRunId]);
      if (a === null || a === undefined)
        throw new ComparisonNotPossible(`"baselineRunId": no run ${request.baselineRunId}`);
      if (b === null || b === undefined)
        throw new ComparisonNotPossible(`"candidateRunId": no run ${request.candidateRunId}`);
      baselineRun = a;
      candidateRun = b;
    } else {
      baselineRun = await this.latestRun('baselineBuildId', request.baselineBuildId, request.profile);
      candidateRun = await this.latestRun('candidateBuildId', request.candidateBuildId, request.profile);
    }
    for (const [field, run] of [
      ['baseline', baselineRun],
      ['candidate', candidateRun],
    ] as const) {
      if (run.status !== 'done')
        throw new ComparisonNotPossible(`the ${field} run ${run.id} is ${run.status}, not done`);
    }
    const [baseBuild, candBuild] = (await this.stores.builds.buildsByIds([
      baselineRun.buildId,
      candidateRun.buildId,
    ])) as JmhBuild[];
    const [a, b] = await Promise.all([
      this.stores.results.loadRun(baselineRun.id),
      this.stores.results.loadRun(candidateRun.id),
    ]);
    const sameBuild = baseBuild.id === candBuild.id;
    const label = (build: JmhBuild, run: JmhRun) =>
      sameBuild ? `${build.label} (run ${run.id.slice(0, 8)})` : build.label;
    const test = request.test ?? 'welch';
    const suite = compareRuns(
      { label: label(baseBuild, baselineRun), results: a.results, failures: a.failures },
      { label: label(candBuild, candidateRun), results: b.results, failures: b.failures },
      { minEffect: request.minEffect, fdr: request.fdr, test },
    );
    const { verdicts, counts } = toVerdicts(suite);
    return this.stores.comparisons.saveComparison({
      baselineRunId: baselineRun.id,
      candidateRunId: candidateRun.id,
      baselineBuildId: baseBuild.id,
      candidateBuildId: candBuild.id,
      baselineLabel: suite.baseline,
      candidateLabel: suite.candidate,
      sameVersion: baseBuild.feature !== null && baseBuild.feature === candBuild.feature,
      minEffect: suite.options.minEffect,
      fdr: suite.options.fdr,
      test,
      counts,
      verdicts,
    });
  }

  /**
   * The build a candidate replaces: the newest older version of the same distribution and feature
   * release, else the build of the same feature discovered before it, else none.
   */
  async predecessor(build: JmhBuild): Promise<JmhBuild | null> {
    const others = await this.stores.builds.sameFeatureBuilds(build);
    const withRuns = others.filter((o) => o.runCount > 0);
    const older = withRuns
      .filter((o) => o.distribution === build.distribution && o.version !== null && build.version !== null)
      .filter((o) => compareVersions(o, build) < 0)
      .sort((x, y) => compareVersions(y, x));
    if (older.length > 0) return older[0];
    const before = withRuns.filter((o) => o.discoveredAt < build.discoveredAt);
    return before.length > 0 ? before[before.length - 1] : null;
  }

  private async latestRun(field: string, buildId: string, profile?: string): Promise<JmhRun> {
    const run = await this.stores.runs.latestDoneRun(buildId, profile);
    if (run === null)
      throw new ComparisonNotPossible(
        `"${field}": build ${buildId} has no finished run${profile ? ` with profile ${profile}` : ''}`,
      );
    return run;
  }
}

function compareVersions(a: JmhBuild, b: JmhBuild): number {
  const parts = (v: JmhBuild) => [...(v.version ?? '0').split('.').map(Number), v.build ?? 0];
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
