import { AdvisoryLockBusy, withAdvisoryLock } from '@keel/datasource';
import type { JdkKnowledge } from '@keel/jdk-detect';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { knowledgeVersion } from '../inventory/derive';
import type { InventoryMaintenanceService } from './inventory-maintenance.service';

/**
 * The scheduled sweep: marks hosts that stopped reporting as stale, and re-derives the risk columns
 * when the day changed since the last derivation (EOL dates and NFTC windows pass) or the knowledge
 * data is newer than what the rows were derived with. One instance at a time (advisory lock).
 */
export class InventorySweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('InventorySweep');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly maintenance: InventoryMaintenanceService,
    private readonly knowledge: () => JdkKnowledge,
    private readonly intervalS: number,
    private readonly lockKey: string,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.intervalS * 1000);
    this.timer.unref();
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = withAdvisoryLock(this.dataSource, this.lockKey, () => this.sweepOnce())
      .catch((error: unknown) => {
        if (error instanceof AdvisoryLockBusy) return;
        this.logger.error(`sweep failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => (this.running = undefined));
  }

  private async sweepOnce(): Promise<void> {
    const swept = await this.maintenance.sweep();
    if (swept.agedOut > 0) this.logger.log(`${swept.agedOut} host(s) aged out (stale)`);
    const today = new Date().toISOString().slice(0, 10);
    const version = knowledgeVersion(this.knowledge());
    const [derivedOn, derivedVersion] = await Promise.all([
      this.maintenance.derivedOn(),
      this.maintenance.knowledgeAsOf(),
    ]);
    if (derivedOn !== today || derivedVersion !== version) {
      const result = await this.maintenance.recompute();
      this.logger.log(`derived columns recomputed: ${JSON.stringify(result)}`);
    }
  }
}
