import {
  INDEXING_PATTERNS,
  type BatchRunWindowReply,
  type BatchRunWindowRequest,
  type IndexingRpcError,
} from '@keel/api-contracts';
import { Controller, Logger } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { BatchWindowBusy, BatchWindowService } from '../batch/batch-window.service';
import { InvalidWindow, parseWindow, type HoppingWindow } from '../batch/hopping-window';

const refuse = (code: IndexingRpcError['code'], message: string) =>
  new RpcException({ code, message } satisfies IndexingRpcError);

/**
 * What the gateway asks indexer-batch over RPC: run a window now, in the background (the window
 * given, or the chain from the last success up to now). The history is read from the platform DB.
 */
@Controller()
export class BatchRpcController {
  private readonly logger = new Logger(BatchRpcController.name);
  private inFlight: Promise<unknown> | undefined;

  constructor(private readonly windows: BatchWindowService) {}

  @MessagePattern(INDEXING_PATTERNS.batchRunWindow)
  runWindow(@Payload() request: BatchRunWindowRequest = {}): BatchRunWindowReply {
    let window: HoppingWindow | undefined;
    if (request?.from !== undefined || request?.to !== undefined) {
      try {
        window = parseWindow(request.from, request.to);
      } catch (error) {
        if (error instanceof InvalidWindow) throw refuse('BAD_USER_INPUT', error.message);
        throw error;
      }
    }
    if (this.inFlight) throw refuse('CONFLICT', 'a window started over RPC is still running in this process');
    const work = window ? this.windows.runWindow(window) : this.windows.catchUp();
    this.inFlight = work
      .catch((error: unknown) => {
        if (error instanceof BatchWindowBusy) this.logger.warn(error.message);
        else
          this.logger.error(`batch window failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => (this.inFlight = undefined));
    return {
      accepted: true,
      writeAlias: this.windows.settings.writeAlias,
      window: window ? { from: window.from.toISOString(), to: window.to.toISOString() } : null,
    };
  }
}
