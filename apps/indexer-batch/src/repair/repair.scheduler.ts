import { LeaderElections, LeaderLoop, LeaderScheduler } from '@keel/coordination';
import { errorMessage } from '@keel/service-runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
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
export class RepairScheduler extends LeaderScheduler {
  private readonly logger = new Logger(RepairScheduler.name);
  protected readonly loop: LeaderLoop;

  constructor(
    elections: LeaderElections,
    private readonly repair: RepairService,
    @Inject(REPAIR_SCHEDULE) private readonly schedule: RepairSchedule,
  ) {
    super();
    this.loop = new LeaderLoop(elections, {
      election: schedule.election,
      turn: async ({ signal, stillLeading }) => {
        await this.repair.runCycle({ signal, mayContinue: stillLeading });
      },
      restMs: () => this.schedule.restMs,
      onError: (error) => {
        if (error instanceof RepairBusy || error instanceof RepairWaiting) this.logger.warn(error.message);
        else this.logger.error(`repair cycle failed: ${errorMessage(error)}`);
      },
      log: {
        elected: () =>
          this.logger.log(`leader of ${schedule.election}: repairing ${this.repair.settings.writeAlias}`),
        revoked: (reason) =>
          this.logger.warn(`no longer leader of ${schedule.election} (${reason}): repair stops`),
      },
    });
  }
}
