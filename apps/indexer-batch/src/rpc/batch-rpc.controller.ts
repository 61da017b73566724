import {
  INDEXING_PATTERNS,
  type BatchRunWindowReply,
  type BatchRunWindowRequest,
  type IndexingRpcError,
} from '@keel/api-contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { BatchWindowInFlight, BatchWindowStarter } from '../batch/batch-window-starter.service';
import { InvalidWindow } from '../batch/hopping-window';

const refuse = (code: IndexingRpcError['code'], message: string) =>
  new RpcException({ code, message } satisfies IndexingRpcError);

/**
 * What the gateway asks indexer-batch over RPC: run a window now, in the background (the window
 * given, or the chain from the last success up to now). The history is read from the platform DB.
 */
@Controller()
export class BatchRpcController {
  constructor(private readonly starter: BatchWindowStarter) {}

  @MessagePattern(INDEXING_PATTERNS.batchRunWindow)
  runWindow(@Payload() request: BatchRunWindowRequest = {}): BatchRunWindowReply {
    try {
      const { window } = this.starter.start(request ?? {});
      return {
        accepted: true,
        writeAlias: this.starter.writeAlias,
        window: window ? { from: window.from.toISOString(), to: window.to.toISOString() } : null,
      };
    } catch (error) {
      if (error instanceof InvalidWindow) throw refuse('BAD_USER_INPUT', error.message);
      if (error instanceof BatchWindowInFlight) throw refuse('CONFLICT', error.message);
      throw error;
    }
  }
}
