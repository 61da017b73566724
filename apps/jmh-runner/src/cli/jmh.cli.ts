import 'reflect-metadata';
import type { JmhComparison, JmhRun } from '@keel/api-contracts';
import { runCli } from '@keel/service-runtime';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { ComparisonNotPossible } from '../comparison/comparison.service';
import { loadJmhRunnerConfig } from '../config';
import { UnknownBuild } from '../digest/digest.service';
import { JmhRunnerService } from '../requests/jmh-runner.service';
import { isUuid, JmhRunnerBadRequest } from '../requests/requests';
import type { RunProgress } from '../runs/run-worker';

const USAGE = `usage: jmh-runner <command> [options]

  discover                                   find JDK builds (JDK_DIRS, JDK_DROP_DIR, Adoptium) and queue runs
  run --build <path|id> [--profile quick] [--include regex] [--jar path] [--timeout-s N]
                                             run JMH on one build now, store every result
  compare <a> <b> [--profile quick] [--run [--include regex] [--jar path]]
                                             a, b: build ids, labels or JDK dirs (their latest runs), or run ids;
                                             --run: first run both now, fork by fork in alternation
  digest <build> [--against <build>]         write the digest (Markdown + SVG plots), print the Markdown
  aa <build> [--profile quick] [--include regex] [--sequential]
                                             A/A: two runs of the same build (forks interleaved unless
                                             --sequential) compared; exit 1 if any key "changed"
  worker                                     execute queued runs (and runs whose lease expired), then exit

Configuration comes from the environment (see README): PLATFORM_DB_URL, JMH_JAR, JMH_WORK_DIR, JDK_DIRS, ...`;

const progress: RunProgress = (e) =>
  process.stderr.write(
    `[${e.index}/${e.total}] ${e.benchmark.replace(/^dev\.keel\.jmh\./, '')}: ${e.outcome}\n`,
  );

function summariseRun(run: JmhRun) {
  return {
    id: run.id,
    status: run.status,
    profile: run.profile,
    include: run.include,
    jar: run.jarPath,
    results: run.resultCount,
    crashed: run.crashedCount,
    hung: run.hungCount,
    missing: run.missingCount,
    crashLogs: run.crashLogs,
    dir: run.resultFile,
    error: run.error,
  };
}

