import type { FleetReport, JdkKnowledge } from '@keel/jdk-detect';
import type { DataSource, EntityManager } from 'typeorm';
import { bulkInsertSql, type BulkColumn } from './bulk-sql';
import { deriveReport, type DerivedReport } from './derive';
import { ingestedReports, ingestSeconds } from './inventory.metrics';

export type ReportSource = 'http' | 'kafka' | 'cli';

export interface IngestItem {
  report: FleetReport;
  source: ReportSource;
}

export interface IngestOutcome {
  reportId: string;
  /** `duplicate`: this reportId was stored before (or earlier in the same batch); nothing changed. */
  status: 'stored' | 'duplicate';
}

const REPORT_COLUMNS: BulkColumn[] = [
  ['report_id', 'uuid'],
  ['host_key', 'text'],
  ['scanned_at', 'timestamptz'],
  ['source', 'text'],
  ['installations', 'int'],
  ['jvms', 'int'],
];

const HOST_COLUMNS: BulkColumn[] = [
  ['host_key', 'text'],
  ['hostname', 'text'],
  ['machine_id', 'text'],
  ['os', 'text'],
  ['os_version', 'text'],
  ['arch', 'text'],
  ['labels', 'jsonb'],
  ['team', 'text'],
  ['agent_name', 'text'],
  ['agent_version', 'text'],
  ['problems', 'jsonb'],
  ['first_seen_at', 'timestamptz'],
  ['last_seen_at', 'timestamptz'],
  ['last_report_id', 'uuid'],
  ['stale', 'boolean'],
  ['installation_count', 'int'],
  ['jvm_count', 'int'],
  ['licence_risk', 'boolean'],
  ['end_of_life', 'boolean'],
  ['behind_baseline', 'boolean'],
  ['blocked_targets', 'int[]'],
  ['fingerprint', 'text'],
];

const INSTALLATION_COLUMNS: BulkColumn[] = [
  ['host_id', 'bigint'],
  ['install_key', 'text'],
  ['path', 'text'],
  ['location', 'jsonb'],
  ['found_by', 'text[]'],
  ['evidence', 'text'],
  ['vendor', 'text'],
  ['distribution', 'text'],
  ['version_full', 'text'],
  ['feature', 'int'],
  ['update_number', 'int'],
  ['image_type', 'text'],
  ['bits', 'int'],
  ['vm', 'text'],
  ['confidence', 'text'],
  ['licence_risk', 'text'],
  ['licence_terms', 'text'],
  ['licence_rule', 'text'],
  ['licence_reason', 'text'],
  ['lts', 'boolean'],
  ['eol_date', 'date'],
  ['end_of_life', 'boolean'],
  ['latest_known', 'text'],
  ['updates_behind', 'int'],
  ['below_baseline', 'boolean'],
  ['version', 'jsonb'],
  ['running_jvms', 'int'],
  ['blocked_targets', 'int[]'],
  ['team', 'text'],
  ['stale', 'boolean'],
  ['report_id', 'uuid'],
  ['first_seen_at', 'timestamptz'],
  ['last_seen_at', 'timestamptz'],
];

const JVM_COLUMNS: BulkColumn[] = [
  ['host_id', 'bigint'],
  ['pid', 'int'],
  ['location', 'jsonb'],
  ['executable', 'text'],
  ['installation_path', 'text'],
  ['feature', 'int'],
  ['jvm_options', 'text[]'],
  ['main_class', 'text'],
  ['username', 'text'],
  ['blockers', 'jsonb'],
  ['licence_signals', 'jsonb'],
  ['team', 'text'],
  ['stale', 'boolean'],
];

const BLOCKER_COLUMNS: BulkColumn[] = [
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
];

const OBSERVATION_COLUMNS: BulkColumn[] = [
  ['host_id', 'bigint'],
  ['week_start', 'date'],
  ['report_id', 'uuid'],
  ['observed_at', 'timestamptz'],
  ['team', 'text'],
  ['fingerprint', 'text'],
  ['installations', 'int'],
  ['mix', 'jsonb'],
];

