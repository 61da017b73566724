/**
 * The columns of the fleet tables that a read row and a written row type alike, declared once. The rows
 * node-postgres returns (fleet-queries/inventory-rows.ts) and the rows ingest and recompute send as json
 * (ingest/report-ingest.sql.ts, inventory/fleet.store.ts) extend them with what differs: ids, timestamps
 * (Date or ISO text), jsonb, the batch position.
 */

/** `jdk_hosts`' scalar columns. */
export interface HostColumns {
  host_key: string;
  hostname: string;
  machine_id: string | null;
  os: string;
  os_version: string | null;
  arch: string;
  team: string | null;
  agent_name: string;
  agent_version: string;
  last_report_id: string;
  stale: boolean;
  installation_count: number;
  jvm_count: number;
  licence_risk: boolean;
  end_of_life: boolean;
  behind_baseline: boolean;
  fingerprint: string;
}

/** `jdk_installations`' derived risk columns as written: ingest derives them, recompute rewrites them. */
export interface InstallationRiskColumns {
  licence_risk: string;
  licence_terms: string | null;
  licence_rule: string | null;
  licence_reason: string;
  lts: boolean | null;
  eol_date: string | null;
  end_of_life: boolean | null;
  latest_known: string | null;
  updates_behind: number | null;
  below_baseline: boolean | null;
}

/** `jdk_blockers`' columns of one blocker (without the host's id, team and stale flag). */
export interface BlockerColumns {
  target: number;
  rule_id: string;
  effect: string;
  since: number | null;
  found: string;
  explanation: string;
  pid: number;
  main_class: string | null;
}
