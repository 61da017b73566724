import { counter } from '@keel/service-runtime';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { JmhRunnerConfig } from '../config';
import { killAllWatched } from '../harness/watched-process';
import { ResultNotifier } from '../notifications/result-notifier';
import { JmhRunnerService } from '../requests/jmh-runner.service';

export const RUNNER_CONFIG = 'keel:jmh-runner:config';

const runsFinished = counter({
  name: 'keel_jmh_runs_finished_total',
  help: 'JMH runs finished by this process, by final status',
  labelNames: ['status'] as const,
});

/**
 * Every DISCOVER_EVERY_H hours: discover builds and queue runs for the new ones. Every RUN_POLL_MS: claim
 * queued runs (and runs whose lease expired) and execute them, one at a time: two JMH runs on the
 * same cores measure each other.
 */
@Injectable()
export class RunnerSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RunnerSchedule.name);
  private timers: NodeJS.Timeout[] = [];
  private draining: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly runner: JmhRunnerService,
    @Inject(RUNNER_CONFIG) private readonly config: JmhRunnerConfig,
    private readonly notifier: ResultNotifier,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.DISCOVER_EVERY_H > 0) {
      const every = this.config.DISCOVER_EVERY_H * 3_600_000;
      // not at once: a restart (or a smoke test of the app) must not start benchmarking straight away
      const first = setTimeout(() => {
        void this.discover();
        this.timers.push(setInterval(() => void this.discover(), every));
      }, this.config.DISCOVER_DELAY_S * 1000);
      this.timers.push(first);
    }
    if (this.config.RUN_WORKER) this.timers.push(setInterval(() => this.drain(), this.config.RUN_POLL_MS));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    // a run in flight keeps its lease until it expires and is then resumed; its JVMs die with us
    const killed = await killAllWatched();
    if (killed > 0)
      this.logger.warn(`shutdown: killed ${killed} JMH process tree(s); their run resumes later`);
  }

  private async discover(): Promise<void> {
    try {
      const report = await this.runner.discover();
      this.logger.log(
        `discovery: ${report.found.length} builds, ${report.created.length} new, ${report.queued.length} runs queued, ${report.errors.length} source errors`,
      );
      for (const e of report.errors) this.logger.warn(`discovery source ${e.source}: ${e.error}`);
      await this.notifier.buildsQueued(report.created, report.queued);
    } catch (error) {
      this.logger.error(`discovery failed: ${(error as Error).message}`);
    }
  }

  private drain(): void {
    if (this.draining !== undefined || this.stopped) return;
    this.draining = this.runner.worker
      .drain((e) => this.logger.log(`run ${e.runId}: ${e.benchmark} (${e.index}/${e.total}): ${e.outcome}`))
      .then(async (runs) => {
        for (const r of runs) runsFinished.inc({ status: r.status });
        await this.notifier.runsFinished(runs);
      })
      .catch((error: unknown) => this.logger.error(`run worker: ${(error as Error).message}`))
      .finally(() => {
        this.draining = undefined;
      });
  }
}
