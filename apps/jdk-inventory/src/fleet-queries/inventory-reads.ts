import type { JdkSummaryScope } from '@keel/api-contracts';
import type { DataSource } from 'typeorm';
import type { InventoryRollupService } from '../maintenance/inventory-rollup.service';
import { SqlParams, where } from './inventory-sql';

/**
 * What every question needs: the platform DB (read-only use), the roll-ups (made fresh enough before
 * a summary reads them) and the knowledge data's date. The questions never write: roll-up and trend
 * rebuilds belong to `InventoryRollupService`.
 */
export class InventoryReads {
  constructor(
    private readonly dataSource: DataSource,
    readonly knowledgeAsOf: () => string,
    readonly rollups: InventoryRollupService,
  ) {}

  rows<T>(sql: string, p?: SqlParams): Promise<T[]> {
    return this.dataSource.query(sql, p?.values) as Promise<T[]>;
  }

  /** Summaries read the per-team roll-ups unless scoped by labels (then they GROUP BY the live rows). */
  async fromRollups(scope: JdkSummaryScope | undefined): Promise<boolean> {
    if (scope?.labels && Object.keys(scope.labels).length > 0) return false;
    await this.rollups.ensureFresh();
    return true;
  }

  /** `WHERE team = $n` on a roll-up (plus `conditions`) when the scope names a team. */
  teamCondition(scope: JdkSummaryScope | undefined, p: SqlParams, conditions: string[] = []): string {
    if (scope?.team !== undefined) conditions.push(`team = ${p.add(scope.team)}`);
    return where(conditions);
  }
}

export function params(...values: unknown[]): SqlParams {
  const p = new SqlParams();
  for (const v of values) p.add(v);
  return p;
}
