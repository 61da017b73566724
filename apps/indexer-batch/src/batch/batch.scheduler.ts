import { LeaderElections, LeaderLoop, LeaderScheduler } from '@keel/coordination';
import { errorMessage } from '@keel/service-runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
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
export class BatchScheduler extends LeaderScheduler {
  private readonly logger = new Logger(BatchScheduler.name);
  protected readonly loop: LeaderLoop;

  constructor(
    elections: LeaderElections,
    private readonly windows: BatchWindowService,
    @Inject(BATCH_SCHEDULE) private readonly schedule: BatchSchedule,
  ) {
    super();
    this.loop = new LeaderLoop(elections, {
      election: schedule.election,
      // a window in hand is finished when leadership goes (no next one starts); only shutdown aborts it
      finishTurnOnRevoke: true,
      turn: async ({ signal, stillLeading }) => {
        const ran = await this.windows.catchUp({ signal, mayContinue: stillLeading });
        if (ran.length > 1) this.logger.log(`ran a backlog of ${ran.length} windows`);
      },
      restMs: () => this.schedule.intervalMs,
      onError: (error) => {
        // a window's own failure is recorded by the service; this is the lock or the platform DB
        if (error instanceof BatchWindowBusy) this.logger.warn(error.message);
        else this.logger.error(`batch tick failed: ${errorMessage(error)}`);
      },
      log: {
        elected: () =>
          this.logger.log(`leader of ${schedule.election}: running windows every ${schedule.intervalMs} ms`),
        revoked: (reason) =>
          this.logger.warn(`no longer leader of ${schedule.election} (${reason}): windows stop`),
      },
    });
  }
}
