import type {
  JdkHostsByIdsReply,
  JdkInstallation,
  JdkInstallationsByHostIdsReply,
  JdkJvmsByHostIdsReply,
  JdkRunningJvm,
} from '@keel/api-contracts';
import { params, type InventoryReads } from './inventory-reads';
import {
  toHost,
  toInstallation,
  toJvm,
  type HostRow,
  type InstallationReplyRow,
  type JvmRow,
} from './inventory-rows';

// The gateway's DataLoader batches: one statement for any number of host IDs.

/**
 * What an installation's reply is built from, not `*`: the detection's `version` jsonb, the install key,
 * team and report id are not in the reply, and ~300 rows for 100 hosts need not carry and decode them.
 */
const INSTALLATION_REPLY_COLUMNS = Object.keys({
  id: true,
  host_id: true,
  path: true,
  location: true,
  found_by: true,
  evidence: true,
  vendor: true,
  distribution: true,
  version_full: true,
  feature: true,
  update_number: true,
  image_type: true,
  bits: true,
  vm: true,
  confidence: true,
  licence_risk: true,
  licence_terms: true,
  licence_rule: true,
  licence_reason: true,
  lts: true,
  eol_date: true,
  end_of_life: true,
  latest_known: true,
  updates_behind: true,
  below_baseline: true,
  running_jvms: true,
  blocked_targets: true,
  first_seen_at: true,
  last_seen_at: true,
} satisfies Record<keyof InstallationReplyRow, true>).join(', ');

export async function hostsByIdsQuery(
  db: InventoryReads,
  hostIds: readonly string[],
): Promise<JdkHostsByIdsReply> {
  const rows = hostIds.length
    ? await db.rows<HostRow>('SELECT * FROM jdk_hosts WHERE id = ANY($1::bigint[])', params([...hostIds]))
    : [];
  const byId = new Map(rows.map((r) => [String(r.id), toHost(r)]));
  return { hostsById: Object.fromEntries(hostIds.map((id) => [id, byId.get(id) ?? null])) };
}

export async function installationsByHostIdsQuery(
  db: InventoryReads,
  hostIds: readonly string[],
): Promise<JdkInstallationsByHostIdsReply> {
  const rows = hostIds.length
    ? await db.rows<InstallationReplyRow>(
        `SELECT ${INSTALLATION_REPLY_COLUMNS} FROM jdk_installations WHERE host_id = ANY($1::bigint[]) ORDER BY host_id, path, id`,
        params([...hostIds]),
      )
    : [];
  const out: Record<string, JdkInstallation[]> = Object.fromEntries(hostIds.map((id) => [id, []]));
  const dataAsOf = db.knowledgeAsOf();
  for (const r of rows) out[String(r.host_id)]?.push(toInstallation(r, dataAsOf));
  return { installationsByHostId: out };
}

export async function jvmsByHostIdsQuery(
  db: InventoryReads,
  hostIds: readonly string[],
): Promise<JdkJvmsByHostIdsReply> {
  const rows = hostIds.length
    ? await db.rows<JvmRow>(
        'SELECT * FROM jdk_jvms WHERE host_id = ANY($1::bigint[]) ORDER BY host_id, pid, id',
        params([...hostIds]),
      )
    : [];
  const out: Record<string, JdkRunningJvm[]> = Object.fromEntries(hostIds.map((id) => [id, []]));
  for (const r of rows) out[String(r.host_id)]?.push(toJvm(r));
  return { jvmsByHostId: out };
}
