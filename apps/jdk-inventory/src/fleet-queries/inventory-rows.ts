import { staleDataWarning } from '@keel/jdk-detect';
import type {
  JdkHost,
  JdkInstallation,
  JdkLicenceRisk,
  JdkLicenceTerms,
  JdkMigrationBlocker,
  JdkRunningJvm,
  JdkScanLocation,
} from '@keel/api-contracts';
import type { BlockerColumns, HostColumns } from '../inventory/fleet-rows';

/**
 * The rows node-postgres hands back for the inventory tables, typed once: BIGINT ids as strings,
 * TIMESTAMPTZ as Date, DATE as a Date at local midnight, jsonb parsed, int[] as numbers. Every
 * question maps these to the RPC contract's types with the mappers below, not by hand.
 */
export interface HostRow extends HostColumns {
  id: string;
  labels: Record<string, string> | null;
  problems: JdkHost['problems'] | null;
  first_seen_at: Date | string;
  last_seen_at: Date | string;
  blocked_targets: number[] | null;
}

export interface InstallationRow {
  id: string;
  host_id: string;
  install_key: string;
  path: string;
  location: JdkScanLocation;
  found_by: string[] | null;
  evidence: JdkInstallation['evidence'];
  vendor: string | null;
  distribution: string | null;
  version_full: string | null;
  feature: number | null;
  update_number: number | null;
  image_type: JdkInstallation['imageType'];
  bits: number | null;
  vm: string | null;
  confidence: JdkInstallation['confidence'];
  licence_risk: JdkLicenceRisk;
  licence_terms: JdkLicenceTerms | null;
  licence_rule: string | null;
  licence_reason: string;
  lts: boolean | null;
  eol_date: Date | string | null;
  end_of_life: boolean | null;
  latest_known: string | null;
  updates_behind: number | null;
  below_baseline: boolean | null;
  running_jvms: number | null;
  blocked_targets: number[] | null;
  team: string | null;
  stale: boolean;
  first_seen_at: Date | string;
  last_seen_at: Date | string;
}

export interface JvmRow {
  id: string;
  host_id: string;
  pid: number;
  location: JdkScanLocation;
  executable: string;
  installation_path: string | null;
  feature: number | null;
  jvm_options: string[] | null;
  main_class: string | null;
  username: string | null;
  blockers: JdkRunningJvm['blockers'] | null;
  licence_signals: JdkRunningJvm['licenceSignals'] | null;
  team: string | null;
  stale: boolean;
}

export interface BlockerRow extends BlockerColumns {
  host_id: string;
  effect: JdkMigrationBlocker['effect'];
  since: number;
  team: string | null;
  stale: boolean;
}

export const iso = (v: Date | string | null | undefined): string | null =>
  v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v);

// node-postgres reads a DATE as local midnight: format it back with local components
export const day = (v: Date | string | null | undefined): string | null =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`
      : String(v);

export const num = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

export function toHost(r: HostRow): JdkHost {
  return {
    id: String(r.id),
    hostname: r.hostname,
    machineId: r.machine_id ?? null,
    os: r.os,
    osVersion: r.os_version ?? null,
    arch: r.arch,
    labels: r.labels ?? {},
    team: r.team ?? null,
    firstSeenAt: String(iso(r.first_seen_at)),
    lastSeenAt: String(iso(r.last_seen_at)),
    lastReportId: r.last_report_id,
    agent: { name: r.agent_name, version: r.agent_version },
    stale: Boolean(r.stale),
    installationCount: Number(r.installation_count),
    runningJvmCount: Number(r.jvm_count),
    licenceRisk: Boolean(r.licence_risk),
    endOfLife: Boolean(r.end_of_life),
    behindBaseline: Boolean(r.behind_baseline),
    blockedTargets: (r.blocked_targets ?? []).map(Number),
    problems: r.problems ?? [],
  };
}

/** `dataAsOf`: the date the knowledge behind the stored verdict was last known true. */
/** The columns an installation's reply is built from. */
export type InstallationReplyRow = Omit<InstallationRow, 'install_key' | 'team' | 'stale'>;

export function toInstallation(r: InstallationReplyRow, dataAsOf: string): JdkInstallation {
  const stale = staleDataWarning(dataAsOf, new Date());
  return {
    id: String(r.id),
    hostId: String(r.host_id),
    path: r.path,
    location: r.location,
    foundBy: r.found_by ?? [],
    evidence: r.evidence,
    vendor: r.vendor ?? null,
    distribution: r.distribution ?? null,
    version: r.version_full ?? null,
    feature: num(r.feature),
    update: num(r.update_number),
    imageType: r.image_type,
    bits: num(r.bits) as 32 | 64 | null,
    vm: r.vm ?? null,
    confidence: r.confidence,
    licence: {
      risk: r.licence_risk,
      terms: r.licence_terms ?? null,
      ruleId: r.licence_rule ?? null,
      reason: r.licence_reason,
    },
    support: {
      lts: r.lts ?? null,
      eolDate: day(r.eol_date),
      endOfLife: r.end_of_life ?? null,
      latestKnown: r.latest_known ?? null,
      updatesBehind: num(r.updates_behind),
      belowSecurityBaseline: r.below_baseline ?? null,
      dataAsOf,
      warnings: stale ? [stale] : [],
    },
    runningJvmCount: Number(r.running_jvms ?? 0),
    blockedTargets: (r.blocked_targets ?? []).map(Number),
    firstSeenAt: String(iso(r.first_seen_at)),
    lastSeenAt: String(iso(r.last_seen_at)),
  };
}

export function toJvm(r: JvmRow): JdkRunningJvm {
  return {
    id: String(r.id),
    hostId: String(r.host_id),
    pid: Number(r.pid),
    location: r.location,
    executable: r.executable,
    installationPath: r.installation_path ?? null,
    feature: num(r.feature),
    jvmOptions: r.jvm_options ?? [],
    mainClass: r.main_class ?? null,
    user: r.username ?? null,
    blockers: r.blockers ?? [],
    licenceSignals: r.licence_signals ?? [],
  };
}
