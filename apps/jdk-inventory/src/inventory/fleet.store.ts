import type { JdkDetection, JdkVersionReport, LicenceSignal } from '@keel/jdk-detect';
import type { DataSource } from 'typeorm';
import {
  BEGIN_BATCH,
  BUMP_CHANGES,
  INGEST_BATCH,
  ingestBatchParameters,
  LOCK_HOSTS,
  markWeeksAndCommit,
  type IngestBatchRows,
} from '../ingest/report-ingest.sql';
import { bulkInsertSql } from './bulk-sql';
import type { BlockerColumns, InstallationRiskColumns } from './fleet-rows';

/** One distinct (distribution, version, evidence) of `jdk_installations`: what recompute re-judges. */
export interface RiskGroupRow {
  distribution: string | null;
  version_full: string | null;
  version: JdkVersionReport | null;
  possibly_oracle: boolean;
  ee: boolean;
  confidence: JdkDetection['confidence'];
}

/** A risk group with its recomputed columns, as `updateInstallationRisks` reads it. */
export interface InstallationRiskRow extends InstallationRiskColumns {
  distribution: string | null;
  version_full: string | null;
  possibly_oracle: boolean;
  ee: boolean;
  confidence: string;
}

/** A `jdk_jvms` row with what its blockers and licence signals are derived from (its host, its installation). */
export interface JvmForRecomputeRow {
  id: string;
  host_id: string;
  pid: number;
  executable: string;
  jvm_options: string[];
  main_class: string | null;
  feature: number | null;
  installation_path: string | null;
  team: string | null;
  stale: boolean;
  licence_signals: LicenceSignal[];
  bits: number | null;
  distribution: string | null;
  version: JdkVersionReport | null;
  os: string | null;
}

/** A `jdk_blockers` row as recompute writes it (ingest's come from INGEST_BATCH). */
export interface BlockerRow extends BlockerColumns {
  host_id: string;
  team: string | null;
  stale: boolean;
}

/** One host's recomputed blockers: its JVMs' new columns, its blocker rows, its installations' targets. */
export interface RecomputedBlockers {
  jvms: { id: string; blockers: unknown; licence_signals: LicenceSignal[] }[];
  blockers: BlockerRow[];
  installations: { host_id: string; path: string; targets: number[] }[];
}

const INSERT_BLOCKERS = bulkInsertSql({
  table: 'jdk_blockers',
  columns: [
    ['host_id', 'bigint'],
    ['target', 'int'],
    ['rule_id', 'text'],
    ['effect', 'text'],
    ['since', 'int'],
    ['found', 'text'],
    ['explanation', 'text'],
    ['pid', 'int'],
    ['main_class', 'text'],
    ['team', 'text'],
    ['stale', 'boolean'],
  ] satisfies readonly (readonly [keyof BlockerRow, string])[],
});

// verdicts that rest on evidence the rows do not keep (jdk-detect licence rule ids)
const POSSIBLY_ORACLE = "(coalesce(licence_rule, '') = 'possibly-oracle')";
const GRAALVM_EE = "(coalesce(licence_rule, '') = 'graalvm-ee-paid')";
const RISK_COLUMNS = [
  'licence_risk',
  'licence_terms',
  'licence_rule',
  'licence_reason',
  'lts',
  'eol_date',
  'end_of_life',
  'latest_known',
  'updates_behind',
  'below_baseline',
] as const;
const prefixed = (p: string): string => RISK_COLUMNS.map((c) => `${p}${c}`).join(', ');

/**
 * The fleet's state tables (`jdk_reports`, `jdk_hosts`, `jdk_installations`, `jdk_jvms`, `jdk_blockers`,
 * `jdk_observations`): the only code that writes them. Ingest's batch is the one statement of
 * report-ingest.sql.ts (kept there, the hot path in one reviewable file); the sweep and the recompute
 * write here. Every committed change bumps `jdk_change_seq`, which the roll-ups compare against.
 * The reads the questions ask are in fleet-queries/ (read-only).
 */
export class FleetStore {
  constructor(private readonly db: DataSource) {}

