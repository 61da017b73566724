import type { Client } from '@elastic/elasticsearch';
import { indicesOfFamily } from '@keel/es-alias';
import { openIsolatedDb, type IsolatedDb } from '@keel/test-harness';
import { recoveryMigrations } from '../src/recovery/recovery.migration';

// The set-up the indexer-recovery integration tests share (the seeded shop is @keel/etl-core/testing's).

/** A platform DB (PostgreSQL) with the recovery's tables (runs, ranges, catch-up points, ...). */
export const openRecoveryPlatform = (prefix: string): Promise<IsolatedDb> =>
  openIsolatedDb('postgres', { prefix, migrations: recoveryMigrations });

/** Deletes every `<alias>-<stamp>` index the rebuilds made, and closes the client. */
export async function dropRebuilds(client: Client, alias: string): Promise<void> {
  const indices = await indicesOfFamily(client, alias);
  if (indices.length > 0) await client.indices.delete({ index: indices.join(',') });
  await client.close();
}
