import { LeaderElections, type LeaderElection } from '@keel/coordination';
import type { ProductChangePublisher } from '@keel/kafka-bus';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
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
export class FreshnessScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FreshnessScheduler.name);
  private election: LeaderElection | undefined;
  private leading = false;
  private loop: Promise<void> | undefined;
  private readonly shutdown = new AbortController();
  private stopLeading = new AbortController();

  constructor(
    private readonly elections: LeaderElections,
    private readonly probe: FreshnessProbeService,
    @Inject(FRESHNESS_PUBLISHER) private readonly publisher: ProductChangePublisher,
    @Inject(FRESHNESS_SCHEDULE) private readonly schedule: FreshnessSchedule,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.election = await this.elections.join(this.schedule.election, {
      onElected: () => {
        this.logger.log(`leader of ${this.schedule.election}: probing ${this.probe.settings.readAlias}`);
        this.leading = true;
        this.stopLeading = new AbortController();
        this.loop ??= this.run().finally(() => (this.loop = undefined));
      },
      onRevoked: (reason) => {
        this.logger.warn(`no longer leader of ${this.schedule.election} (${reason}): probe stops`);
        this.leading = false;
        this.stopLeading.abort();
      },
    });
  }

  isLeader(): boolean {
    return this.leading && (this.election?.isLeader() ?? false);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.leading = false;
    this.shutdown.abort();
    this.stopLeading.abort();
    await this.loop;
    if (this.election) await this.elections.leave(this.election);
    await this.publisher.disconnect();
  }

  private async run(): Promise<void> {
    while (this.leading && !this.shutdown.signal.aborted) {
      const signal = AbortSignal.any([this.shutdown.signal, this.stopLeading.signal]);
      const started = performance.now();
      try {
        if ((await this.election?.confirmLeadership()) ?? false) {
          await this.publisher.connect();
          await this.probe.probe(signal);
        }
      } catch (error) {
        if (!signal.aborted)
          this.logger.warn(
            `freshness probe failed: ${error instanceof Error ? error.message : String(error)}`,
          );
      }
      const restMs = Math.max(0, this.schedule.intervalMs - (performance.now() - started));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, restMs);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }
}
