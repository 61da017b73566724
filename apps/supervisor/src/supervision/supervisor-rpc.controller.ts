import {
  INDEXING_PATTERNS,
  INDEXING_REQUESTS,
  type SupervisorRestartsReply,
  type SupervisorStatusReply,
} from '@keel/api-contracts';
import { JobRegistration } from '@keel/coordination';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SupervisorRestartStore } from '../supervision/supervisor-restart.store';
import {
  SUPERVISION_OPTIONS,
  SupervisorService,
  type SupervisionOptions,
} from '../supervision/supervisor.service';

/**
 * What the gateway asks the supervisor over RPC: which jobs it keeps alive, how many instances it
 * sees, and whether it leads; and the restart history (`supervisor_restarts`, which this app owns: the
 * gateway asks here rather than reading the table).
 */
@Controller()
export class SupervisorRpcController {
  constructor(
    private readonly supervisor: SupervisorService,
    private readonly registration: JobRegistration,
    private readonly history: SupervisorRestartStore,
    @Inject(SUPERVISION_OPTIONS) private readonly options: SupervisionOptions,
  ) {}

  @MessagePattern(INDEXING_PATTERNS.supervisorStatus)
  status(): SupervisorStatusReply {
    return {
      instance: this.registration.instance ?? `pid-${process.pid}`,
      election: this.options.election,
      isLeader: this.supervisor.isActiveLeader(),
      jobs: this.supervisor.expectedJobs(),
    };
  }

  @MessagePattern(INDEXING_PATTERNS.supervisorRestarts)
  async restarts(@Payload() payload: unknown): Promise<SupervisorRestartsReply> {
    const request = INDEXING_REQUESTS.supervisorRestarts.parse(payload);
    const byJob = await this.history.newestOfJobs(request.jobs, request.perJob);
    return {
      restartsByJob: Object.fromEntries(
        [...byJob].map(([job, restarts]) => [
          job,
          restarts.map((r) => ({
            id: r.id,
            job: r.job,
            reason: r.reason,
            command: r.command,
            startedAt: r.startedAt.toISOString(),
            exitCode: r.exitCode,
            pid: r.pid,
          })),
        ]),
      ),
    };
  }
}
