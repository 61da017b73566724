import type { JmhBuild, JmhRun } from '@keel/api-contracts';
import { WebhookNotifier } from '@keel/webhooks';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { JmhRunnerService } from '../requests/jmh-runner.service';
import { buildQueuedEvent, digestEvents } from './result-events';

/**
 * Tells people about results: a new build queued, and after a run, its digest's regressions, crashes
 * and hangs (webhooks per kind, see @keel/webhooks). A failed notification is logged, never a failed run.
 */
export class ResultNotifier implements OnApplicationShutdown {
  private readonly logger = new Logger('ResultNotifier');

  constructor(
    private readonly runner: JmhRunnerService,
    private readonly webhooks: WebhookNotifier,
    private readonly consoleUrl?: string,
  ) {}

  async buildsQueued(builds: readonly JmhBuild[], runs: readonly JmhRun[]): Promise<void> {
    for (const run of runs) {
      const build = builds.find((b) => b.id === run.buildId);
      if (build) await this.send(() => this.webhooks.notify(buildQueuedEvent(build, run, this.consoleUrl)));
    }
  }

  async runsFinished(runs: readonly JmhRun[]): Promise<void> {
    for (const run of runs) {
      if (run.status !== 'done') continue;
      await this.send(async () => {
        const digest = await this.runner.digest({ buildId: run.buildId });
        for (const event of digestEvents(digest, run, this.consoleUrl)) await this.webhooks.notify(event);
      });
    }
  }

  onApplicationShutdown(): void {
    this.webhooks.stop();
  }

  private async send(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn(`webhook: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
