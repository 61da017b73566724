import { INDEXING_PATTERNS, type IndexFreshnessReply } from '@keel/api-contracts';
import { Controller, Optional } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { FreshnessProbeService } from './freshness-probe.service';
import { FreshnessScheduler } from './freshness.scheduler';

/**
 * The gateway's `indexFreshness`: this instance's record of the last hour. Only the elected instance
 * probes; another one (or one with FRESHNESS_ENABLED=false) answers `probing: false` and no canaries.
 */
@Controller()
export class FreshnessRpcController {
  constructor(
    @Optional() private readonly probe?: FreshnessProbeService,
    @Optional() private readonly scheduler?: FreshnessScheduler,
  ) {}

  @MessagePattern(INDEXING_PATTERNS.indexFreshness)
  freshness(): IndexFreshnessReply {
    const summary = this.probe?.record.summary();
    return {
      probing: this.scheduler?.isLeader() ?? false,
      windowSeconds: (this.probe?.record.windowMs ?? 3_600_000) / 1000,
      count: summary?.count ?? 0,
      p50Seconds: summary?.p50Seconds ?? null,
      p99Seconds: summary?.p99Seconds ?? null,
      last: summary?.last
        ? { committedAt: new Date(summary.last.committedAtMs).toISOString(), seconds: summary.last.seconds }
        : null,
    };
  }
}
