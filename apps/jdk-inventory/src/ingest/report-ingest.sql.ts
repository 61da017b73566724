/**
 * The ingest's hot path, all of its SQL in one place: a batch of reports is written by ONE statement
 * (data-modifying CTEs over every fleet table) between `BEGIN` and `COMMIT`, four round trips per
 * batch in all instead of ~15 (one per table and step). Each table's rows travel as one json
 * parameter, typed below: the row interfaces and the column lists the statement reads are the same
 * declaration, so a column cannot be added to one and forgotten in the other.
 */

import type { BlockerColumns, HostColumns, InstallationRiskColumns } from '../inventory/fleet-rows';

/** The PostgreSQL type `jsonb_to_recordset` reads each field of a row as. */
type Columns<Row> = { readonly [K in keyof Row]-?: string };

export interface ReportRow {
  report_id: string;
  host_key: string;
  scanned_at: string;
  source: string;
  installations: number;
  jvms: number;
}

/** A host's latest state, one per report of the batch: the statement keeps the newest per host. */
export interface HostStateRow extends HostColumns {
  labels: Record<string, string>;
  problems: unknown;
  first_seen_at: string;
  last_seen_at: string;
  blocked_targets: number[];
  /** Position in the batch: of two reports of one host with the same scannedAt, the later one wins. */
  ord: number;
  /** The report's installation keys: the host's other installations are gone. */
  install_keys: string[];
}

/**
 * Child rows carry their report's position in the batch (`ord`): they are written only for a host whose
 * latest state that report became, and take the report's id, team and time from its host row (not
 * repeated per row: a fifth of the batch's bytes).
 */
export interface InstallationStateRow extends InstallationRiskColumns {
  ord: number;
  install_key: string;
  path: string;
  location: unknown;
  found_by: string[];
  evidence: string;
  vendor: string | null;
  distribution: string | null;
  version_full: string | null;
  feature: number | null;
  update_number: number | null;
  image_type: string;
  bits: number | null;
  vm: string | null;
  confidence: string;
  version: unknown;
  running_jvms: number;
  blocked_targets: number[];
}

export interface JvmStateRow {
  ord: number;
  pid: number;
  location: unknown;
  executable: string;
  installation_path: string | null;
  feature: number | null;
  jvm_options: string[];
  main_class: string | null;
  username: string | null;
  blockers: unknown;
  licence_signals: unknown;
}

export interface BlockerStateRow extends BlockerColumns {
  ord: number;
}

export interface ObservationStateRow {
  host_key: string;
  report_id: string;
  week_start: string;
  observed_at: string;
  team: string | null;
  fingerprint: string;
  installations: number;
  mix: unknown;
  ord: number;
}

const REPORT: Columns<ReportRow> = {
  report_id: 'uuid',
  host_key: 'text',
  scanned_at: 'timestamptz',
  source: 'text',
  installations: 'int',
  jvms: 'int',
};

const HOST: Columns<HostStateRow> = {
  host_key: 'text',
  hostname: 'text',
  machine_id: 'text',
  os: 'text',
  os_version: 'text',
  arch: 'text',
  labels: 'jsonb',
  team: 'text',
  agent_name: 'text',
  agent_version: 'text',
  problems: 'jsonb',
  first_seen_at: 'timestamptz',
  last_seen_at: 'timestamptz',
  last_report_id: 'uuid',
  stale: 'boolean',
  installation_count: 'int',
  jvm_count: 'int',
  licence_risk: 'boolean',
  end_of_life: 'boolean',
  behind_baseline: 'boolean',
  blocked_targets: 'int[]',
  fingerprint: 'text',
  ord: 'int',
  install_keys: 'text[]',
};

