import { InFlight, errorMessage } from '@keel/service-runtime';
import { Injectable, Logger } from '@nestjs/common';
import { RecoveryAlreadyRunning, RecoveryRunFailed, RecoveryService } from './recovery.service';

/** A rebuild started in this process (over HTTP or RPC) has not finished yet. */
export class RecoveryInFlight extends Error {
  constructor(alias: string) {
    super(`a recovery of ${alias} is already running in this process`);
    this.name = 'RecoveryInFlight';
  }
}

export interface RecoveryStart {
  /** The unfinished run this start resumes, or null for a new run. */
  resumingRunId: number | null;
}

/**
 * Starting a rebuild in the background, one per process whichever transport asks: the HTTP
 * controller and the RPC handler both call `start`, so an HTTP start and an RPC start cannot both go
 * ahead. (Across processes, the rebuild's advisory lock decides.)
 */
@Injectable()
export class RecoveryStarter {
  private readonly logger = new Logger(RecoveryStarter.name);
  private readonly inFlight = new InFlight();

  constructor(private readonly recovery: RecoveryService) {}

  get alias(): string {
    return this.recovery.alias;
  }

  /**
   * Resolves once the rebuild is under way (it goes on in the background; progress is in
   * `recovery_runs`). Throws `RecoveryInFlight` while one started here runs, and `RecoveryRunFailed`
   * when the last run failed and `retry` is not set (`resume: false` starts over instead).
   */
  async start(options: { resume?: boolean; retry?: boolean } = {}): Promise<RecoveryStart> {
    const claim = this.inFlight.claim(() => new RecoveryInFlight(this.recovery.alias));
    try {
      const resume = options.resume !== false;
      const unfinished = await this.recovery.runs.unfinished(this.recovery.alias);
      if (resume && unfinished?.status === 'failed' && options.retry !== true) {
        throw new RecoveryRunFailed(unfinished);
      }
      claim.runInBackground(this.recovery.run({ resume, retry: options.retry === true }), (error) => {
        if (error instanceof RecoveryAlreadyRunning) this.logger.warn(error.message);
        else this.logger.error(`recovery failed: ${errorMessage(error)}`);
      });
      return { resumingRunId: resume && unfinished ? unfinished.id : null };
    } catch (error) {
      claim.release();
      throw error;
    }
  }
}
