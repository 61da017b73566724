import { LeaderElections, type LeaderElection } from '@keel/coordination';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { RepairBusy, RepairService, RepairWaiting } from './repair.service';

export const REPAIR_SCHEDULE = 'keel:indexer-batch:repair-schedule';

export interface RepairSchedule {
  /** The ZooKeeper election whose leader runs the repairer (one per write alias). */
  election: string;
  /** Pause between two cycles, and before retrying after a failure. */
  restMs: number;
}

/**
 * Runs repair cycles forever on the elected leader only: leadership is confirmed with ZooKeeper
 * before each range, and an advisory lock in the service guards against the rest.
 */
@Injectable()
export class RepairScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RepairScheduler.name);
  private election: LeaderElection | undefined;
  private leading = false;
  private loop: Promise<void> | undefined;
  private readonly shutdown = new AbortController();
  private stopLeading = new AbortController();

  constructor(
    private readonly elections: LeaderElections,
    private readonly repair: RepairService,
    @Inject(REPAIR_SCHEDULE) private readonly schedule: RepairSchedule,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.election = await this.elections.join(this.schedule.election, {
      onElected: () => {
        this.logger.log(`leader of ${this.schedule.election}: repairing ${this.repair.settings.writeAlias}`);
        this.leading = true;
        this.stopLeading = new AbortController();
        this.loop ??= this.run().finally(() => (this.loop = undefined));
      },
      onRevoked: (reason) => {
        this.logger.warn(`no longer leader of ${this.schedule.election} (${reason}): repair stops`);
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
  }

  private async run(): Promise<void> {
    while (this.leading && !this.shutdown.signal.aborted) {
      const signal = AbortSignal.any([this.shutdown.signal, this.stopLeading.signal]);
      try {
        await this.repair.runCycle({
          signal,
          mayContinue: async () => this.leading && ((await this.election?.confirmLeadership()) ?? false),
        });
      } catch (error) {
        if (error instanceof RepairBusy || error instanceof RepairWaiting) this.logger.warn(error.message);
        else
          this.logger.error(`repair cycle failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.schedule.restMs);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }
}
