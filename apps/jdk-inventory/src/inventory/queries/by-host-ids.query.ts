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
  type InstallationRow,
  type JvmRow,
} from './inventory-rows';

// The gateway's DataLoader batches: one statement for any number of host IDs.

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
    ? await db.rows<InstallationRow>(
        'SELECT * FROM jdk_installations WHERE host_id = ANY($1::bigint[]) ORDER BY host_id, path, id',
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
