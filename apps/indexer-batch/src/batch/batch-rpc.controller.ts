import {
  INDEXING_PATTERNS,
  INDEXING_REQUESTS,
  type BatchWindowEntry,
  type BatchWindowsReply,
  type BatchRunWindowReply,
  type BatchRunWindowRequest,
  type IndexingRpcError,
} from '@keel/api-contracts';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { BatchWindowInFlight, BatchWindowStarter } from './batch-window-starter.service';
import type { BatchWindowRecord } from './batch-window';
import { BatchWindowService } from './batch-window.service';
import { InvalidWindow } from './hopping-window';

const refuse = (code: IndexingRpcError['code'], message: string) =>
  new RpcException({ code, message } satisfies IndexingRpcError);

/** A window as the RPC contract carries it (instants as ISO strings). */
export const windowEntryOf = (w: BatchWindowRecord): BatchWindowEntry => ({
  id: w.id,
  writeAlias: w.writeAlias,
  kind: w.kind,
  windowStart: w.windowStart.toISOString(),
  windowEnd: w.windowEnd.toISOString(),
  startedAt: w.startedAt.toISOString(),
  finishedAt: w.finishedAt?.toISOString() ?? null,
  status: w.status,
  idsSeen: w.idsSeen,
  written: w.written,
  stale: w.stale,
  deleted: w.deleted,
  failed: w.failed,
  error: w.error,
  instance: w.instance,
});

/**
 * What the gateway asks indexer-batch over RPC: run a window now, in the background (the window
 * given, or the chain from the last success up to now), and page the history (`batch_history`,
 * which this app owns: the gateway asks here rather than reading the table).
 */
@Controller()
export class BatchRpcController {
  constructor(
    private readonly starter: BatchWindowStarter,
    private readonly windows: BatchWindowService,
  ) {}

  @MessagePattern(INDEXING_PATTERNS.batchWindows)
  async windowsPage(@Payload() payload: unknown): Promise<BatchWindowsReply> {
    const request = INDEXING_REQUESTS.batchWindows.parse(payload);
    const page = await this.windows.history.list(
      request.writeAlias,
      request.first,
      request.beforeId ?? undefined,
    );
    return { windows: page.windows.map(windowEntryOf), hasNextPage: page.nextBefore !== null };
  }

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