  /**
   * Writes one batch in four round trips (BEGIN with its settings, the hosts' locks, the batch's one
   * statement, the new reports' weeks + COMMIT + bump); returns the ids of the reports that were new.
   */
  async writeBatch(rows: IngestBatchRows): Promise<Set<string>> {
    const runner = this.db.createQueryRunner();
    try {
      await runner.query(BEGIN_BATCH);
      await runner.query(LOCK_HOSTS, [[...new Set(rows.hosts.map((h) => h.host_key))]]);
      const inserted = (await runner.query(INGEST_BATCH, ingestBatchParameters(rows))) as {
        report_id: string;
      }[];
      const fresh = new Set(inserted.map((r) => r.report_id));
      const weeks = rows.observations.filter((o) => fresh.has(o.report_id)).map((o) => o.week_start);
      await runner.query(markWeeksAndCommit(weeks));
      return fresh;
    } catch (error) {
      // after a failed COMMIT there is no transaction left; ROLLBACK then only warns
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Marks hosts not seen since `cutoff` stale, with their installations, JVMs and blockers, and brings
   * back the installations of hosts that reported again (ingest writes fresh rows with stale = false;
   * rows a revived host kept are un-staled here). Bumps the change sequence when anything changed.
   */
  async markStale(cutoff: string): Promise<{ agedOut: number; revived: number }> {
    const result = await this.db.transaction(async (m) => {
      const [aged] = (await m.query(
        'UPDATE jdk_hosts SET stale = true WHERE NOT stale AND last_seen_at < $1 RETURNING id',
        [cutoff],
      )) as [{ id: string }[], number];
      const ids = aged.map((r) => r.id);
      if (ids.length > 0) {
        for (const table of ['jdk_installations', 'jdk_jvms', 'jdk_blockers']) {
          await m.query(`UPDATE ${table} SET stale = true WHERE host_id = ANY($1::bigint[]) AND NOT stale`, [
            ids,
          ]);
        }
      }
      const [revived] = (await m.query(
        `UPDATE jdk_installations i SET stale = false FROM jdk_hosts h
         WHERE i.host_id = h.id AND i.stale AND NOT h.stale RETURNING i.host_id`,
      )) as [unknown[], number];
      return { agedOut: ids.length, revived: revived.length };
    });
    if (result.agedOut > 0 || result.revived > 0) await this.bumpChanges();
    return result;
  }

  /** Marks committed changes for the roll-ups. */
  async bumpChanges(): Promise<void> {
    await this.db.query(BUMP_CHANGES);
  }

  /**
   * The distinct risk groups of `jdk_installations`. The rows keep no detection, only its verdict: a
   * "possibly Oracle" (needs-review) or GraalVM EE verdict came from evidence beyond distribution and
   * version, and a recompute must not lose it; nor the detection's confidence (a builder not named, or
   * only guessed, is never judged free).
   */
  async riskGroups(): Promise<RiskGroupRow[]> {
    return (await this.db.query(
      `SELECT DISTINCT ON (distribution, version_full, ${POSSIBLY_ORACLE}, ${GRAALVM_EE}, confidence)
              distribution, version_full, version, ${POSSIBLY_ORACLE} AS possibly_oracle, ${GRAALVM_EE} AS ee,
              confidence
       FROM jdk_installations ORDER BY distribution, version_full, ${POSSIBLY_ORACLE}, ${GRAALVM_EE}, confidence`,
    )) as RiskGroupRow[];
  }

  /** Writes the recomputed risk columns onto every installation of each group; returns the rows changed. */
  async updateInstallationRisks(risks: readonly InstallationRiskRow[]): Promise<number> {
    const [, changed] = (await this.db.query(
      `UPDATE jdk_installations i SET (${prefixed('')}) = (${prefixed('x.')})
       FROM jsonb_to_recordset($1::jsonb) AS x(distribution text, version_full text, possibly_oracle boolean,
         ee boolean, confidence text, licence_risk text,
         licence_terms text, licence_rule text, licence_reason text, lts boolean, eol_date date,
         end_of_life boolean, latest_known text, updates_behind int, below_baseline boolean)
       WHERE i.distribution IS NOT DISTINCT FROM x.distribution AND i.version_full IS NOT DISTINCT FROM x.version_full
         AND ${POSSIBLY_ORACLE.replace('licence_rule', 'i.licence_rule')} = x.possibly_oracle
         AND ${GRAALVM_EE.replace('licence_rule', 'i.licence_rule')} = x.ee
         AND i.confidence = x.confidence
         AND (${prefixed('i.')}) IS DISTINCT FROM (${prefixed('x.')})`,
      [JSON.stringify(risks)],
    )) as [unknown, number];
    return changed;
  }

  /** The next `limit` host ids above `after` that have JVMs (recompute walks them in chunks). */
  async hostIdsWithJvms(after: string, limit: number): Promise<string[]> {
    const rows = (await this.db.query(
      'SELECT DISTINCT host_id FROM jdk_jvms WHERE host_id > $1 ORDER BY host_id LIMIT $2',
      [after, limit],
    )) as { host_id: string }[];
    return rows.map((r) => r.host_id);
  }

  async jvmsForRecompute(hostIds: readonly string[]): Promise<JvmForRecomputeRow[]> {
    return (await this.db.query(
      `SELECT j.id, j.host_id, j.pid, j.executable, j.jvm_options, j.main_class, j.feature, j.installation_path,
              j.team, j.stale, j.licence_signals, i.bits, i.distribution, i.version, h.os AS os
       FROM jdk_jvms j JOIN jdk_hosts h ON h.id = j.host_id
       LEFT JOIN jdk_installations i ON i.host_id = j.host_id AND i.path = j.installation_path
       WHERE j.host_id = ANY($1::bigint[])`,
      [hostIds],
    )) as JvmForRecomputeRow[];
  }

  /** Replaces these hosts' blockers, their JVMs' derived columns and their installations' blocked targets. */
  async replaceBlockers(hostIds: readonly string[], recomputed: RecomputedBlockers): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(
        `UPDATE jdk_jvms j SET blockers = x.blockers, licence_signals = x.licence_signals
         FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, blockers jsonb, licence_signals jsonb)
         WHERE j.id = x.id AND (j.blockers, j.licence_signals) IS DISTINCT FROM (x.blockers, x.licence_signals)`,
        [JSON.stringify(recomputed.jvms)],
      );
      await m.query('DELETE FROM jdk_blockers WHERE host_id = ANY($1::bigint[])', [hostIds]);
      if (recomputed.blockers.length > 0) {
        await m.query(INSERT_BLOCKERS, [JSON.stringify(recomputed.blockers)]);
      }
      await m.query(
        `UPDATE jdk_installations i SET blocked_targets = coalesce(x.targets, '{}')
         FROM jdk_installations i0 LEFT JOIN jsonb_to_recordset($2::jsonb) AS x(host_id bigint, path text, targets int[])
           ON x.host_id = i0.host_id AND x.path = i0.path
         WHERE i.id = i0.id AND i0.host_id = ANY($1::bigint[])
           AND i.blocked_targets IS DISTINCT FROM coalesce(x.targets, '{}')`,
        [hostIds, JSON.stringify(recomputed.installations)],
      );
    });
  }

  /**
   * Re-derives every host's flags from its rows; returns the hosts changed. `licenceRisks` are the
   * installation risks that flag a host, the same as deriveReport sets at ingest (with a paid-licence
   * JVM signal).
   */
  async updateHostFlags(licenceRisks: readonly string[]): Promise<number> {
    const [, changed] = (await this.db.query(
      `UPDATE jdk_hosts h SET licence_risk = x.licence_risk, end_of_life = x.end_of_life,
              behind_baseline = x.behind_baseline, blocked_targets = x.blocked_targets
       FROM (
         SELECT h2.id,
                coalesce(bool_or(i.licence_risk = ANY($1::text[])), false)
                  OR EXISTS (SELECT 1 FROM jdk_jvms j WHERE j.host_id = h2.id
                             AND j.licence_signals @> '[{"risk": "paid-licence-required"}]') AS licence_risk,
                coalesce(bool_or(i.end_of_life), false) AS end_of_life,
                coalesce(bool_or(i.below_baseline), false) AS behind_baseline,
                coalesce((SELECT array_agg(DISTINCT t ORDER BY t) FROM jdk_installations i2, unnest(i2.blocked_targets) t
                          WHERE i2.host_id = h2.id), '{}') AS blocked_targets
         FROM jdk_hosts h2 LEFT JOIN jdk_installations i ON i.host_id = h2.id GROUP BY h2.id
       ) x
       WHERE h.id = x.id AND (h.licence_risk, h.end_of_life, h.behind_baseline, h.blocked_targets)
             IS DISTINCT FROM (x.licence_risk, x.end_of_life, x.behind_baseline, x.blocked_targets)`,
      [licenceRisks],
    )) as [unknown, number];
    return changed;
  }
}
