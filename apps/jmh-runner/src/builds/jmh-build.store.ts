import type { JmhBuild, JmhBuildSource, JmhRunStatus } from '@keel/api-contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { inIdOrder, isUuid } from '../requests/requests';

/** A build as discovered, before it has an id: what the contract shows, plus how it was found. */
export type NewBuild = Omit<JmhBuild, 'id' | 'discoveredAt' | 'runCount' | 'latestRunStatus'> & {
  readonly identity: string;
  readonly checksum: string | null;
  readonly detection: unknown;
};

/** `jmh_builds` as the build selects return it, with the run count and the newest run's status. */
interface BuildRow {
  id: string;
  identity: string;
  source: JmhBuildSource;
  java_home: string | null;
  label: string;
  vendor: string | null;
  distribution: string | null;
  version: string | null;
  feature: number | null;
  build: number | null;
  release_name: string | null;
  download_url: string | null;
  checksum: string | null;
  detection: unknown;
  discovered_at: Date;
  /** count(*): bigint, as text */
  run_count: string;
  latest_run_status: JmhRunStatus | null;
}

/**
 * `jmh_builds`, the builds found: the only code that writes it. Raw SQL over PostgreSQL; every
 * select returns whole rows mapped once by `toBuild`.
 */
export class JmhBuildStore {
  constructor(private readonly db: DataSource) {}

  /** Inserts a build unless its identity is known; returns it and whether it is new. */
  async upsertBuild(build: NewBuild): Promise<{ build: JmhBuild; created: boolean }> {
    const inserted = await this.db.query<{ id: string }[]>(
      `INSERT INTO jmh_builds (id, identity, source, java_home, label, vendor, distribution, version, feature,
                               build, release_name, download_url, checksum, detection)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (identity) DO NOTHING RETURNING id`,
      [
        randomUUID(),
        build.identity,
        build.source,
        build.javaHome,
        build.label,
        build.vendor,
        build.distribution,
        build.version,
        build.feature,
        build.build,
        build.releaseName,
        build.downloadUrl,
        build.checksum,
        JSON.stringify(build.detection ?? {}),
      ],
    );
    if (inserted.length === 0 && build.javaHome !== null) {
      // a downloaded API build gains its java home
      await this.db.query('UPDATE jmh_builds SET java_home = $2 WHERE identity = $1 AND java_home IS NULL', [
        build.identity,
        build.javaHome,
      ]);
    }
    const rows = await this.db.query<BuildRow[]>(`${BUILD_SELECT} WHERE b.identity = $1`, [build.identity]);
    return { build: toBuild(rows[0]), created: inserted.length > 0 };
  }

  buildsByIds(ids: readonly string[]): Promise<(JmhBuild | null)[]> {
    return inIdOrder(ids, async (uuids) =>
      (await this.db.query<BuildRow[]>(`${BUILD_SELECT} WHERE b.id = ANY($1::uuid[])`, [uuids])).map(toBuild),
    );
  }

  async findBuild(idOrHome: string): Promise<JmhBuild | null> {
    const rows = isUuid(idOrHome)
      ? await this.db.query<BuildRow[]>(`${BUILD_SELECT} WHERE b.id = $1`, [idOrHome])
      : await this.db.query<BuildRow[]>(
          `${BUILD_SELECT} WHERE b.java_home = $1 OR b.label = $1 ORDER BY b.discovered_at LIMIT 1`,
          [idOrHome],
        );
    return rows.length === 0 ? null : toBuild(rows[0]);
  }

  async listBuilds(filter: {
    source?: JmhBuildSource;
    feature?: number;
    limit: number;
    offset: number;
  }): Promise<{ total: number; items: JmhBuild[] }> {
    const where = 'WHERE ($1::text IS NULL OR b.source = $1) AND ($2::int IS NULL OR b.feature = $2)';
    const args = [filter.source ?? null, filter.feature ?? null];
    const [{ total }]: { total: string }[] = await this.db.query(
      `SELECT count(*) AS total FROM jmh_builds b ${where}`,
      args,
    );
    const rows = await this.db.query<BuildRow[]>(
      `${BUILD_SELECT} ${where} ORDER BY b.feature DESC NULLS LAST, b.discovered_at DESC LIMIT $3 OFFSET $4`,
      [...args, filter.limit, filter.offset],
    );
    return { total: Number(total), items: rows.map(toBuild) };
  }

  /** Every build of the same feature release except this one, oldest first (for the predecessor). */
  async sameFeatureBuilds(build: JmhBuild): Promise<JmhBuild[]> {
    const rows = await this.db.query<BuildRow[]>(
      `${BUILD_SELECT} WHERE b.feature = $1 AND b.id <> $2 ORDER BY b.discovered_at`,
      [build.feature, build.id],
    );
    return rows.map(toBuild);
  }
}

const BUILD_SELECT = `
  SELECT b.*,
         (SELECT count(*) FROM jmh_runs r WHERE r.build_id = b.id) AS run_count,
         (SELECT r.status FROM jmh_runs r WHERE r.build_id = b.id ORDER BY r.queued_at DESC LIMIT 1) AS latest_run_status
    FROM jmh_builds b`;

function toBuild(r: BuildRow): JmhBuild {
  return {
    id: r.id,
    source: r.source,
    javaHome: r.java_home,
    label: r.label,
    vendor: r.vendor,
    distribution: r.distribution,
    version: r.version,
    feature: r.feature,
    build: r.build,
    releaseName: r.release_name,
    downloadUrl: r.download_url,
    discoveredAt: r.discovered_at.toISOString(),
    runCount: Number(r.run_count ?? 0),
    latestRunStatus: r.latest_run_status,
  };
}