const INSTALLATION: Columns<InstallationStateRow> = {
  ord: 'int',
  install_key: 'text',
  path: 'text',
  location: 'jsonb',
  found_by: 'text[]',
  evidence: 'text',
  vendor: 'text',
  distribution: 'text',
  version_full: 'text',
  feature: 'int',
  update_number: 'int',
  image_type: 'text',
  bits: 'int',
  vm: 'text',
  confidence: 'text',
  licence_risk: 'text',
  licence_terms: 'text',
  licence_rule: 'text',
  licence_reason: 'text',
  lts: 'boolean',
  eol_date: 'date',
  end_of_life: 'boolean',
  latest_known: 'text',
  updates_behind: 'int',
  below_baseline: 'boolean',
  version: 'jsonb',
  running_jvms: 'int',
  blocked_targets: 'int[]',
};

const JVM: Columns<JvmStateRow> = {
  ord: 'int',
  pid: 'int',
  location: 'jsonb',
  executable: 'text',
  installation_path: 'text',
  feature: 'int',
  jvm_options: 'text[]',
  main_class: 'text',
  username: 'text',
  blockers: 'jsonb',
  licence_signals: 'jsonb',
};

const BLOCKER: Columns<BlockerStateRow> = {
  ord: 'int',
  target: 'int',
  rule_id: 'text',
  effect: 'text',
  since: 'int',
  found: 'text',
  explanation: 'text',
  pid: 'int',
  main_class: 'text',
};

const OBSERVATION: Columns<ObservationStateRow> = {
  host_key: 'text',
  report_id: 'uuid',
  week_start: 'date',
  observed_at: 'timestamptz',
  team: 'text',
  fingerprint: 'text',
  installations: 'int',
  mix: 'jsonb',
  ord: 'int',
};

const namesOf = (columns: object, except: readonly string[] = []) =>
  Object.keys(columns).filter((n) => !except.includes(n));
/**
 * `json_to_recordset($n::json) AS alias(col type, ...)`: `json`, not `jsonb`: the batch is read once, and
 * building a jsonb tree of the whole parameter first was measured slower (500 reports, 2.2 MB: median
 * 436 ms for the statement with jsonb, 415 ms with json, 8 runs each at load 20).
 */
const recordset = (param: string, alias: string, columns: object) =>
  `json_to_recordset(${param}::json) AS ${alias}(${Object.entries(columns)
    .map(([n, t]) => `${n} ${t as string}`)
    .join(', ')})`;
const list = (names: readonly string[], prefix = '') => names.map((n) => `${prefix}${n}`).join(', ');

// stored columns (the batch-only `ord`/`host_key` helpers left out where a table has none); the child
// tables' columns taken from the report's host row
const hostCols = namesOf(HOST, ['ord', 'install_keys']);
const hostUpdated = namesOf(HOST, ['ord', 'install_keys', 'host_key', 'first_seen_at']);
const fromReport = ['report_id', 'team', 'stale', 'first_seen_at', 'last_seen_at'];
const installationCols = [...namesOf(INSTALLATION, ['ord']), ...fromReport];
const installationUpdated = installationCols.filter((c) => c !== 'install_key' && c !== 'first_seen_at');
const jvmCols = namesOf(JVM, ['ord']);
const blockerCols = namesOf(BLOCKER, ['ord']);
const observationCols = namesOf(OBSERVATION, ['host_key', 'ord']);
const observationUpdated = namesOf(OBSERVATION, ['host_key', 'ord', 'week_start']);

/** The parameters of INGEST_BATCH, in order: one JSON array per table. */
export interface IngestBatchRows {
  reports: ReportRow[];
  hosts: HostStateRow[];
  installations: InstallationStateRow[];
  jvms: JvmStateRow[];
  blockers: BlockerStateRow[];
  observations: ObservationStateRow[];
}

export const ingestBatchParameters = (rows: IngestBatchRows): string[] => [
  JSON.stringify(rows.reports),
  JSON.stringify(rows.hosts),
  JSON.stringify(rows.installations),
  JSON.stringify(rows.jvms),
  JSON.stringify(rows.blockers),
  JSON.stringify(rows.observations),
];

