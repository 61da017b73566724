import {
  JMH_RUNNER_PATTERNS,
  type JmhBuild,
  type JmhBuildPage,
  type JmhComparison,
  type JmhDigest,
  type JmhRun,
  type JmhRunPage,
  type JmhRunnerRpcError,
  type JmhVerdictPage,
} from '@keel/api-contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { JmhRunnerService } from './jmh-runner.service';
import {
  byIdsSchema,
  compareSchema,
  digestSchema,
  listBuildsSchema,
  listRunsSchema,
  parseRequest,
  verdictsSchema,
} from './requests';
import { answer as answerRefusing, type Refusal } from './runner-errors';
import { z } from 'zod';

const asRpcError = ({ code, message }: Refusal): Error =>
  new RpcException({ code, message } satisfies JmhRunnerRpcError);
const answer = <T>(work: () => Promise<T>): Promise<T> => answerRefusing(work, asRpcError);

const enqueueRpcSchema = z.object({
  buildId: z.string().uuid(),
  profile: z.string().min(1).optional(),
  include: z.string().min(1).optional(),
});

/** What the gateway asks over TCP (see @keel/api-contracts jmh-runner.ts). */
@Controller()
export class JmhRpcController {
  constructor(private readonly runner: JmhRunnerService) {}

  @MessagePattern(JMH_RUNNER_PATTERNS.listBuilds)
  listBuilds(@Payload() request: unknown): Promise<JmhBuildPage> {
    return answer(() => this.runner.stores.builds.listBuilds(parseRequest(listBuildsSchema, request)));
  }

  @MessagePattern(JMH_RUNNER_PATTERNS.buildsByIds)
  buildsByIds(@Payload() request: unknown): Promise<(JmhBuild | null)[]> {
    return answer(() => this.runner.stores.builds.buildsByIds(parseRequest(byIdsSchema, request).ids));
  }

  @MessagePattern(JMH_RUNNER_PATTERNS.listRuns)
  listRuns(@Payload() request: unknown): Promise<JmhRunPage> {
    return answer(() => this.runner.stores.runs.listRuns(parseRequest(listRunsSchema, request)));
  }

  @MessagePattern(JMH_RUNNER_PATTERNS.runsByIds)
  runsByIds(@Payload() request: unknown): Promise<(JmhRun | null)[]> {
    return answer(() => this.runner.stores.runs.runsByIds(parseRequest(byIdsSchema, request).ids));
  }

  @MessagePattern(JMH_RUNNER_PATTERNS.compare)
  compare(@Payload() request: unknown): Promise<JmhComparison> {
    return answer(() => this.runner.compare(parseRequest(compareSchema, request)));
  }

  @MessagePattern(JMH_RUNNER_PATTERNS.verdicts)
  verdicts(@Payload() request: unknown): Promise<JmhVerdictPage> {
    return answer(() => this.runner.verdicts(parseRequest(verdictsSchema, request)));
  }

  @MessagePattern(JMH_RUNNER_PATTERNS.digest)
  digest(@Payload() request: unknown): Promise<JmhDigest> {
    return answer(async () => {
      const { directory: _directory, ...digest } = await this.runner.digest(
        parseRequest(digestSchema, request),
      );
      return digest;
    });
  }

  @MessagePattern(JMH_RUNNER_PATTERNS.enqueueRun)
  enqueueRun(@Payload() request: unknown): Promise<JmhRun> {
    return answer(async () => {
      const { buildId, ...rest } = parseRequest(enqueueRpcSchema, request);
      return this.runner.enqueue({ build: buildId, ...rest });
    });
  }
}