/** Marks committed changes for the roll-ups (a sequence: no row lock between concurrent writers). */
export const BUMP_CHANGES = "SELECT nextval('jdk_change_seq')";

/** Inserts migration blocker rows from a jsonb array ($1); recompute writes them the same way. */
export const INSERT_BLOCKERS = bulkInsertSql({ table: 'jdk_blockers', columns: BLOCKER_COLUMNS });

const names = (columns: BulkColumn[], except: string[] = []) =>
  columns.map(([n]) => n).filter((n) => !except.includes(n));

const SQL = {
  // for this transaction only: no sequential scans, and no JIT (the planner's cost guesses for a batch of
  // 500 hosts cross jit_above_cost, and compiling took ~0.9 s for a statement that runs in 14 ms)
  keyedPlans: "SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)",
  reports: bulkInsertSql({
    table: 'jdk_reports',
    columns: REPORT_COLUMNS,
    conflict: '(report_id)',
    returning: 'report_id',
  }),
  // an older report arriving late (Kafka redelivery, an agent's retry) never overwrites newer state
  hosts: bulkInsertSql({
    table: 'jdk_hosts',
    columns: HOST_COLUMNS,
    conflict: '(host_key)',
    update: names(HOST_COLUMNS, ['host_key', 'first_seen_at']),
    updateWhere: 't.last_seen_at <= EXCLUDED.last_seen_at',
    // one lock order for every batch: concurrent batches on the same hosts cannot deadlock
    orderBy: 'host_key',
  }),
  hostIds: 'SELECT id, host_key, last_report_id FROM jdk_hosts WHERE host_key = ANY($1::text[])',
  installations: bulkInsertSql({
    table: 'jdk_installations',
    columns: INSTALLATION_COLUMNS,
    conflict: '(host_id, install_key)',
    update: names(INSTALLATION_COLUMNS, ['host_id', 'install_key', 'first_seen_at']),
    orderBy: 'host_id, install_key',
  }),
  // one index probe per (host, current report) pair: LATERAL ... OFFSET 0 keeps the planner from turning it
  // into a join, which stale statistics made a sequential scan, then a merge join over the whole index
  dropGoneInstallations:
    'DELETE FROM jdk_installations WHERE id = ANY(ARRAY(SELECT gone.id ' +
    'FROM unnest($1::bigint[], $2::uuid[]) AS c(host_id, report_id), LATERAL (SELECT i.id FROM jdk_installations i ' +
    'WHERE i.host_id = c.host_id AND i.report_id <> c.report_id OFFSET 0) AS gone))',
  dropJvms: 'DELETE FROM jdk_jvms WHERE host_id = ANY($1::bigint[])',
  jvms: bulkInsertSql({ table: 'jdk_jvms', columns: JVM_COLUMNS }),
  dropBlockers: 'DELETE FROM jdk_blockers WHERE host_id = ANY($1::bigint[])',
  blockers: INSERT_BLOCKERS,
  observations: bulkInsertSql({
    table: 'jdk_observations',
    columns: OBSERVATION_COLUMNS,
    conflict: '(host_id, week_start)',
    update: names(OBSERVATION_COLUMNS, ['host_id', 'week_start']),
    updateWhere: 't.observed_at <= EXCLUDED.observed_at',
    orderBy: 'host_id, week_start',
  }),
  // last statement: its row lock on the week is held only while the transaction commits
  markWeeks:
    'INSERT INTO jdk_trend_dirty (week_start) SELECT unnest($1::date[]) ORDER BY 1 ON CONFLICT (week_start) DO UPDATE SET marked_at = now()',
};

