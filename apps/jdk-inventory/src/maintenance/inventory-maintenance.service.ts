import type { JdkDetection, JdkVersionReport, JdkKnowledge, LicenceSignal } from '@keel/jdk-detect';
import type { DataSource } from 'typeorm';
import {
  blockedTargetsOf,
  HOST_LICENCE_RISKS,
  installationRisk,
  jvmBlockers,
  jvmLicenceSignals,
  knowledgeVersion,
} from '../inventory/derive';
import { staleHostsMarked } from './maintenance.metrics';
import { BUMP_CHANGES, INSERT_BLOCKERS } from '../ingest/report-ingest.service';

export interface SweepResult {
  /** Hosts marked stale now (not seen for STALE_AFTER_DAYS). */
  agedOut: number;
  /** Stale hosts that reported again since and were brought back (their children un-staled). */
  revived: number;
}

export interface RecomputeResult {
  versions: number;
  installationsChanged: number;
  jvms: number;
  hostsChanged: number;
  knowledgeAsOf: string;
}

const CHUNK_HOSTS = 2000;
// verdicts that rest on evidence the rows do not keep (jdk-detect licence rule ids)
const POSSIBLY_ORACLE = "(coalesce(licence_rule, '') = 'possibly-oracle')";
const GRAALVM_EE = "(coalesce(licence_rule, '') = 'graalvm-ee-paid')";

/**
 * Age-out and re-derivation. The sweep marks hosts not seen for `staleAfterDays` as stale (summaries
 * skip them) and copies the flag onto their rows. `recompute` re-applies jdk-detect's rules to stored
 * rows after the knowledge data changed (or a date passed: EOL, NFTC windows): risk columns per
 * distinct (distribution, version), migration blockers and licence signals per JVM, then the host roll-ups.
 */