/**
 * Opens the batch's transaction, for this transaction only: no sequential scans (every step is a keyed
 * look-up of the batch's hosts, and without fresh statistics, autovacuum being off here, the planner
 * picked full scans for the child-row DELETEs), and no JIT (the cost guesses for a batch of 500 hosts
 * cross jit_above_cost: compiling took ~0.9 s for a statement that runs in 14 ms). One round trip.
 */
export const BEGIN_BATCH = 'BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL jit = off';

/**
 * Locks the batch's hosts (a transaction-level advisory lock per host key, in one order: no deadlock
 * between batches) BEFORE the batch statement starts. The statement reads with one snapshot taken at
 * its start: had it waited inside for a concurrent batch of the same host (an agent's retry over HTTP
 * while Kafka delivers its report), its DELETEs would miss the rows that batch committed meanwhile, and a
 * host would keep two reports' JVMs. Waiting here, the statement's snapshot sees them. Covers hosts not
 * stored yet, which no row lock can.
 */
export const LOCK_HOSTS =
  'SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT hashtextextended(h, 7) AS k ' +
  'FROM unnest($1::text[]) AS h ORDER BY 1) AS keys';

/**
 * The whole batch in one statement (after LOCK_HOSTS). Sub-statements of a WITH see the same snapshot and must not touch
 * the same row twice, so each step is written to touch rows no other step touches:
 *
 * - `r`: new reports only (reportId is the idempotency key); everything below reads only rows of `r`.
 * - `h`: per host the newest new report of the batch upserts the host. An older report than the stored
 *   state (a late Kafka redelivery, an agent's retry) keeps every stored value (the CASE), but the row is
 *   still RETURNed, so `h` holds the id of every host of the batch without a second look-up (which in
 *   the same statement could not see a host inserted by a concurrent batch since the snapshot).
 * - `cur`: the hosts whose latest state is now this batch's report: their child rows are replaced.
 * - installations: upsert the report's ones (first_seen_at kept), and delete the host's others (by
 *   install key, so the delete never meets a row the upsert writes): one index probe per host
 *   (LATERAL ... OFFSET 0 keeps the planner from turning it into a join over the whole table). The
 *   report's keys come with its host row: computed here from the installations' CTE, the planner
 *   (estimating 1 row for it) rescanned it once per host, 562 of a batch's 1,099 ms (EXPLAIN ANALYZE).
 * - JVMs and blockers: the host's rows are deleted and the report's inserted (the delete cannot see the
 *   inserted rows: same snapshot).
 * - observations: one per host and week, the newest report of the week wins.
 * Locks are taken in one order per table (ORDER BY the conflict key): concurrent batches cannot deadlock
 * on hosts. `jdk_trend_dirty` is marked by MARK_WEEKS_AND_COMMIT, last, so its row lock (every batch
 * shares the week's row) is held only while the transaction commits.
 * Returns the ids of the new reports.
 */