function printComparison(c: JmhComparison): void {
  const out: string[] = [
    `comparison ${c.id}: ${c.baselineLabel} (baseline) vs ${c.candidateLabel} (candidate)${
      c.sameVersion ? '' : ' [different feature releases: a side-by-side, not like-for-like]'
    }`,
    `counts: ${Object.entries(c.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ];
  const pct = (v: number | null) => (v === null ? '-' : `${v >= 1 ? '+' : ''}${((v - 1) * 100).toFixed(1)}%`);
  for (const v of c.verdicts) {
    const ci = v.speedupCi ? `[${pct(v.speedupCi.lower)}, ${pct(v.speedupCi.upper)}]` : '';
    out.push(
      `${v.status.padEnd(12)} ${v.key.replace(/^dev\.keel\.jmh\./, '').padEnd(58)} ${pct(v.speedup).padStart(8)} ${ci.padEnd(22)} q=${
        v.qValue === null ? '-' : v.qValue.toPrecision(2)
      }`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      build: { type: 'string' },
      profile: { type: 'string' },
      include: { type: 'string' },
      jar: { type: 'string' },
      'timeout-s': { type: 'string' },
      against: { type: 'string' },
      run: { type: 'boolean', default: false },
      sequential: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  // the CLI does its one job: no schedule, no background worker
  const config = loadJmhRunnerConfig({
    LOG_LEVEL: 'warn',
    ...process.env,
    DISCOVER_EVERY_H: '0',
    RUN_WORKER: 'false',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  const runner = app.get(JmhRunnerService);
  const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  const timeoutMs = values['timeout-s'] !== undefined ? Number(values['timeout-s']) * 1000 : undefined;
  if (timeoutMs !== undefined && !(timeoutMs >= 1000)) {
    process.stderr.write('--timeout-s must be a number of seconds, at least 1\n');
    return 2;
  }
  try {
    switch (command) {
      case 'discover': {
        const report = await runner.discover();
        out({
          found: report.found.map((b) => ({
            id: b.id,
            label: b.label,
            source: b.source,
            javaHome: b.javaHome,
          })),
          created: report.created.map((b) => b.label),
          queued: report.queued.map((r) => r.id),
          errors: report.errors,
        });
        return 0;
      }
      case 'run': {
        if (!values.build) {
          process.stderr.write('run: --build <path|id> is required\n');
          return 2;
        }
        const run = await runner.runNow(
          {
            build: values.build,
            profile: values.profile,
            include: values.include,
            jar: values.jar,
            timeoutMs,
          },
          progress,
        );
        out(summariseRun(run));
        return run.status === 'done' ? 0 : 1;
      }
      case 'compare': {
        const [a, b] = positionals.slice(1);
        if (!a || !b) {
          process.stderr.write('compare: two builds (or two runs) are required\n');
          return 2;
        }
        if (values.run) {
          const common = { profile: values.profile, include: values.include, jar: values.jar, timeoutMs };
          const [ra, rb] = await runner.runInterleaved(
            [
              { build: a, ...common },
              { build: b, ...common },
            ],
            progress,
          );
          printComparison(await runner.compare({ baselineRunId: ra.id, candidateRunId: rb.id }));
          return 0;
        }
        const runs = await runner.stores.runs.runsByIds([a, b].filter(isUuid));
        const comparison =
          runs.length === 2 && runs.every((r) => r !== null)
            ? await runner.compare({ baselineRunId: a, candidateRunId: b })
            : await runner.compare({
                baselineBuildId: (await runner.resolveBuild(a, 'a')).id,
                candidateBuildId: (await runner.resolveBuild(b, 'b')).id,
                profile: values.profile,
              });
        printComparison(comparison);
        return 0;
      }
      case 'digest': {
        const ref = positionals[1];
        if (!ref) {
          process.stderr.write('digest: a build is required\n');
          return 2;
        }
        const build = await runner.resolveBuild(ref);
        const against = values.against
          ? (await runner.resolveBuild(values.against, 'against')).id
          : undefined;
        const digest = await runner.digest({ buildId: build.id, againstBuildId: against });
        process.stdout.write(digest.markdown);
        process.stderr.write(`digest and ${digest.plots.length} plots written to ${digest.directory}\n`);
        return 0;
      }
      case 'aa': {
        const ref = positionals[1];
        if (!ref) {
          process.stderr.write('aa: a build is required\n');
          return 2;
        }
        const request = {
          build: ref,
          profile: values.profile,
          include: values.include,
          jar: values.jar,
          timeoutMs,
        };
        let first: JmhRun;
        let second: JmhRun;
        if (values.sequential) {
          process.stderr.write('A/A: first run\n');
          first = await runner.runNow(request, progress);
          process.stderr.write('A/A: second run\n');
          second = await runner.runNow(request, progress);
        } else {
          [first, second] = await runner.runInterleaved([request, request], progress);
        }
        const comparison = await runner.compare({ baselineRunId: first.id, candidateRunId: second.id });
        printComparison(comparison);
        const changed = comparison.counts.regression + comparison.counts.improvement;
        process.stdout.write(
          changed === 0
            ? `A/A passed: no regression and no improvement between two runs of the same build\n`
            : `A/A FAILED: ${changed} keys changed between two runs of the same build\n`,
        );
        return changed === 0 ? 0 : 1;
      }
      case 'worker': {
        const runs = await runner.worker.drain(progress);
        out(runs.map(summariseRun));
        return 0;
      }
      default:
        process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
        return 2;
    }
  } finally {
    await app.close();
  }
}

runCli(
  () => main(process.argv.slice(2)),
  [
    [JmhRunnerBadRequest, 2],
    [UnknownBuild, 2],
    [ComparisonNotPossible, 3],
  ],
);
