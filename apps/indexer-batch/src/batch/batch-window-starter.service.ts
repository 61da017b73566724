import { InFlight, errorMessage } from '@keel/service-runtime';
import { Injectable, Logger } from '@nestjs/common';
import { BatchWindowBusy, BatchWindowService } from './batch-window.service';
import { parseWindow, type HoppingWindow } from './hopping-window';

/** A window started in this process (over HTTP or RPC) has not finished yet. */
export class BatchWindowInFlight extends Error {
  constructor() {
    super('a window started from the API (HTTP or RPC) is still running in this process');
    this.name = 'BatchWindowInFlight';
  }
}

/**
 * Running windows now, in the background, one start per process whichever transport asks: the
 * operators' HTTP route and the gateway's RPC both call `start`. (Across processes, the windows'
 * advisory lock decides.)
 */
@Injectable()
export class BatchWindowStarter {
  private readonly logger = new Logger(BatchWindowStarter.name);
  private readonly inFlight = new InFlight();

  constructor(private readonly windows: BatchWindowService) {}

  get writeAlias(): string {
    return this.windows.settings.writeAlias;
  }

  /**
   * The window `{ from, to }` (ISO instants) when either is given, else the chain from the last
   * success up to now. Returns the window started (null: the chain). Throws `InvalidWindow` for a
   * window that is not one and `BatchWindowInFlight` while a start of this process runs.
   */
  start(request: { from?: string; to?: string } = {}): { window: HoppingWindow | null } {
    const window =
      request.from !== undefined || request.to !== undefined ? parseWindow(request.from, request.to) : null;
    const claim = this.inFlight.claim(() => new BatchWindowInFlight());
    claim.runInBackground(window ? this.windows.runWindow(window) : this.windows.catchUp(), (error) => {
      if (error instanceof BatchWindowBusy) this.logger.warn(error.message);
      else this.logger.error(`batch window failed: ${errorMessage(error)}`);
    });
    return { window };
  }
}