export const INGEST_BATCH = `
WITH r AS (
  INSERT INTO jdk_reports (${list(namesOf(REPORT))})
  SELECT ${list(namesOf(REPORT))} FROM ${recordset('$1', 'x', REPORT)}
  ON CONFLICT (report_id) DO NOTHING
  RETURNING report_id
), hx AS (
  SELECT DISTINCT ON (x.host_key) x.* FROM ${recordset('$2', 'x', HOST)}
  WHERE x.last_report_id IN (SELECT report_id FROM r)
  ORDER BY x.host_key, x.last_seen_at DESC, x.ord DESC
), h AS (
  INSERT INTO jdk_hosts AS t (${list(hostCols)})
  SELECT ${list(hostCols)} FROM hx ORDER BY host_key
  ON CONFLICT (host_key) DO UPDATE SET ${hostUpdated
    .map((c) => `${c} = CASE WHEN t.last_seen_at <= EXCLUDED.last_seen_at THEN EXCLUDED.${c} ELSE t.${c} END`)
    .join(', ')}
  RETURNING t.id, t.host_key, t.last_report_id
), cur AS (
  SELECT h.id, hx.ord, hx.last_report_id AS report_id, hx.team, hx.last_seen_at, hx.install_keys
  FROM h JOIN hx ON hx.host_key = h.host_key AND hx.last_report_id = h.last_report_id
), ix AS (
  SELECT cur.id AS host_id, ${list(namesOf(INSTALLATION, ['ord']), 'x.')}, cur.report_id, cur.team, false AS stale,
         cur.last_seen_at AS first_seen_at, cur.last_seen_at
  FROM ${recordset('$3', 'x', INSTALLATION)} JOIN cur ON cur.ord = x.ord
), installations AS (
  INSERT INTO jdk_installations AS t (host_id, ${list(installationCols)})
  SELECT host_id, ${list(installationCols)} FROM ix ORDER BY host_id, install_key
  ON CONFLICT (host_id, install_key) DO UPDATE SET ${installationUpdated.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
), gone_installations AS (
  DELETE FROM jdk_installations WHERE id = ANY(ARRAY(
    SELECT gone.id FROM cur, LATERAL (SELECT i.id FROM jdk_installations i
      WHERE i.host_id = cur.id AND i.install_key <> ALL (cur.install_keys) OFFSET 0) AS gone))
), gone_jvms AS (
  DELETE FROM jdk_jvms WHERE host_id = ANY(ARRAY(SELECT id FROM cur))
), jvms AS (
  INSERT INTO jdk_jvms (host_id, ${list(jvmCols)}, team, stale)
  SELECT cur.id, ${list(jvmCols, 'x.')}, cur.team, false FROM ${recordset('$4', 'x', JVM)} JOIN cur ON cur.ord = x.ord
), gone_blockers AS (
  DELETE FROM jdk_blockers WHERE host_id = ANY(ARRAY(SELECT id FROM cur))
), blockers AS (
  INSERT INTO jdk_blockers (host_id, ${list(blockerCols)}, team, stale)
  SELECT cur.id, ${list(blockerCols, 'x.')}, cur.team, false FROM ${recordset('$5', 'x', BLOCKER)} JOIN cur ON cur.ord = x.ord
), ox AS (
  SELECT DISTINCT ON (x.host_key, x.week_start) x.* FROM ${recordset('$6', 'x', OBSERVATION)}
  WHERE x.report_id IN (SELECT report_id FROM r)
  ORDER BY x.host_key, x.week_start, x.observed_at DESC, x.ord DESC
), observations AS (
  INSERT INTO jdk_observations AS t (host_id, ${list(observationCols)})
  SELECT h.id, ${list(observationCols, 'ox.')} FROM ox JOIN h ON h.host_key = ox.host_key ORDER BY h.id, ox.week_start
  ON CONFLICT (host_id, week_start) DO UPDATE SET ${observationUpdated.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
  WHERE t.observed_at <= EXCLUDED.observed_at
)
SELECT report_id::text AS report_id FROM r`;

/** Marks committed changes for the roll-ups (a sequence: no row lock between concurrent writers). */
export const BUMP_CHANGES = "SELECT nextval('jdk_change_seq')";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The batch's last round trip: mark the weeks whose trend must be rebuilt, commit, and then (after the
 * commit: a roll-up built from a snapshot taken after it sees these rows) bump the change sequence.
 * The weeks are inlined (a simple-protocol query has no parameters); they are checked to be ISO dates.
 */
export function markWeeksAndCommit(weeks: readonly string[]): string {
  if (weeks.length === 0) return 'COMMIT';
  for (const w of weeks) {
    if (!ISO_DATE.test(w)) throw new Error(`markWeeksAndCommit: "${w}" is not an ISO date`);
  }
  const values = [...new Set(weeks)]
    .sort()
    .map((w) => `('${w}'::date)`)
    .join(', ');
  return (
    `INSERT INTO jdk_trend_dirty (week_start) VALUES ${values} ` +
    'ON CONFLICT (week_start) DO UPDATE SET marked_at = now(); COMMIT; ' +
    BUMP_CHANGES
  );
}