/**
 * Idempotent bulk ingest: a batch of validated reports is written in one transaction, one multi-row
 * statement per table. `jdk_reports` (keyed by reportId) decides what is new: a report seen before is a
 * duplicate and changes nothing. Per host only the newest report of the batch replaces the latest state,
 * and only when it is newer than what is stored; every new report still records its week's observation.
 */
export class ReportIngestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly knowledge: () => JdkKnowledge,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async ingest(items: readonly IngestItem[]): Promise<IngestOutcome[]> {
    if (items.length === 0) return [];
    const stop = ingestSeconds.startTimer();
    const onDate = this.now();
    const knowledge = this.knowledge();
    const unique = new Map<string, { derived: DerivedReport; source: ReportSource }>();
    for (const item of items) {
      if (unique.has(item.report.reportId)) continue;
      unique.set(item.report.reportId, {
        derived: deriveReport(item.report, knowledge, onDate),
        source: item.source,
      });
    }
    const fresh = await this.dataSource.transaction((m) => this.write(m, [...unique.values()]));
    // after the commit: a roll-up built from a snapshot taken after this sees these rows
    if (fresh.size > 0) await this.dataSource.query(BUMP_CHANGES);
    stop();
    const seen = new Set<string>();
    const outcomes = items.map((item): IngestOutcome => {
      const id = item.report.reportId;
      const status = fresh.has(id) && !seen.has(id) ? 'stored' : 'duplicate';
      seen.add(id);
      return { reportId: id, status };
    });
    for (const o of outcomes) ingestedReports.inc({ status: o.status });
    return outcomes;
  }

  private async write(
    m: EntityManager,
    batch: { derived: DerivedReport; source: ReportSource }[],
  ): Promise<Set<string>> {
    // every statement below is a keyed lookup of a batch's hosts: a sequential scan is never the right
    // plan, but without fresh statistics (autovacuum off, a table that grew since the last ANALYZE) the
    // planner picked one for the child-row DELETEs, a full read of the table per round
    await m.query(SQL.keyedPlans);
    const inserted = (await m.query(SQL.reports, [
      json(
        batch.map(({ derived: d, source }) => ({
          report_id: d.reportId,
          host_key: d.host.hostKey,
          scanned_at: d.host.seenAt,
          source,
          installations: d.installations.length,
          jvms: d.jvms.length,
        })),
      ),
    ])) as { report_id: string }[];
    const freshIds = new Set(inserted.map((r) => r.report_id));
    const fresh = batch.map((b) => b.derived).filter((d) => freshIds.has(d.reportId));
    if (fresh.length === 0) return freshIds;

    // the newest report per host in this batch (ties: the later one in the batch)
    const newest = new Map<string, DerivedReport>();
    for (const d of fresh) {
      const held = newest.get(d.host.hostKey);
      if (!held || held.host.seenAt <= d.host.seenAt) newest.set(d.host.hostKey, d);
    }
    await m.query(SQL.hosts, [
      json(
        [...newest.values()].map(({ host: h }) => ({
          host_key: h.hostKey,
          hostname: h.hostname,
          machine_id: h.machineId,
          os: h.os,
          os_version: h.osVersion,
          arch: h.arch,
          labels: h.labels,
          team: h.team,
          agent_name: h.agentName,
          agent_version: h.agentVersion,
          problems: h.problems,
          first_seen_at: h.seenAt,
          last_seen_at: h.seenAt,
          last_report_id: h.reportId,
          stale: false,
          installation_count: h.installationCount,
          jvm_count: h.jvmCount,
          licence_risk: h.licenceRisk,
          end_of_life: h.endOfLife,
          behind_baseline: h.behindBaseline,
          blocked_targets: h.blockedTargets,
          fingerprint: h.fingerprint,
        })),
      ),
    ]);
    const hostRows = (await m.query(SQL.hostIds, [[...newest.keys()]])) as {
      id: string;
      host_key: string;
      last_report_id: string;
    }[];
    const hostIdOf = new Map(hostRows.map((r) => [r.host_key, r.id]));
    // hosts whose latest state is now one of this batch's reports: their children are replaced
    const current = hostRows.flatMap((r) => {
      const d = newest.get(r.host_key);
      return d && r.last_report_id === d.reportId ? [{ id: r.id, derived: d }] : [];
    });

    if (current.length > 0) {
      const ids = current.map((c) => c.id);
      await m.query(SQL.installations, [
        json(
          current.flatMap(({ id, derived: d }) =>
            d.installations.map((i) => ({
              host_id: id,
              install_key: i.installKey,
              path: i.path,
              location: i.location,
              found_by: i.foundBy,
              evidence: i.evidence,
              vendor: i.vendor,
              distribution: i.distribution,
              version_full: i.versionFull,
              feature: i.feature,
              update_number: i.update,
              image_type: i.imageType,
              bits: i.bits,
              vm: i.vm,
              confidence: i.confidence,
              licence_risk: i.licenceRisk,
              licence_terms: i.licenceTerms,
              licence_rule: i.licenceRule,
              licence_reason: i.licenceReason,
              lts: i.lts,
              eol_date: i.eolDate,
              end_of_life: i.endOfLife,
              latest_known: i.latestKnown,
              updates_behind: i.updatesBehind,
              below_baseline: i.belowBaseline,
              version: i.detection.version,
              running_jvms: i.runningJvms,
              blocked_targets: i.blockedTargets,
              team: d.host.team,
              stale: false,
              report_id: d.reportId,
              first_seen_at: d.host.seenAt,
              last_seen_at: d.host.seenAt,
            })),
          ),
        ),
      ]);
      await m.query(SQL.dropGoneInstallations, [ids, current.map((c) => c.derived.reportId)]);
      await m.query(SQL.dropJvms, [ids]);
      const jvms = current.flatMap(({ id, derived: d }) =>
        d.jvms.map((j) => ({
          host_id: id,
          pid: j.pid,
          location: j.location,
          executable: j.executable,
          installation_path: j.installationPath,
          feature: j.feature,
          jvm_options: j.jvmOptions,
          main_class: j.mainClass,
          username: j.user,
          blockers: j.blockers,
          licence_signals: j.licenceSignals,
          team: d.host.team,
          stale: false,
        })),
      );
      if (jvms.length > 0) await m.query(SQL.jvms, [json(jvms)]);
      await m.query(SQL.dropBlockers, [ids]);
      const blockers = current.flatMap(({ id, derived: d }) =>
        d.blockers.map((b) => ({
          host_id: id,
          target: b.target,
          rule_id: b.ruleId,
          effect: b.effect,
          since: b.since,
          found: b.found,
          explanation: b.explanation,
          pid: b.pid,
          main_class: b.mainClass,
          team: d.host.team,
          stale: false,
        })),
      );
      if (blockers.length > 0) await m.query(SQL.blockers, [json(blockers)]);
    }

    // one observation per host and week: the newest report of the week wins
    const observations = new Map<string, DerivedReport>();
    for (const d of fresh) {
      const key = `${d.host.hostKey}|${d.observation.weekStart}`;
      const held = observations.get(key);
      if (!held || held.observation.observedAt <= d.observation.observedAt) observations.set(key, d);
    }
    await m.query(SQL.observations, [
      json(
        [...observations.values()].map((d) => ({
          host_id: hostIdOf.get(d.host.hostKey),
          week_start: d.observation.weekStart,
          report_id: d.reportId,
          observed_at: d.observation.observedAt,
          team: d.host.team,
          fingerprint: d.observation.fingerprint,
          installations: d.observation.installations,
          mix: d.observation.mix,
        })),
      ),
    ]);
    await m.query(SQL.markWeeks, [[...new Set(fresh.map((d) => d.observation.weekStart))].sort()]);
    return freshIds;
  }
}

const json = (rows: unknown[]) => JSON.stringify(rows);