export class InventoryMaintenanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly knowledge: () => JdkKnowledge,
    private readonly staleAfterDays: number,
  ) {}

  async sweep(now: Date = new Date()): Promise<SweepResult> {
    const result = await this.dataSource.transaction(async (m) => {
      const cutoff = new Date(now.getTime() - this.staleAfterDays * 86_400_000).toISOString();
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
      staleHostsMarked.inc(ids.length);
      // ingest writes fresh rows with stale = false; rows a revived host kept are brought back here
      const [revived] = (await m.query(
        `UPDATE jdk_installations i SET stale = false FROM jdk_hosts h
         WHERE i.host_id = h.id AND i.stale AND NOT h.stale RETURNING i.host_id`,
      )) as [unknown[], number];
      return { agedOut: ids.length, revived: revived.length };
    });
    if (result.agedOut > 0 || result.revived > 0) await this.dataSource.query(BUMP_CHANGES);
    return result;
  }

  async recompute(now: Date = new Date()): Promise<RecomputeResult> {
    const knowledge = this.knowledge();
    // the rows keep no detection, only its verdict: a "possibly Oracle" (needs-review) or GraalVM EE verdict
    // came from evidence beyond distribution and version, and a recompute must not lose it; nor the
    // detection's confidence (a builder not named, or only guessed, is never judged free)
    const versions = (await this.dataSource.query(
      `SELECT DISTINCT ON (distribution, version_full, ${POSSIBLY_ORACLE}, ${GRAALVM_EE}, confidence)
              distribution, version_full, version, ${POSSIBLY_ORACLE} AS possibly_oracle, ${GRAALVM_EE} AS ee,
              confidence
       FROM jdk_installations ORDER BY distribution, version_full, ${POSSIBLY_ORACLE}, ${GRAALVM_EE}, confidence`,
    )) as {
      distribution: string | null;
      version_full: string | null;
      version: JdkVersionReport | null;
      possibly_oracle: boolean;
      ee: boolean;
      confidence: JdkDetection['confidence'];
    }[];
    const risks = versions.map((v) => {
      const r = installationRisk(v.distribution, v.version, knowledge, now, {
        oracleTermsPossible: v.possibly_oracle,
        traits: v.ee ? ['graalvm-ee'] : [],
        confidence: v.confidence,
      });
      return {
        distribution: v.distribution,
        version_full: v.version_full,
        possibly_oracle: v.possibly_oracle,
        ee: v.ee,
        confidence: v.confidence,
        licence_risk: r.licenceRisk,
        licence_terms: r.licenceTerms,
        licence_rule: r.licenceRule,
        licence_reason: r.licenceReason,
        lts: r.lts,
        eol_date: r.eolDate,
        end_of_life: r.endOfLife,
        latest_known: r.latestKnown,
        updates_behind: r.updatesBehind,
        below_baseline: r.belowBaseline,
      };
    });
    const cols =
      'licence_risk, licence_terms, licence_rule, licence_reason, lts, eol_date, end_of_life, latest_known, updates_behind, below_baseline';
    const [, installationsChanged] = (await this.dataSource.query(
      `UPDATE jdk_installations i SET (${cols}) = (${cols
        .split(', ')
        .map((c) => `x.${c}`)
        .join(', ')})
       FROM jsonb_to_recordset($1::jsonb) AS x(distribution text, version_full text, possibly_oracle boolean,
         ee boolean, confidence text, licence_risk text,
         licence_terms text, licence_rule text, licence_reason text, lts boolean, eol_date date,
         end_of_life boolean, latest_known text, updates_behind int, below_baseline boolean)
       WHERE i.distribution IS NOT DISTINCT FROM x.distribution AND i.version_full IS NOT DISTINCT FROM x.version_full
         AND ${POSSIBLY_ORACLE.replace('licence_rule', 'i.licence_rule')} = x.possibly_oracle
         AND ${GRAALVM_EE.replace('licence_rule', 'i.licence_rule')} = x.ee
         AND i.confidence = x.confidence
         AND (${cols
           .split(', ')
           .map((c) => `i.${c}`)
           .join(', ')}) IS DISTINCT FROM (${cols
           .split(', ')
           .map((c) => `x.${c}`)
           .join(', ')})`,
      [JSON.stringify(risks)],
    )) as [unknown, number];

    let jvms = 0;
    let after = '0';
    for (;;) {
      const hostIds = (
        (await this.dataSource.query(
          'SELECT DISTINCT host_id FROM jdk_jvms WHERE host_id > $1 ORDER BY host_id LIMIT $2',
          [after, CHUNK_HOSTS],
        )) as { host_id: string }[]
      ).map((r) => r.host_id);
      if (hostIds.length === 0) break;
      after = hostIds[hostIds.length - 1] as string;
      jvms += await this.recomputeBlockers(hostIds, knowledge);
    }

    const [, hostsChanged] = (await this.dataSource.query(
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
      // the same flag as deriveReport sets at ingest: a risky installation or a paid-licence JVM signal
      [HOST_LICENCE_RISKS],
    )) as [unknown, number];
    await this.dataSource.query(BUMP_CHANGES);
    await this.dataSource.query(
      `INSERT INTO jdk_meta (key, value) VALUES ('derived_on', $1), ('knowledge_as_of', $2)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [now.toISOString().slice(0, 10), knowledgeVersion(knowledge)],
    );
    return {
      versions: versions.length,
      installationsChanged,
      jvms,
      hostsChanged,
      knowledgeAsOf: knowledge.latestUpdates.asOf,
    };
  }

  /** The day the derived columns were last recomputed, or null. */
  async derivedOn(): Promise<string | null> {
    const rows = (await this.dataSource.query("SELECT value FROM jdk_meta WHERE key = 'derived_on'")) as {
      value: string;
    }[];
    return rows[0]?.value ?? null;
  }

  /** The knowledgeVersion the derived columns were last recomputed with, or null. */
  async knowledgeAsOf(): Promise<string | null> {
    const rows = (await this.dataSource.query(
      "SELECT value FROM jdk_meta WHERE key = 'knowledge_as_of'",
    )) as { value: string }[];
    return rows[0]?.value ?? null;
  }

  private async recomputeBlockers(hostIds: string[], knowledge: JdkKnowledge): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT j.id, j.host_id, j.pid, j.executable, j.jvm_options, j.main_class, j.feature, j.installation_path,
              j.team, j.stale, j.licence_signals, i.bits, i.distribution, i.version, h.os AS os
       FROM jdk_jvms j JOIN jdk_hosts h ON h.id = j.host_id
       LEFT JOIN jdk_installations i ON i.host_id = j.host_id AND i.path = j.installation_path
       WHERE j.host_id = ANY($1::bigint[])`,
      [hostIds],
    )) as {
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
    }[];
    const jvmUpdates: { id: string; blockers: unknown; licence_signals: LicenceSignal[] }[] = [];
    const blockerRows: Record<string, unknown>[] = [];
    const blockedByInstallation = new Map<string, Set<number>>();
    for (const r of rows) {
      const targets = jvmBlockers(
        { executable: r.executable, jvmOptions: r.jvm_options, mainClass: r.main_class },
        r.feature,
        knowledge,
        { bits: r.bits === 32 ? 32 : r.bits === 64 ? 64 : null, os: r.os },
      );
      jvmUpdates.push({
        id: r.id,
        blockers: targets,
        licence_signals: jvmLicenceSignals(
          { executable: r.executable, jvmOptions: r.jvm_options },
          { distribution: r.distribution, version: r.version },
          knowledge,
        ),
      });
      for (const t of targets) {
        for (const b of t.blockers) {
          blockerRows.push({
            host_id: r.host_id,
            target: t.target,
            rule_id: b.ruleId,
            effect: b.effect,
            since: b.since,
            found: b.found,
            explanation: b.explanation,
            pid: r.pid,
            main_class: r.main_class,
            team: r.team,
            stale: r.stale,
          });
        }
      }
      if (r.installation_path !== null) {
        const key = `${r.host_id}|${r.installation_path}`;
        const set = blockedByInstallation.get(key) ?? new Set<number>();
        for (const t of blockedTargetsOf(targets)) set.add(t);
        blockedByInstallation.set(key, set);
      }
    }
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE jdk_jvms j SET blockers = x.blockers, licence_signals = x.licence_signals
         FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, blockers jsonb, licence_signals jsonb)
         WHERE j.id = x.id AND (j.blockers, j.licence_signals) IS DISTINCT FROM (x.blockers, x.licence_signals)`,
        [JSON.stringify(jvmUpdates)],
      );
      await m.query('DELETE FROM jdk_blockers WHERE host_id = ANY($1::bigint[])', [hostIds]);
      if (blockerRows.length > 0) {
        await m.query(INSERT_BLOCKERS, [JSON.stringify(blockerRows)]);
      }
      await m.query(
        `UPDATE jdk_installations i SET blocked_targets = coalesce(x.targets, '{}')
         FROM jdk_installations i0 LEFT JOIN jsonb_to_recordset($2::jsonb) AS x(host_id bigint, path text, targets int[])
           ON x.host_id = i0.host_id AND x.path = i0.path
         WHERE i.id = i0.id AND i0.host_id = ANY($1::bigint[])
           AND i.blocked_targets IS DISTINCT FROM coalesce(x.targets, '{}')`,
        [
          hostIds,
          JSON.stringify(
            [...blockedByInstallation].map(([key, set]) => {
              const [hostId, ...path] = key.split('|');
              return { host_id: hostId, path: path.join('|'), targets: [...set].sort((a, b) => a - b) };
            }),
          ),
        ],
      );
    });
    return rows.length;
  }
}
