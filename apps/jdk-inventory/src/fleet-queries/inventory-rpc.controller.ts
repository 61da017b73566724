import {
  JDK_PATTERNS,
  type JdkExposureReply,
  type JdkHostsByIdsReply,
  type JdkHostsReply,
  type JdkInstallationsByHostIdsReply,
  type JdkJvmsByHostIdsReply,
  type JdkLicenceRiskReply,
  type JdkMigrationBacklogReply,
  type JdkMixReply,
  type JdkRpcError,
  type JdkSummaryReply,
  type JdkTopUpdatesReply,
  type JdkTrendsReply,
} from '@keel/api-contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { InventoryQueryService } from './inventory-query.service';
import { InvalidRequest, parseRequest } from './inventory-requests';

/** The RPC contract of @keel/api-contracts (`JDK_PATTERNS`), answered over TCP for the gateway. */
@Controller()
export class InventoryRpcController {
  constructor(private readonly queries: InventoryQueryService) {}

  @MessagePattern(JDK_PATTERNS.hosts)
  hosts(@Payload() request: unknown): Promise<JdkHostsReply> {
    return answer(() => this.queries.hosts(parseRequest('hosts', request)));
  }

  @MessagePattern(JDK_PATTERNS.hostsByIds)
  hostsByIds(@Payload() request: unknown): Promise<JdkHostsByIdsReply> {
    return answer(() => this.queries.hostsByIds(parseRequest('byHostIds', request).hostIds));
  }

  @MessagePattern(JDK_PATTERNS.installationsByHostIds)
  installationsByHostIds(@Payload() request: unknown): Promise<JdkInstallationsByHostIdsReply> {
    return answer(() => this.queries.installationsByHostIds(parseRequest('byHostIds', request).hostIds));
  }

  @MessagePattern(JDK_PATTERNS.jvmsByHostIds)
  jvmsByHostIds(@Payload() request: unknown): Promise<JdkJvmsByHostIdsReply> {
    return answer(() => this.queries.jvmsByHostIds(parseRequest('byHostIds', request).hostIds));
  }

  @MessagePattern(JDK_PATTERNS.summary)
  summary(@Payload() request: unknown): Promise<JdkSummaryReply> {
    return answer(() => this.queries.summary(parseRequest('summary', request).scope));
  }

  @MessagePattern(JDK_PATTERNS.mix)
  mix(@Payload() request: unknown): Promise<JdkMixReply> {
    return answer(() => this.queries.mix(parseRequest('mix', request)));
  }

  @MessagePattern(JDK_PATTERNS.topUpdates)
  topUpdates(@Payload() request: unknown): Promise<JdkTopUpdatesReply> {
    return answer(() => this.queries.topUpdates(parseRequest('topUpdates', request)));
  }

  @MessagePattern(JDK_PATTERNS.licenceRisk)
  licenceRisk(@Payload() request: unknown): Promise<JdkLicenceRiskReply> {
    return answer(() => this.queries.licenceRisk(parseRequest('licenceRisk', request)));
  }

  @MessagePattern(JDK_PATTERNS.exposure)
  exposure(@Payload() request: unknown): Promise<JdkExposureReply> {
    return answer(() => this.queries.exposure(parseRequest('exposure', request).scope));
  }

  @MessagePattern(JDK_PATTERNS.migrationBacklog)
  migrationBacklog(@Payload() request: unknown): Promise<JdkMigrationBacklogReply> {
    return answer(() => this.queries.migrationBacklog(parseRequest('migrationBacklog', request)));
  }

  @MessagePattern(JDK_PATTERNS.trends)
  trends(@Payload() request: unknown): Promise<JdkTrendsReply> {
    return answer(() => this.queries.trends(parseRequest('trends', request)));
  }
}

/** A refused request becomes the contract's error payload; anything else stays an internal error. */
async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidRequest) {
      const payload: JdkRpcError = { error: 'invalid request', issues: error.issues };
      throw new RpcException(payload);
    }
    throw error;
  }
}
