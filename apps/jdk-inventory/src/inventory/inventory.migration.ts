import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inventory tables, all prefixed `jdk_` (the platform DB is shared). Latest state per host
 * (`jdk_hosts`, `jdk_installations`, `jdk_jvms`, `jdk_blockers`), one observation per host and ISO week
 * (`jdk_observations`) with a weekly roll-up for trends, and `jdk_reports` keyed by reportId so the same
 * report twice changes nothing. Risk columns are derived at ingest; `team` and `stale` are copied onto the
 * child tables so summaries are GROUP BYs on one table with partial indexes over live rows.
 */
export class CreateJdkInventory1764200000000 implements MigrationInterface {
  name = 'CreateJdkInventory1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE jdk_reports (
        report_id     UUID PRIMARY KEY,
        host_key      TEXT NOT NULL,
        scanned_at    TIMESTAMPTZ(3) NOT NULL,
        received_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        source        TEXT NOT NULL,
        installations INTEGER NOT NULL,
        jvms          INTEGER NOT NULL
      )`);
    await q.query('CREATE INDEX jdk_reports_received ON jdk_reports (received_at)');
    await q.query(`
      CREATE TABLE jdk_hosts (
        id                 BIGSERIAL PRIMARY KEY,
        host_key           TEXT NOT NULL UNIQUE,
        hostname           TEXT NOT NULL,
        machine_id         TEXT,
        os                 TEXT NOT NULL,
        os_version         TEXT,
        arch               TEXT NOT NULL,
        labels             JSONB NOT NULL DEFAULT '{}',
        team               TEXT,
        agent_name         TEXT NOT NULL,
        agent_version      TEXT NOT NULL,
        problems           JSONB NOT NULL DEFAULT '[]',
        first_seen_at      TIMESTAMPTZ(3) NOT NULL,
        last_seen_at       TIMESTAMPTZ(3) NOT NULL,
        last_report_id     UUID NOT NULL,
        stale              BOOLEAN NOT NULL DEFAULT false,
        installation_count INTEGER NOT NULL,
        jvm_count          INTEGER NOT NULL,
        licence_risk       BOOLEAN NOT NULL,
        end_of_life        BOOLEAN NOT NULL,
        behind_baseline    BOOLEAN NOT NULL,
        blocked_targets    INTEGER[] NOT NULL DEFAULT '{}',
        fingerprint        TEXT NOT NULL
      )`);
    await q.query('CREATE INDEX jdk_hosts_team ON jdk_hosts (team, id) WHERE NOT stale');
    await q.query('CREATE INDEX jdk_hosts_last_seen ON jdk_hosts (last_seen_at) WHERE NOT stale');
    await q.query('CREATE INDEX jdk_hosts_hostname ON jdk_hosts (hostname text_pattern_ops)');
    await q.query('CREATE INDEX jdk_hosts_labels ON jdk_hosts USING gin (labels jsonb_path_ops)');
    await q.query('CREATE INDEX jdk_hosts_blocked ON jdk_hosts USING gin (blocked_targets)');
    await q.query(`
      CREATE TABLE jdk_installations (
        id              BIGSERIAL PRIMARY KEY,
        host_id         BIGINT NOT NULL REFERENCES jdk_hosts (id) ON DELETE CASCADE,
        install_key     TEXT NOT NULL,
        path            TEXT NOT NULL,
        location        JSONB NOT NULL,
        found_by        TEXT[] NOT NULL,
        evidence        TEXT NOT NULL,
        detection       JSONB NOT NULL,
        vendor          TEXT,
        distribution    TEXT,
        version_full    TEXT,
        feature         INTEGER,
        update_number   INTEGER,
        image_type      TEXT NOT NULL,
        bits            INTEGER,
        vm              TEXT,
        confidence      TEXT NOT NULL,
        licence_risk    TEXT NOT NULL,
        licence_terms   TEXT,
        licence_rule    TEXT,
        licence_reason  TEXT NOT NULL,
        lts             BOOLEAN,
        eol_date        DATE,
        end_of_life     BOOLEAN,
        latest_known    TEXT,
        updates_behind  INTEGER,
        below_baseline  BOOLEAN,
        running_jvms    INTEGER NOT NULL DEFAULT 0,
        blocked_targets INTEGER[] NOT NULL DEFAULT '{}',
        team            TEXT,
        stale           BOOLEAN NOT NULL DEFAULT false,
        report_id       UUID NOT NULL,
        first_seen_at   TIMESTAMPTZ(3) NOT NULL,
        last_seen_at    TIMESTAMPTZ(3) NOT NULL,
        UNIQUE (host_id, install_key)
      )`);
    await q.query(
      'CREATE INDEX jdk_inst_vendor ON jdk_installations (distribution, feature, host_id) WHERE NOT stale',
    );
    await q.query(
      'CREATE INDEX jdk_inst_version ON jdk_installations (feature, version_full, host_id) WHERE NOT stale',
    );
    await q.query('CREATE INDEX jdk_inst_team ON jdk_installations (team) WHERE NOT stale');
    await q.query(
      "CREATE INDEX jdk_inst_licence ON jdk_installations (licence_risk, id) WHERE NOT stale AND licence_risk <> 'free'",
    );
    await q.query(
      'CREATE INDEX jdk_inst_eol ON jdk_installations (distribution, feature) WHERE NOT stale AND end_of_life',
    );
    await q.query(
      'CREATE INDEX jdk_inst_baseline ON jdk_installations (feature) WHERE NOT stale AND below_baseline',
    );
    await q.query(`
      CREATE TABLE jdk_jvms (
        id                BIGSERIAL PRIMARY KEY,
        host_id           BIGINT NOT NULL REFERENCES jdk_hosts (id) ON DELETE CASCADE,
        pid               INTEGER NOT NULL,
        location          JSONB NOT NULL,
        executable        TEXT NOT NULL,
        installation_path TEXT,
        feature           INTEGER,
        jvm_options       TEXT[] NOT NULL,
        main_class        TEXT,
        username          TEXT,
        blockers          JSONB NOT NULL DEFAULT '[]',
        team              TEXT,
        stale             BOOLEAN NOT NULL DEFAULT false
      )`);
    await q.query('CREATE INDEX jdk_jvms_host ON jdk_jvms (host_id)');
    await q.query(`
      CREATE TABLE jdk_blockers (
        host_id     BIGINT NOT NULL REFERENCES jdk_hosts (id) ON DELETE CASCADE,
        target      INTEGER NOT NULL,
        rule_id     TEXT NOT NULL,
        effect      TEXT NOT NULL,
        since       INTEGER NOT NULL,
        found       TEXT NOT NULL,
        explanation TEXT NOT NULL,
        pid         INTEGER NOT NULL,
        main_class  TEXT,
        team        TEXT,
        stale       BOOLEAN NOT NULL DEFAULT false
      )`);
    await q.query('CREATE INDEX jdk_blockers_host ON jdk_blockers (host_id)');
    await q.query(
      'CREATE INDEX jdk_blockers_target ON jdk_blockers (target, effect, host_id) WHERE NOT stale',
    );
    await q.query(`
      CREATE TABLE jdk_observations (
        host_id       BIGINT NOT NULL REFERENCES jdk_hosts (id) ON DELETE CASCADE,
        week_start    DATE NOT NULL,
        report_id     UUID NOT NULL,
        observed_at   TIMESTAMPTZ(3) NOT NULL,
        team          TEXT,
        fingerprint   TEXT NOT NULL,
        installations INTEGER NOT NULL,
        mix           JSONB NOT NULL,
        PRIMARY KEY (host_id, week_start)
      )`);
    await q.query('CREATE INDEX jdk_observations_week ON jdk_observations (week_start)');
    await q.query(`
      CREATE TABLE jdk_trend_dirty (
        week_start DATE PRIMARY KEY,
        marked_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE jdk_trend_weekly (
        week_start    DATE NOT NULL,
        dimension     TEXT NOT NULL,
        team          TEXT NOT NULL,
        key           TEXT NOT NULL,
        hosts         INTEGER NOT NULL,
        installations INTEGER NOT NULL,
        PRIMARY KEY (dimension, week_start, team, key)
      )`);
    await q.query(`
      CREATE TABLE jdk_meta (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at TIMESTAMPTZ(3) NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'jdk_meta',
      'jdk_trend_weekly',
      'jdk_trend_dirty',
      'jdk_observations',
      'jdk_blockers',
      'jdk_jvms',
      'jdk_installations',
      'jdk_hosts',
      'jdk_reports',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}

/**
 * Ingest speed and summary latency at fleet size: fewer indexes on installations (the summaries read
 * roll-ups now), the detection's version instead of the whole detection, and the roll-up tables the
 * summaries read: per team (teams partition hosts, so per-team distinct host counts add up exactly).
 * `jdk_change_seq` is bumped after every committed change; a roll-up records the value it was built at.
 */
export class JdkInventoryRollups1764200000001 implements MigrationInterface {
  name = 'JdkInventoryRollups1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE jdk_installations DROP COLUMN detection, ADD COLUMN version JSONB');
    for (const index of [
      'jdk_inst_vendor',
      'jdk_inst_version',
      'jdk_inst_team',
      'jdk_inst_eol',
      'jdk_inst_baseline',
    ]) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
    await q.query(
      'CREATE INDEX jdk_inst_version ON jdk_installations (distribution, feature, version_full) WHERE NOT stale',
    );
    await q.query('CREATE SEQUENCE jdk_change_seq');
    await q.query(`
      CREATE TABLE jdk_rollup_mix (
        team          TEXT NOT NULL,
        grouping      INTEGER NOT NULL,
        vendor        TEXT,
        feature       INTEGER,
        version       TEXT,
        installations INTEGER NOT NULL,
        hosts         INTEGER NOT NULL
      )`);
    await q.query('CREATE INDEX jdk_rollup_mix_grouping ON jdk_rollup_mix (grouping, team)');
    await q.query(`
      CREATE TABLE jdk_rollup_licence (
        team          TEXT NOT NULL,
        licence_risk  TEXT NOT NULL,
        licence_terms TEXT,
        distribution  TEXT,
        installations INTEGER NOT NULL,
        hosts         INTEGER NOT NULL
      )`);
    await q.query(`
      CREATE TABLE jdk_rollup_eol (
        team          TEXT NOT NULL,
        distribution  TEXT,
        feature       INTEGER,
        eol_date      DATE,
        installations INTEGER NOT NULL,
        hosts         INTEGER NOT NULL
      )`);
    await q.query(`
      CREATE TABLE jdk_rollup_baseline (
        team          TEXT NOT NULL,
        feature       INTEGER,
        installations INTEGER NOT NULL,
        hosts         INTEGER NOT NULL,
        max_behind    INTEGER,
        sum_behind    BIGINT,
        n_behind      INTEGER NOT NULL
      )`);
    await q.query(`
      CREATE TABLE jdk_rollup_team (
        team                   TEXT PRIMARY KEY,
        hosts                  INTEGER NOT NULL,
        stale_hosts            INTEGER NOT NULL,
        installations          INTEGER NOT NULL,
        licence_installations  INTEGER NOT NULL,
        eol_installations      INTEGER NOT NULL,
        eol_hosts              INTEGER NOT NULL,
        baseline_installations INTEGER NOT NULL,
        baseline_hosts         INTEGER NOT NULL,
        jvms                   INTEGER NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'jdk_rollup_team',
      'jdk_rollup_baseline',
      'jdk_rollup_eol',
      'jdk_rollup_licence',
      'jdk_rollup_mix',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query('DROP SEQUENCE IF EXISTS jdk_change_seq');
    await q.query('ALTER TABLE jdk_installations DROP COLUMN version, ADD COLUMN detection JSONB');
  }
}

/**
 * Fleet-scale queries (issue 19): covering indexes so the hosts filter's count and the backlog's page
 * are index-only walks, and the backlog roll-ups (per team, teams partition hosts: the per-team distinct
 * host counts add up exactly).
 */
export class JdkInventoryQueryIndexes1764200000002 implements MigrationInterface {
  name = 'JdkInventoryQueryIndexes1764200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS jdk_inst_version');
    await q.query(
      `CREATE INDEX jdk_inst_version ON jdk_installations (distribution, feature, version_full, host_id)
       INCLUDE (team) WHERE NOT stale`,
    );
    // lower(vendor) and vendor itself: PostgreSQL answers from an expression index alone only when it holds the column
    await q.query(
      `CREATE INDEX jdk_inst_vendor_name ON jdk_installations (lower(vendor), feature, version_full, host_id)
       INCLUDE (vendor, team) WHERE NOT stale`,
    );
    await q.query('DROP INDEX IF EXISTS jdk_blockers_target');
    await q.query(
      'CREATE INDEX jdk_blockers_target ON jdk_blockers (target, host_id) INCLUDE (effect, team) WHERE NOT stale',
    );
    await q.query(`
      CREATE TABLE jdk_rollup_backlog (
        team    TEXT NOT NULL,
        target  INTEGER NOT NULL,
        rule_id TEXT NOT NULL,
        effect  TEXT NOT NULL,
        hosts   INTEGER NOT NULL
      )`);
    await q.query(`
      CREATE TABLE jdk_rollup_blocked (
        team   TEXT NOT NULL,
        target INTEGER NOT NULL,
        hosts  INTEGER NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS jdk_rollup_blocked');
    await q.query('DROP TABLE IF EXISTS jdk_rollup_backlog');
    await q.query('DROP INDEX IF EXISTS jdk_blockers_target');
    await q.query(
      'CREATE INDEX jdk_blockers_target ON jdk_blockers (target, effect, host_id) WHERE NOT stale',
    );
    await q.query('DROP INDEX IF EXISTS jdk_inst_vendor_name');
    await q.query('DROP INDEX IF EXISTS jdk_inst_version');
    await q.query(
      'CREATE INDEX jdk_inst_version ON jdk_installations (distribution, feature, version_full) WHERE NOT stale',
    );
  }
}

/**
 * The hosts filter's total by vendor / feature / version from a roll-up (the index-only count of ~140k
 * installations still took ~100 ms at 300k hosts).
 */
export class JdkInventoryHostMatchRollup1764200000003 implements MigrationInterface {
  name = 'JdkInventoryHostMatchRollup1764200000003';

  async up(q: QueryRunner): Promise<void> {
    // the hosts filter's total by vendor: match_key is a distribution id or a lower-cased vendor name
    await q.query(`
      CREATE TABLE jdk_rollup_host_match (
        team      TEXT NOT NULL,
        grouping  INTEGER NOT NULL,
        match_key TEXT NOT NULL,
        feature   INTEGER,
        version   TEXT,
        hosts     INTEGER NOT NULL
      )`);
    await q.query('CREATE INDEX jdk_rollup_host_match_key ON jdk_rollup_host_match (match_key, grouping)');
    // the count it served is the roll-up's now: one index less for every ingested installation
    await q.query('DROP INDEX IF EXISTS jdk_inst_vendor_name');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX jdk_inst_vendor_name ON jdk_installations (lower(vendor), feature, version_full, host_id)
       INCLUDE (vendor, team) WHERE NOT stale`,
    );
    await q.query('DROP TABLE IF EXISTS jdk_rollup_host_match');
  }
}

/**
 * Indexes the EXPLAIN test found missing (test/fleet-queries.spec.ts: a sequential scan of a fleet
 * table fails it): hosts filtered by a risk flag (count and keyset page walk the flag's partial index),
 * and a team's licence-risk page. All partial: only risky rows pay for them on ingest.
 */
export class JdkInventoryRiskIndexes1764200000004 implements MigrationInterface {
  name = 'JdkInventoryRiskIndexes1764200000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX jdk_hosts_licence_risk ON jdk_hosts (id) WHERE NOT stale AND licence_risk');
    await q.query('CREATE INDEX jdk_hosts_end_of_life ON jdk_hosts (id) WHERE NOT stale AND end_of_life');
    await q.query(
      'CREATE INDEX jdk_hosts_behind_baseline ON jdk_hosts (id) WHERE NOT stale AND behind_baseline',
    );
    await q.query(
      "CREATE INDEX jdk_inst_team_licence ON jdk_installations (team, licence_risk, id) WHERE NOT stale AND licence_risk <> 'free'",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'jdk_hosts_licence_risk',
      'jdk_hosts_end_of_life',
      'jdk_hosts_behind_baseline',
      'jdk_inst_team_licence',
    ]) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
  }
}

/**
 * The licence signals of each JVM (options that need a paid licence on its build, e.g.
 * `-XX:+UnlockCommercialFeatures` on Oracle JDK 8), derived at ingest like its blockers. Additive: rows
 * stored before it have none until the next report or recompute.
 */
export class JdkInventoryJvmLicenceSignals1764200000005 implements MigrationInterface {
  name = 'JdkInventoryJvmLicenceSignals1764200000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE jdk_jvms ADD COLUMN licence_signals JSONB NOT NULL DEFAULT '[]'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE jdk_jvms DROP COLUMN IF EXISTS licence_signals');
  }
}

export const inventoryMigrations = [
  CreateJdkInventory1764200000000,
  JdkInventoryRollups1764200000001,
  JdkInventoryQueryIndexes1764200000002,
  JdkInventoryHostMatchRollup1764200000003,
  JdkInventoryRiskIndexes1764200000004,
  JdkInventoryJvmLicenceSignals1764200000005,
];
export const inventoryMigrationsTable = 'jdk_inventory_migrations';
