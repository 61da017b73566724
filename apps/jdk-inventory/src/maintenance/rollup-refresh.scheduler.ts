import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { InventoryRollupService } from './inventory-rollup.service';

/** In the serving app: keeps the roll-ups within their max age in the background, so readers rarely wait. */
export class RollupRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RollupRefresher');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly rollups: InventoryRollupService,
    private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    let nextAt = 0;
    this.timer = setInterval(() => {
      // at fleet size a rebuild takes seconds of a database core: spend at most a quarter of the time on
      // it, however short the interval (a reader past ROLLUP_MAX_AGE_S still rebuilds on read)
      if (this.running || Date.now() < nextAt) return;
      this.running = this.rollups
        .ensureFresh()
        .then(() => {
          nextAt = Date.now() + 3 * this.rollups.lastBuildMs;
        })
        .catch((error: unknown) =>
          this.logger.warn(
            `roll-up rebuild failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
