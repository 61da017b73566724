import { LeaderElections, LeaderLoop, LeaderScheduler } from '@keel/coordination';
import { errorMessage } from '@keel/service-runtime';
import type { ProductChangePublisher } from '@keel/kafka-bus';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { FreshnessProbeService } from './freshness-probe.service';

export const FRESHNESS_SCHEDULE = 'keel:indexer-batch:freshness-schedule';
export const FRESHNESS_PUBLISHER = 'keel:indexer-batch:freshness-publisher';

export interface FreshnessSchedule {
  /** The ZooKeeper election whose leader runs the probe (one canary writer per shop DB). */
  election: string;
  /** Time from one probe's start to the next one's (a slow canary delays the next). */
  intervalMs: number;
}

/** Runs a freshness probe every interval on the elected leader only (the repairer's pattern). */
@Injectable()
export class FreshnessScheduler extends LeaderScheduler {
  private readonly logger = new Logger(FreshnessScheduler.name);
  protected readonly loop: LeaderLoop;

  constructor(
    elections: LeaderElections,
    private readonly probe: FreshnessProbeService,
    @Inject(FRESHNESS_PUBLISHER) private readonly publisher: ProductChangePublisher,
    @Inject(FRESHNESS_SCHEDULE) private readonly schedule: FreshnessSchedule,
  ) {
    super();
    this.loop = new LeaderLoop(elections, {
      election: schedule.election,
      turn: async ({ signal, stillLeading }) => {
        if (!(await stillLeading())) return;
        await this.publisher.connect();
        await this.probe.probe(signal);
      },
      // a slow canary delays the next one; a quick one waits out the rest of the interval
      restMs: (turnMs) => this.schedule.intervalMs - turnMs,
      onError: (error) => this.logger.warn(`freshness probe failed: ${errorMessage(error)}`),
      log: {
        elected: () =>
          this.logger.log(`leader of ${schedule.election}: probing ${this.probe.settings.readAlias}`),
        revoked: (reason) =>
          this.logger.warn(`no longer leader of ${schedule.election} (${reason}): probe stops`),
      },
    });
  }

  override async beforeApplicationShutdown(): Promise<void> {
    await super.beforeApplicationShutdown();
    await this.publisher.disconnect();
  }
}
