import type { JmhBuild, JmhComparison, JmhDigest, JmhDigestCrash, JmhDigestPlot } from '@keel/api-contracts';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ComparisonService, ComparisonNotPossible } from '../comparison/comparison.service';
import type { JmhStores } from '../requests/jmh-runner.service';
import { digestMarkdown } from './digest-markdown';
import { plotFileName, verdictPlotSvg } from './verdict-plot';

export class UnknownBuild extends Error {
  constructor(field: string, value: string) {
    super(`UnknownBuild: "${field}": no build ${value}`);
    this.name = 'UnknownBuild';
  }
}

/** Writes a build's digest (Markdown + one SVG per compared benchmark) under workDir/digests/<build>. */
export class DigestService {
  constructor(
    private readonly stores: JmhStores,
    private readonly comparisons: ComparisonService,
    private readonly workDir: string,
  ) {}

  async digest(request: {
    buildId: string;
    againstBuildId?: string;
    inlineSvg?: boolean;
  }): Promise<JmhDigest & { directory: string }> {
    const build = await this.stores.builds.findBuild(request.buildId);
    if (build === null) throw new UnknownBuild('buildId', request.buildId);
    let against: JmhBuild | null = null;
    if (request.againstBuildId !== undefined) {
      against = await this.stores.builds.findBuild(request.againstBuildId);
      if (against === null) throw new UnknownBuild('againstBuildId', request.againstBuildId);
    } else {
      against = await this.comparisons.predecessor(build);
    }
    let comparison: JmhComparison | null = null;
    if (against !== null) {
      comparison = await this.stores.comparisons.latestComparisonFor(build.id, against.id);
      if (comparison === null) {
        try {
          comparison = await this.comparisons.compare({
            baselineBuildId: against.id,
            candidateBuildId: build.id,
          });
        } catch (error) {
          if (!(error instanceof ComparisonNotPossible)) throw error;
        }
      }
    }
    const candidateRunId = comparison?.candidateRunId ?? (await this.stores.runs.latestDoneRun(build.id))?.id;
    const crashes: JmhDigestCrash[] = [];
    if (candidateRunId !== undefined) {
      const { rows } = await this.stores.results.loadRun(candidateRunId);
      for (const r of rows) {
        if (r.status === 'ok') continue;
        crashes.push({
          runId: r.runId,
          benchmark: r.key,
          kind: r.status,
          reason: r.reason ?? r.status,
          crashLogs: r.crashLogs,
        });
      }
    }
    const order = { crashed: 0, hung: 1, missing: 2 };
    crashes.sort((x, y) => order[x.kind] - order[y.kind] || (x.benchmark < y.benchmark ? -1 : 1));

    const directory = path.join(this.workDir, 'digests', build.id);
    await mkdir(directory, { recursive: true });
    const plots: JmhDigestPlot[] = [];
    const relative = new Map<string, string>();
    if (comparison !== null) {
      for (const v of comparison.verdicts) {
        if ((v.baseline?.forkValues.length ?? 0) === 0 || (v.candidate?.forkValues.length ?? 0) === 0)
          continue;
        const svg = verdictPlotSvg(
          v,
          { baseline: comparison.baselineLabel, candidate: comparison.candidateLabel },
          comparison.minEffect,
        );
        const file = path.join(directory, plotFileName(v.key));
        await writeFile(file, svg);
        relative.set(v.key, path.basename(file));
        plots.push({ key: v.key, path: file, ...(request.inlineSvg ? { svg } : {}) });
      }
    }
    const generatedAt = new Date().toISOString();
    const markdown = digestMarkdown({ build, against, comparison, crashes, plots: relative, generatedAt });
    await writeFile(path.join(directory, 'digest.md'), markdown);
    return {
      build,
      against,
      comparisonId: comparison?.id ?? null,
      generatedAt,
      crashes,
      regressions: comparison?.verdicts.filter((v) => v.status === 'regression') ?? [],
      improvements: comparison?.verdicts.filter((v) => v.status === 'improvement') ?? [],
      counts: comparison?.counts ?? null,
      markdown,
      plots,
      directory,
    };
  }
}
