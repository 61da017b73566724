import { JDK_UPGRADE_PATTERNS, type JdkRpcError, type JdkUpgradePlanReply } from '@keel/api-contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { z } from 'zod';
import { UpgradePlannerService } from './upgrade-planner.service';
import { InvalidUpgradePolicy } from './upgrade-policy';

const planRequest = z
  .object({
    scope: z
      .object({
        team: z.string().min(1).max(256).optional(),
        labels: z.record(z.string().min(1).max(63), z.string().max(256)).optional(),
      })
      .strict()
      .optional(),
    // validated field by field by parseUpgradePolicy
    policy: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** `jdk.upgradePlan` over TCP, for the gateway's `jdkUpgradePlan`. */
@Controller()
export class UpgradePlanRpcController {
  constructor(private readonly planner: UpgradePlannerService) {}

  @MessagePattern(JDK_UPGRADE_PATTERNS.upgradePlan)
  async upgradePlan(@Payload() request: unknown): Promise<JdkUpgradePlanReply> {
    const parsed = planRequest.safeParse(request ?? {});
    if (!parsed.success) {
      throw new RpcException({
        error: 'invalid request',
        issues: parsed.error.issues.map((i) => ({
          field: i.path.join('.') || '(request)',
          message: i.message,
        })),
      } satisfies JdkRpcError);
    }
    try {
      return await this.planner.plan(parsed.data);
    } catch (error) {
      if (error instanceof InvalidUpgradePolicy) {
        throw new RpcException({
          error: 'invalid request',
          issues: error.issues.map((i) => ({ field: `policy.${i.field}`, message: i.message })),
        } satisfies JdkRpcError);
      }
      throw error;
    }
  }
}
