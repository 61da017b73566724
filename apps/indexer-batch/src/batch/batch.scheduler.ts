import { LeaderElections, type LeaderElection } from '@keel/coordination';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { BatchWindowBusy, BatchWindowService } from './batch-window.service';

export const BATCH_SCHEDULE = 'keel:indexer-batch:schedule';

export interface BatchSchedule {
  /** The ZooKeeper election whose leader runs the windows. */
  election: string;
  intervalMs: number;
}

/**
 * Every `intervalMs`, on the leader only, catches up the window chain. Leadership is confirmed with
 * ZooKeeper before each window; the advisory lock in the service guards against the rest (a leader
 * that does not know yet it lost, a CLI run).
 */
@Injectable()
export class BatchScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BatchScheduler.name);
  private election: LeaderElection | undefined;
  private leading = false;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly shutdown = new AbortController();

  constructor(
    private readonly elections: LeaderElections,
    private readonly windows: BatchWindowService,
    @Inject(BATCH_SCHEDULE) private readonly schedule: BatchSchedule,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.election = await this.elections.join(this.schedule.election, {
      onElected: () => {
        this.logger.log(
          `leader of ${this.schedule.election}: running windows every ${this.schedule.intervalMs} ms`,
        );
        this.leading = true;
        this.arm(0);
      },
      onRevoked: (reason) => {
        this.logger.warn(`no longer leader of ${this.schedule.election} (${reason}): windows stop`);
        this.leading = false;
        clearTimeout(this.timer);
      },
    });
  }

  isLeader(): boolean {
    return this.leading && (this.election?.isLeader() ?? false);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.leading = false;
    clearTimeout(this.timer);
    this.shutdown.abort();
    await this.inFlight;
    if (this.election) await this.elections.leave(this.election);
  }

  private arm(delayMs: number): void {
    clearTimeout(this.timer);
    if (!this.leading || this.shutdown.signal.aborted) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = this.windows
      .catchUp({
        signal: this.shutdown.signal,
        mayContinue: async () => this.leading && ((await this.election?.confirmLeadership()) ?? false),
      })
      .then(
        (ran) => {
          if (ran.length > 1) this.logger.log(`ran a backlog of ${ran.length} windows`);
        },
        (error: unknown) => {
          // a window's own failure is recorded by the service; this is the lock or the platform DB
          if (error instanceof BatchWindowBusy) this.logger.warn(error.message);
          else
            this.logger.error(`batch tick failed: ${error instanceof Error ? error.message : String(error)}`);
        },
      )
      .finally(() => {
        this.inFlight = undefined;
        this.arm(this.schedule.intervalMs);
      });
    await this.inFlight;
  }
}
