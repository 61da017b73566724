import { INDEXING_PATTERNS, type SupervisorStatusReply } from '@keel/api-contracts';
import { JobRegistration } from '@keel/coordination';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  SUPERVISION_OPTIONS,
  SupervisorService,
  type SupervisionOptions,
} from '../supervision/supervisor.service';

/**
 * What the gateway asks the supervisor over RPC: which jobs it keeps alive, how many instances it
 * sees, and whether it leads. Restart history is read by the gateway from `supervisor_restarts`.
 */
@Controller()
export class SupervisorRpcController {
  constructor(
    private readonly supervisor: SupervisorService,
    private readonly registration: JobRegistration,
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
}
