import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BLOCKING_EFFECTS } from '../inventory/derive';
import { InventoryMetaStore } from '../inventory/inventory-meta.store';

export interface RollupState {
  /** jdk_change_seq now, and the value the roll-ups were built at (null: never built). */
  change: number;
  builtAt: number | null;
  builtOn: Date | null;
}

/** For the rest of the transaction only. */
const NO_JIT = "SELECT set_config('jit', 'off', true)";

const BUILD = [
  'DELETE FROM jdk_rollup_mix',
  `INSERT INTO jdk_rollup_mix (team, grouping, vendor, feature, version, installations, hosts)
   SELECT coalesce(team, ''), GROUPING(vendor, feature, version_full), vendor, feature, version_full,
          count(*), count(DISTINCT host_id)
   FROM jdk_installations WHERE NOT stale
   GROUP BY GROUPING SETS ((team), (team, vendor), (team, feature), (team, version_full), (team, vendor, feature),
                           (team, vendor, version_full), (team, feature, version_full), (team, vendor, feature, version_full))`,
  'DELETE FROM jdk_rollup_licence',
  `INSERT INTO jdk_rollup_licence (team, licence_risk, licence_terms, distribution, installations, hosts)
   SELECT coalesce(team, ''), licence_risk, licence_terms, distribution, count(*), count(DISTINCT host_id)
   FROM jdk_installations WHERE NOT stale GROUP BY 1, 2, 3, 4`,
  'DELETE FROM jdk_rollup_eol',
  `INSERT INTO jdk_rollup_eol (team, distribution, feature, eol_date, installations, hosts)
   SELECT coalesce(team, ''), distribution, feature, max(eol_date), count(*), count(DISTINCT host_id)
   FROM jdk_installations WHERE NOT stale AND end_of_life GROUP BY 1, 2, 3`,
  'DELETE FROM jdk_rollup_baseline',
  `INSERT INTO jdk_rollup_baseline (team, feature, installations, hosts, max_behind, sum_behind, n_behind)
   SELECT coalesce(team, ''), feature, count(*), count(DISTINCT host_id), max(updates_behind), sum(updates_behind),
          count(updates_behind)
   FROM jdk_installations WHERE NOT stale AND below_baseline GROUP BY 1, 2`,
  'DELETE FROM jdk_rollup_team',
  `INSERT INTO jdk_rollup_team (team, hosts, stale_hosts, installations, licence_installations, eol_installations,
                                eol_hosts, baseline_installations, baseline_hosts, jvms)
   SELECT h.team, h.hosts, h.stale, coalesce(i.n, 0), coalesce(i.licence, 0), coalesce(i.eol, 0),
          coalesce(i.eol_hosts, 0), coalesce(i.baseline, 0), coalesce(i.baseline_hosts, 0), coalesce(j.n, 0)
   FROM (SELECT coalesce(team, '') AS team, count(*) FILTER (WHERE NOT stale) AS hosts,
                count(*) FILTER (WHERE stale) AS stale
         FROM jdk_hosts GROUP BY 1) h
   LEFT JOIN (SELECT coalesce(team, '') AS team, count(*) AS n,
                     count(*) FILTER (WHERE licence_risk = 'paid-licence-required') AS licence,
                     count(*) FILTER (WHERE end_of_life) AS eol,
                     count(DISTINCT host_id) FILTER (WHERE end_of_life) AS eol_hosts,
                     count(*) FILTER (WHERE below_baseline) AS baseline,
                     count(DISTINCT host_id) FILTER (WHERE below_baseline) AS baseline_hosts
              FROM jdk_installations WHERE NOT stale GROUP BY 1) i USING (team)
   LEFT JOIN (SELECT coalesce(team, '') AS team, count(*) AS n FROM jdk_jvms WHERE NOT stale GROUP BY 1) j USING (team)`,
  'DELETE FROM jdk_rollup_backlog',
  `INSERT INTO jdk_rollup_backlog (team, target, rule_id, effect, hosts)
   SELECT coalesce(team, ''), target, rule_id, effect, count(DISTINCT host_id)
   FROM jdk_blockers WHERE NOT stale GROUP BY 1, 2, 3, 4`,
  // hosts blocked from a target by a blocking effect (the backlog's default), once per host
  'DELETE FROM jdk_rollup_blocked',
  `INSERT INTO jdk_rollup_blocked (team, target, hosts)
   SELECT coalesce(team, ''), target, count(DISTINCT host_id)
   FROM jdk_blockers WHERE NOT stale AND effect IN (${BLOCKING_EFFECTS.map((e) => `'${e}'`).join(', ')})
   GROUP BY 1, 2`,
  // hosts per vendor match (distribution id or lower-cased vendor name, as the hosts filter matches), and
  // per feature / version within it; GROUPING(feature, version): 2 = feature aggregated, 1 = version
  'DELETE FROM jdk_rollup_host_match',
  `INSERT INTO jdk_rollup_host_match (team, grouping, match_key, feature, version, hosts)
   SELECT coalesce(team, ''), GROUPING(feature, version_full), match_key, feature, version_full, count(DISTINCT host_id)
   FROM (SELECT team, host_id, distribution AS match_key, feature, version_full
         FROM jdk_installations WHERE NOT stale AND distribution IS NOT NULL
         UNION ALL
         SELECT team, host_id, lower(vendor), feature, version_full
         FROM jdk_installations WHERE NOT stale AND vendor IS NOT NULL AND lower(vendor) IS DISTINCT FROM distribution) m
   GROUP BY GROUPING SETS ((team, match_key), (team, match_key, feature), (team, match_key, version_full),
                           (team, match_key, feature, version_full))`,
  // match_key '': any vendor (a filter by feature and/or version only)
  `INSERT INTO jdk_rollup_host_match (team, grouping, match_key, feature, version, hosts)
   SELECT coalesce(team, ''), GROUPING(feature, version_full), '', feature, version_full, count(DISTINCT host_id)
   FROM jdk_installations WHERE NOT stale
   GROUP BY GROUPING SETS ((team, feature), (team, version_full), (team, feature, version_full))`,
];

