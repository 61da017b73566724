import type { JmhComparison, JmhVerdict, JmhVerdictCounts } from '@keel/api-contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isUuid } from '../requests/requests';

/** A `jmh_comparisons` row. */
interface ComparisonRow {
  id: string;
  baseline_run_id: string;
  candidate_run_id: string;
  baseline_build_id: string;
  candidate_build_id: string;
  baseline_label: string;
  candidate_label: string;
  same_version: boolean;
  min_effect: number;
  fdr: number;
  test: JmhComparison['test'];
  counts: JmhVerdictCounts;
  verdicts: JmhVerdict[];
  created_at: Date;
}

/** `jmh_comparisons`, the comparisons with their verdicts: the only code that writes it. */
export class JmhComparisonStore {
  constructor(private readonly db: DataSource) {}

  async saveComparison(c: Omit<JmhComparison, 'id' | 'createdAt'>): Promise<JmhComparison> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO jmh_comparisons (id, baseline_run_id, candidate_run_id, baseline_build_id, candidate_build_id,
                                    baseline_label, candidate_label, same_version, min_effect, fdr, test, counts,
                                    verdicts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        c.baselineRunId,
        c.candidateRunId,
        c.baselineBuildId,
        c.candidateBuildId,
        c.baselineLabel,
        c.candidateLabel,
        c.sameVersion,
        c.minEffect,
        c.fdr,
        c.test,
        JSON.stringify(c.counts),
        JSON.stringify(c.verdicts),
      ],
    );
    return (await this.findComparison(id)) as JmhComparison;
  }

  async findComparison(id: string): Promise<JmhComparison | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.query<ComparisonRow[]>('SELECT * FROM jmh_comparisons WHERE id = $1', [id]);
    return rows.length === 0 ? null : toComparison(rows[0]);
  }

  async latestComparisonFor(
    candidateBuildId: string,
    baselineBuildId?: string,
  ): Promise<JmhComparison | null> {
    const rows = await this.db.query<ComparisonRow[]>(
      `SELECT * FROM jmh_comparisons WHERE candidate_build_id = $1 AND ($2::uuid IS NULL OR baseline_build_id = $2::uuid)
        ORDER BY created_at DESC LIMIT 1`,
      [candidateBuildId, baselineBuildId ?? null],
    );
    return rows.length === 0 ? null : toComparison(rows[0]);
  }
}

function toComparison(r: ComparisonRow): JmhComparison {
  return {
    id: r.id,
    baselineRunId: r.baseline_run_id,
    candidateRunId: r.candidate_run_id,
    baselineBuildId: r.baseline_build_id,
    candidateBuildId: r.candidate_build_id,
    baselineLabel: r.baseline_label,
    candidateLabel: r.candidate_label,
    sameVersion: r.same_version,
    minEffect: r.min_effect,
    fdr: r.fdr,
    test: r.test,
    createdAt: r.created_at.toISOString(),
    counts: r.counts,
    verdicts: r.verdicts,
  };
}