/**
 * The summary roll-ups: per-team aggregates of the live rows, rebuilt from one snapshot. Readers get
 * answers at most `maxAgeMs` behind the last change (0 = always current): a roll-up older than that
 * whose data changed is rebuilt on read, once (in-process single flight; across processes an advisory
 * lock, the loser reads the previous roll-up). The serving app also rebuilds in the background.
 * The only code that writes `jdk_rollup_*` and `jdk_trend_weekly`; it drains `jdk_trend_dirty`, the marks
 * ingest's batch commits with (report-ingest.sql.ts), and records its build in `jdk_meta` (InventoryMetaStore).
 */
export class InventoryRollupService {
  private readonly logger = new Logger('InventoryRollup');
  private building?: Promise<void>;
  /** How long the last rebuild took (ms): the background refresher spaces rebuilds by it. */
  lastBuildMs = 0;

  private readonly meta: InventoryMetaStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly maxAgeMs: number,
  ) {
    this.meta = new InventoryMetaStore(dataSource);
  }

  async state(): Promise<RollupState> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM jdk_change_seq) AS change,
              (SELECT value FROM jdk_meta WHERE key = 'rollup_change') AS built,
              (SELECT updated_at FROM jdk_meta WHERE key = 'rollup_change') AS built_on`,
    )) as { change: string; built: string | null; built_on: Date | null }[];
    return {
      change: Number(row?.change ?? 0),
      builtAt: row?.built === null || row?.built === undefined ? null : Number(row.built),
      builtOn: row?.built_on ?? null,
    };
  }

  /** Makes the roll-ups fresh enough for a reader (see the class comment). */
  async ensureFresh(now: Date = new Date()): Promise<void> {
    const s = await this.state();
    if (s.builtAt !== null && s.builtAt >= s.change) return;
    if (s.builtAt !== null && s.builtOn && now.getTime() - s.builtOn.getTime() < this.maxAgeMs) return;
    await this.rebuild();
  }

  /** Rebuilds now (single flight); returns when the roll-ups reflect every change committed before the call. */
  rebuild(): Promise<void> {
    this.building ??= this.build().finally(() => (this.building = undefined));
    return this.building;
  }

  /**
   * Rebuilds the weekly trend roll-up of the weeks ingest marked dirty (from `jdk_observations`);
   * returns them. The marks are deleted first: an ingest committing after this re-marks its week.
   */
  async refreshTrends(): Promise<string[]> {
    return this.dataSource.transaction(async (m) => {
      const [marked] = (await m.query(
        'DELETE FROM jdk_trend_dirty RETURNING week_start::text AS week_start',
      )) as [{ week_start: string }[], number];
      const weeks = (marked ?? []).map((r) => String(r.week_start));
      if (weeks.length === 0) return weeks;
      await m.query(NO_JIT);
      await m.query('DELETE FROM jdk_trend_weekly WHERE week_start = ANY($1::date[])', [weeks]);
      for (const dimension of ['vendor', 'feature']) {
        await m.query(
          `INSERT INTO jdk_trend_weekly (week_start, dimension, team, key, hosts, installations)
           SELECT o.week_start, $2, coalesce(o.team, ''), k.key, count(*), sum(k.value::int)
           FROM jdk_observations o, jsonb_each_text(o.mix -> $2) k
           WHERE o.week_start = ANY($1::date[])
           GROUP BY 1, 2, 3, 4`,
          [weeks, dimension],
        );
      }
      return weeks;
    });
  }

  private async build(): Promise<void> {
    const started = performance.now();
    // read before the snapshot: every change counted here is committed, so the snapshot below holds it
    const { change } = await this.state();
    const built = await this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const [lock] = (await m.query(
        "SELECT pg_try_advisory_xact_lock(hashtext('jdk-inventory:rollup:' || current_schema())) AS locked",
      )) as { locked: boolean }[];
      if (!lock?.locked) return false;
      // JIT compiling these GROUP BYs took longer than running them (seconds, under load)
      await m.query(NO_JIT);
      for (const sql of BUILD) await m.query(sql);
      await this.meta.set({ rollup_change: String(change) }, m);
      return true;
    });
    this.lastBuildMs = performance.now() - started;
    if (built)
      this.logger.debug(
        `roll-ups rebuilt at change ${change} in ${Math.round(performance.now() - started)} ms`,
      );
  }
}
