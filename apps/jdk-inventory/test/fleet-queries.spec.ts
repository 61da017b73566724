import { agentAuth, openIsolatedDb, stackEnv, uniqueName, type IsolatedDb } from '@keel/test-harness';
import type { DataSource } from 'typeorm';
import { reportOf } from '../bench/fleet-generator';
import { encodeCursor } from '../src/fleet-queries/cursor';
import { InventoryQueryService } from '../src/fleet-queries/inventory-query.service';
import { parseRequest } from '../src/fleet-queries/inventory-requests';
import { InventoryRollupService } from '../src/maintenance/inventory-rollup.service';
import { batchRows, ReportIngestService } from '../src/ingest/report-ingest.service';
import { BEGIN_BATCH, INGEST_BATCH, ingestBatchParameters } from '../src/ingest/report-ingest.sql';
import { deriveReport } from '../src/inventory/derive';
import { loadKnowledge } from '@keel/jdk-detect';
import { startInventory, type RunningInventory } from './support';

// The fleet questions at a size where the planner's choice means something (30k hosts, 90k
// installations, seeded by SQL the way a bulk import would), and the HTTP group commit.
const HOSTS = 30_000;
const FLEET_TABLES = ['jdk_hosts', 'jdk_installations', 'jdk_jvms', 'jdk_blockers', 'jdk_reports'];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'CTE Name'?: string;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** CTE scans run more than once: a CTE rescanned per row of another (a nested loop the planner chose). */
const rescannedCtesOf = (node: PlanNode): string[] => [
  ...(node['Node Type'] === 'CTE Scan' && (node['Actual Loops'] ?? 0) > 1
    ? [`${node['CTE Name']} x${node['Actual Loops']}`]
    : []),
  ...(node.Plans ?? []).flatMap(rescannedCtesOf),
];

const seqScansOf = (node: PlanNode): string[] => [
  ...(node['Node Type'] === 'Seq Scan' && FLEET_TABLES.includes(node['Relation Name'] ?? '')
    ? [node['Relation Name'] as string]
    : []),
  ...(node.Plans ?? []).flatMap(seqScansOf),
];

describe('jdk-inventory at fleet size', () => {
  let db: IsolatedDb;
  let inventory: RunningInventory;

  beforeAll(async () => {
    db = await openIsolatedDb('postgres', { prefix: 'jdkfleet' });
    inventory = await startInventory({
      PLATFORM_DB_URL: db.url,
      KAFKA_BROKERS: stackEnv().kafkaBrokers.join(','),
      REPORTS_CONSUMER: 'false',
      REPORTS_TOPIC: uniqueName('jdk-fleet'),
    });
    const q = (sql: string) => db.dataSource.query(sql);
    await q(`
      INSERT INTO jdk_hosts (host_key, hostname, os, arch, team, agent_name, agent_version, first_seen_at,
                             last_seen_at, last_report_id, installation_count, jvm_count, licence_risk,
                             end_of_life, behind_baseline, blocked_targets, fingerprint)
      SELECT 'h' || n, 'host-' || n, 'linux', 'x86_64', 'team-' || (n % 200), 'jdk-scan', '1', now(), now(),
             gen_random_uuid(), 3, 1, n % 7 = 0, false, false,
             CASE WHEN n % 8 = 0 THEN '{17,21}'::int[] ELSE '{}' END, 'f'
      FROM generate_series(1, ${HOSTS}) n`);
    await q(`
      INSERT INTO jdk_reports (report_id, host_key, scanned_at, source, installations, jvms)
      SELECT last_report_id, host_key, last_seen_at, 'kafka', 3, 1 FROM jdk_hosts`);
    await q(`
      INSERT INTO jdk_installations (host_id, install_key, path, location, found_by, evidence, vendor, distribution,
                                     version_full, feature, update_number, image_type, confidence, licence_risk,
                                     licence_reason, team, report_id, first_seen_at, last_seen_at)
      SELECT h.id, 'k' || j, '/opt/java/' || j, '{"kind":"host"}', '{jvm_dir}', 'release-file', v.vendor, v.distribution,
             v.version, v.feature, v.update_number, 'jdk', 'high', v.risk, 'seeded', h.team, h.last_report_id, now(), now()
      FROM jdk_hosts h, generate_series(0, 2) j,
           LATERAL (SELECT * FROM (VALUES
             (0, 'Eclipse Temurin', 'temurin', '17.0.16', 17, 16, 'free'),
             (1, 'Oracle JDK', 'oracle', '8.0.291', 8, 291, 'paid-licence-required'),
             (2, 'Amazon Corretto', 'corretto', '11.0.28', 11, 28, 'free'),
             (3, 'Microsoft Build of OpenJDK', 'microsoft', '21.0.8', 21, 8, 'needs-review')
           ) AS x(k, vendor, distribution, version, feature, update_number, risk)
           WHERE x.k = CASE WHEN j = 0 THEN 0 WHEN j = 1 AND h.id % 7 = 0 THEN 1 WHEN j = 1 THEN 2 ELSE 3 END) v`);
    await q(`
      INSERT INTO jdk_jvms (host_id, pid, location, executable, jvm_options, team)
      SELECT id, 1000, '{"kind":"host"}', '/opt/java/0/bin/java', '{-Xmx1g}', team FROM jdk_hosts`);
    await q(`
      INSERT INTO jdk_blockers (host_id, target, rule_id, effect, since, found, explanation, pid, team)
      SELECT h.id, t, r.rule_id, r.effect, 17, r.found, 'seeded', 1000, h.team
      FROM jdk_hosts h, unnest(h.blocked_targets) t,
           (VALUES ('permgen-removed', 'removed-fatal', '-XX:MaxPermSize=256m'),
                   ('cms-expired', 'platform-removed', '-XX:+UseConcMarkSweepGC'),
                   ('gc-log-flags', 'warning', '-XX:+PrintGCDetails')) AS r(rule_id, effect, found)`);
    // what autovacuum does on a live database: statistics and the visibility map
    await q(`VACUUM (ANALYZE) ${FLEET_TABLES.join(', ')}`);
  }, 120_000);

  afterAll(async () => {
    await inventory?.app.close();
    await db?.drop();
  });

  it("every fleet question's plan reads an index, never a sequential scan of a fleet table", async () => {
    const real = db.dataSource;
    let plans: { sql: string; seqScans: string[] }[] = [];
    // every statement a question sends is EXPLAINed with its own parameters first
    const explaining = {
      query: async (sql: string, parameters?: unknown[]) => {
        const [row] = (await real.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters)) as {
          'QUERY PLAN': { Plan: PlanNode }[];
        }[];
        const plan = row?.['QUERY PLAN'][0]?.Plan;
        if (!plan) throw new Error(`no plan for ${sql}`);
        plans.push({ sql, seqScans: seqScansOf(plan) });
        return real.query(sql, parameters);
      },
    } as unknown as DataSource;
    const queries = new InventoryQueryService(explaining, () => 'test', new InventoryRollupService(real, 0));
    const [oracle] = (await real.query(
      "SELECT host_id FROM jdk_installations WHERE distribution = 'oracle' ORDER BY host_id LIMIT 1",
    )) as { host_id: string }[];
    const someIds = (
      (await real.query('SELECT id FROM jdk_hosts ORDER BY id LIMIT 100')) as { id: string }[]
    ).map((r) => r.id);
    const team = { team: 'team-042' };
    const questions: [string, () => Promise<unknown>][] = [
      ['summary', () => queries.summary(undefined)],
      ['mix', () => queries.mix(parseRequest('mix', {}))],
      ['mix of one team', () => queries.mix(parseRequest('mix', { scope: team }))],
      ['top updates', () => queries.topUpdates(parseRequest('topUpdates', {}))],
      ['licence risk', () => queries.licenceRisk(parseRequest('licenceRisk', {}))],
      ['exposure', () => queries.exposure(undefined)],
      ['backlog to 17', () => queries.migrationBacklog(parseRequest('migrationBacklog', { target: 17 }))],
      [
        'backlog to 17 of one team',
        () => queries.migrationBacklog(parseRequest('migrationBacklog', { target: 17, scope: team })),
      ],
      ['hosts by distribution', () => queries.hosts(parseRequest('hosts', { filter: { vendor: 'oracle' } }))],
      [
        'hosts by vendor name',
        () => queries.hosts(parseRequest('hosts', { filter: { vendor: 'Oracle JDK' } })),
      ],
      [
        'hosts by vendor and team',
        () => queries.hosts(parseRequest('hosts', { filter: { vendor: 'oracle', team: 'team-042' } })),
      ],
      ['hosts of a team', () => queries.hosts(parseRequest('hosts', { filter: { team: 'team-042' } }))],
      [
        'hosts by vendor, second page',
        async () => {
          const page = await queries.hosts(parseRequest('hosts', { filter: { vendor: 'oracle' } }));
          return queries.hosts(
            parseRequest('hosts', { filter: { vendor: 'oracle' }, after: page.endCursor }),
          );
        },
      ],
      ['hosts of a train', () => queries.hosts(parseRequest('hosts', { filter: { feature: 21 } }))],
      [
        'hosts of a release in a team',
        () => queries.hosts(parseRequest('hosts', { filter: { version: '11.0.28', team: 'team-007' } })),
      ],
      [
        'hosts at licence risk',
        () => queries.hosts(parseRequest('hosts', { filter: { risk: ['licence'] } })),
      ],
      [
        'hosts at EOL or behind baseline',
        () => queries.hosts(parseRequest('hosts', { filter: { risk: ['eol', 'behind-baseline'] } })),
      ],
      [
        'hosts blocked for 17 in a team',
        () =>
          queries.hosts(
            parseRequest('hosts', {
              filter: { risk: ['migration-blocked'], migrationTarget: 17, team: 'team-042' },
            }),
          ),
      ],
      [
        'hosts by name prefix',
        () => queries.hosts(parseRequest('hosts', { filter: { hostnamePrefix: 'host-42' } })),
      ],
      ['all hosts', () => queries.hosts(parseRequest('hosts', {}))],
      ['mix by team', () => queries.mix(parseRequest('mix', { groupBy: ['team'], limit: 1000 }))],
      ['mix by version', () => queries.mix(parseRequest('mix', { groupBy: ['version'] }))],
      ['summary of one team', () => queries.summary(team)],
      ['exposure of one team', () => queries.exposure(team)],
      ['top updates of one team', () => queries.topUpdates(parseRequest('topUpdates', { scope: team }))],
      ['licence risk of one team', () => queries.licenceRisk(parseRequest('licenceRisk', { scope: team }))],
      [
        'licence risk, second page',
        async () => {
          const page = await queries.licenceRisk(parseRequest('licenceRisk', {}));
          return queries.licenceRisk(parseRequest('licenceRisk', { after: page.installations.endCursor }));
        },
      ],
      [
        'backlog to 17, second page',
        async () => {
          const page = await queries.migrationBacklog(parseRequest('migrationBacklog', { target: 17 }));
          return queries.migrationBacklog(
            parseRequest('migrationBacklog', { target: 17, after: page.hosts.endCursor }),
          );
        },
      ],
      ['weekly trend', () => queries.trends(parseRequest('trends', {}))],
      [
        'weekly trend by vendor of one team',
        () => queries.trends(parseRequest('trends', { groupBy: 'vendor', scope: team })),
      ],
      ['installations of 100 hosts', () => queries.installationsByHostIds(someIds)],
      ['JVMs of 100 hosts', () => queries.jvmsByHostIds(someIds)],
      ['hosts by id', () => queries.hostsByIds([String(oracle?.host_id)])],
    ];
    const found: Record<string, string[]> = {};
    for (const [name, ask] of questions) {
      plans = [];
      await ask();
      expect(plans.length).toBeGreaterThan(0);
      for (const p of plans) {
        if (p.seqScans.length > 0)
          found[name] = [...(found[name] ?? []), `${p.seqScans.join(',')}: ${p.sql}`];
      }
    }
    expect(found).toEqual({});
  });

  it('the ingest statement reads every fleet table by index and never rescans one of its CTEs per row', async () => {
    const ingest = inventory.app.get(ReportIngestService);
    const reports = (scannedAt: Date) =>
      Array.from({ length: 60 }, (_, n) =>
        reportOf({
          hostname: `plan-${n}`,
          labels: { team: `team-${n % 5}` },
          jdks: [
            {
              distribution: 'temurin',
              version: '21.0.8',
              path: '/opt/a',
              jvms: [{ options: ['-XX:MaxPermSize=256m'] }],
            },
            {
              distribution: n % 2 ? 'oracle' : 'corretto',
              version: '8.0.291',
              path: `/opt/b${scannedAt.getTime() % 2}`,
            },
          ],
          scannedAt,
        }),
      );
    await ingest.ingest(
      reports(new Date(Date.now() - 3_600_000)).map((report) => ({ report, source: 'kafka' })),
    );
    // a newer report per host: hosts and installations updated, one installation gone, JVMs replaced
    const knowledge = loadKnowledge(inventory.config.KEEL_JDK_DATA_DIR);
    const batch = reports(new Date()).map((report) => ({
      derived: deriveReport(report, knowledge, new Date()),
      source: 'kafka' as const,
    }));
    const runner = db.dataSource.createQueryRunner();
    try {
      await runner.query(BEGIN_BATCH);
      const [row] = (await runner.query(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${INGEST_BATCH}`,
        ingestBatchParameters(batchRows(batch)),
      )) as { 'QUERY PLAN': { Plan: PlanNode }[] }[];
      const plan = row?.['QUERY PLAN'][0]?.Plan as PlanNode;
      expect({ seqScans: seqScansOf(plan), rescannedCtes: rescannedCtesOf(plan) }).toEqual({
        seqScans: [],
        rescannedCtes: [],
      });
    } finally {
      await runner.query('ROLLBACK');
      await runner.release();
    }
  });

  it('hosts totals from the roll-up equal a count of the hosts themselves, for ids, names, trains and teams', async () => {
    const queries = new InventoryQueryService(
      db.dataSource,
      () => 'test',
      new InventoryRollupService(db.dataSource, 0),
    );
    const direct = async (condition: string) =>
      Number(
        (
          (await db.dataSource.query(
            `SELECT count(*)::int AS n FROM jdk_hosts h WHERE NOT h.stale AND EXISTS (
               SELECT 1 FROM jdk_installations i WHERE i.host_id = h.id AND NOT i.stale AND ${condition})`,
          )) as { n: number }[]
        )[0]?.n,
      );
    const oracleHosts = await direct("i.distribution = 'oracle'");
    expect(oracleHosts).toBeGreaterThan(1000);
    for (const vendor of ['oracle', 'ORACLE', 'Oracle JDK']) {
      const page = await queries.hosts(parseRequest('hosts', { filter: { vendor } }));
      expect({ vendor, total: page.totalCount }).toEqual({ vendor, total: oracleHosts });
    }
    const teamPage = await queries.hosts(
      parseRequest('hosts', { filter: { vendor: 'temurin', team: 'team-042' } }),
    );
    expect(teamPage.totalCount).toBe(await direct("i.distribution = 'temurin' AND i.team = 'team-042'"));
    const versionPage = await queries.hosts(
      parseRequest('hosts', { filter: { vendor: 'oracle', feature: 8, version: '8u291' } }),
    );
    expect(versionPage.totalCount).toBe(oracleHosts);
    const trainPage = await queries.hosts(parseRequest('hosts', { filter: { feature: 21 } }));
    expect(trainPage.totalCount).toBe(await direct('i.feature = 21'));
    const releasePage = await queries.hosts(
      parseRequest('hosts', { filter: { version: '11.0.28', team: 'team-007' } }),
    );
    expect(releasePage.totalCount).toBe(await direct("i.version_full = '11.0.28' AND i.team = 'team-007'"));
    expect(versionPage.items.length).toBe(50);
    expect(versionPage.hasNextPage).toBe(true);
  });

  it('licence and backlog totals from the roll-ups equal counts of the live rows', async () => {
    const queries = new InventoryQueryService(
      db.dataSource,
      () => 'test',
      new InventoryRollupService(db.dataSource, 0),
    );
    // the default risks: paid and needs-review, one ordered index walk each, merged by id
    const licence = await queries.licenceRisk(parseRequest('licenceRisk', {}));
    const risky = (await db.dataSource.query(
      "SELECT id FROM jdk_installations WHERE NOT stale AND licence_risk IN ('paid-licence-required', 'needs-review') ORDER BY id",
    )) as { id: string }[];
    expect(licence.installations.totalCount).toBe(risky.length);
    const next = await queries.licenceRisk(
      parseRequest('licenceRisk', { after: licence.installations.endCursor }),
    );
    expect(
      [...licence.installations.items, ...next.installations.items].map((i) => i.installationId),
    ).toEqual(risky.slice(0, 100).map((r) => String(r.id)));
    // a page across the boundary between the two risks' id ranges holds both, still in id order
    const firstReview = (await db.dataSource.query(
      "SELECT min(id)::text AS id FROM jdk_installations WHERE NOT stale AND licence_risk = 'needs-review'",
    )) as { id: string }[];
    const at = risky.findIndex((r) => String(r.id) === firstReview[0]?.id);
    expect(at).toBeGreaterThan(10);
    const across = await queries.licenceRisk(
      parseRequest('licenceRisk', { after: encodeCursor(String(risky[at - 10]?.id)) }),
    );
    expect(across.installations.items.map((i) => i.installationId)).toEqual(
      risky.slice(at - 9, at + 41).map((r) => String(r.id)),
    );
    expect(new Set(across.installations.items.map((i) => i.risk))).toEqual(
      new Set(['paid-licence-required', 'needs-review']),
    );
    const backlog = await queries.migrationBacklog(parseRequest('migrationBacklog', { target: 17 }));
    const [blocked] = (await db.dataSource.query(
      "SELECT count(DISTINCT host_id)::int AS n FROM jdk_blockers WHERE NOT stale AND target = 17 AND effect IN ('removed-fatal', 'platform-removed')",
    )) as { n: number }[];
    // every seeded blocked host has both blocking rules: counted once, not twice
    expect(backlog.blockedHosts).toBe(blocked?.n);
    expect(backlog.hosts.totalCount).toBe(blocked?.n);
    expect(backlog.byRule.map((r) => [r.ruleId, r.hosts])).toEqual([
      ['cms-expired', blocked?.n],
      ['permgen-removed', blocked?.n],
    ]);
    expect(backlog.hosts.items[0]?.reasons.map((r) => r.ruleId).sort()).toEqual([
      'cms-expired',
      'permgen-removed',
    ]);
  });

  it('concurrent POST /reports share transactions and each caller gets its own outcome', async () => {
    const reports = Array.from({ length: 40 }, (_, n) =>
      reportOf({
        hostname: `burst-${n}`,
        labels: { team: 'burst' },
        jdks: [{ distribution: 'temurin', version: '21.0.8' }],
        scannedAt: new Date(Date.now() - n * 1000),
      }),
    );
    // each as the agent of its own host (the agent-key boundary refuses anything else)
    const post = (body: (typeof reports)[number]) =>
      fetch(`${inventory.httpUrl}/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...agentAuth(body.host.hostname) },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        code: r.status,
        ...((await r.json()) as { reportId: string; status: string }),
      }));
    // the first report twice in the same burst: stored once, the other answer says duplicate
    const replies = await Promise.all([...reports, reports[0]].map(post));
    expect(replies.every((r) => r.code === 202)).toBe(true);
    expect(replies.filter((r) => r.status === 'stored')).toHaveLength(40);
    expect(replies.filter((r) => r.status === 'duplicate').map((r) => r.reportId)).toEqual([
      reports[0]?.reportId,
    ]);
    const [stored] = (await db.dataSource.query(
      "SELECT count(*)::int AS n FROM jdk_hosts WHERE hostname LIKE 'burst-%'",
    )) as { n: number }[];
    expect(stored?.n).toBe(40);
  });
  it('one batch with several reports of a host: the newest new one becomes its state unless the stored one is newer; a repeat is a duplicate', async () => {
    const ingest = inventory.app.get(ReportIngestService);
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000);
    const report = (hostname: string, version: string, scannedAt: Date) =>
      reportOf({
        hostname,
        jdks: [{ distribution: 'temurin', version, jvms: [{ options: ['-Xmx1g'] }] }],
        scannedAt,
      });
    // batch-1 holds a state from 3 h ago, batch-3 one from 1 h ago
    const stored1 = report('batch-1', '17.0.16', at(3));
    const stored3 = report('batch-3', '17.0.16', at(1));
    await ingest.ingest([
      { report: stored1, source: 'kafka' },
      { report: stored3, source: 'kafka' },
    ]);
    const older1 = report('batch-1', '11.0.28', at(4));
    const newer1 = report('batch-1', '21.0.8', at(2));
    const first2 = report('batch-2', '21.0.8', at(2));
    const latest2 = report('batch-2', '11.0.28', at(1));
    const late3 = report('batch-3', '21.0.8', at(2));
    const outcomes = await ingest.ingest(
      [newer1, stored1, older1, latest2, first2, first2, late3].map((r) => ({
        report: r,
        source: 'kafka' as const,
      })),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'stored',
      'duplicate',
      'stored',
      'stored',
      'stored',
      'duplicate',
      'stored',
    ]);
    const state = (await db.dataSource.query(
      `SELECT h.hostname, h.last_report_id::text AS report, array_agg(i.version_full) AS versions,
              (SELECT count(*)::int FROM jdk_jvms j WHERE j.host_id = h.id) AS jvms,
              (SELECT count(*)::int FROM jdk_reports r WHERE r.host_key = h.host_key) AS reports
       FROM jdk_hosts h JOIN jdk_installations i ON i.host_id = h.id
       WHERE h.hostname LIKE 'batch-%' GROUP BY h.id ORDER BY h.hostname`,
    )) as { hostname: string; report: string; versions: string[]; jvms: number; reports: number }[];
    expect(state).toEqual([
      { hostname: 'batch-1', report: newer1.reportId, versions: ['21.0.8'], jvms: 1, reports: 3 },
      { hostname: 'batch-2', report: latest2.reportId, versions: ['11.0.28'], jvms: 1, reports: 2 },
      // the late report is stored, but the newer state stays
      { hostname: 'batch-3', report: stored3.reportId, versions: ['17.0.16'], jvms: 1, reports: 2 },
    ]);
  });

  it("two batches of one host at once: the host ends with the newer report's JVMs and installations only", async () => {
    const ingest = inventory.app.get(ReportIngestService);
    for (let round = 0; round < 6; round++) {
      const hostname = `race-${round}`;
      const report = (hoursAgo: number, path: string, jvms: number) =>
        reportOf({
          hostname,
          jdks: [
            {
              distribution: 'temurin',
              version: '21.0.8',
              path,
              jvms: Array.from({ length: jvms }, () => ({ options: ['-Xmx1g'] })),
            },
          ],
          scannedAt: new Date(Date.now() - hoursAgo * 3_600_000),
        });
      const older = report(2, '/opt/older', 3);
      const newer = report(1, '/opt/newer', 2);
      // each in its own transaction, concurrently (whichever commits first)
      await Promise.all([
        ingest.ingest([{ report: round % 2 ? older : newer, source: 'http' }]),
        ingest.ingest([{ report: round % 2 ? newer : older, source: 'kafka' }]),
      ]);
      const [state] = (await db.dataSource.query(
        `SELECT h.last_report_id::text AS report,
                (SELECT count(*)::int FROM jdk_jvms j WHERE j.host_id = h.id) AS jvms,
                (SELECT array_agg(i.path) FROM jdk_installations i WHERE i.host_id = h.id) AS paths
         FROM jdk_hosts h WHERE h.hostname = $1`,
        [hostname],
      )) as { report: string; jvms: number; paths: string[] }[];
      expect({ round, ...state }).toEqual({ round, report: newer.reportId, jvms: 2, paths: ['/opt/newer'] });
    }
  });

  it("a newer report replaces the host's installations: an uninstalled JDK is gone, a kept one keeps its first sighting", async () => {
    // as the agent of its own host (the agent-key boundary refuses anything else)
    const post = (body: { host: { hostname: string } }) =>
      fetch(`${inventory.httpUrl}/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...agentAuth(body.host.hostname) },
        body: JSON.stringify(body),
      });
    const first = new Date(Date.now() - 3_600_000);
    const before = reportOf({
      hostname: 'upgraded-1',
      jdks: [
        {
          distribution: 'oracle',
          version: '8.0.291',
          path: '/opt/java/old',
          jvms: [{ options: ['-Xmx1g'] }],
        },
        { distribution: 'temurin', version: '21.0.8', path: '/opt/java/new' },
      ],
      scannedAt: first,
    });
    expect((await post(before)).status).toBe(202);
    const after = reportOf({
      hostname: 'upgraded-1',
      jdks: [
        {
          distribution: 'temurin',
          version: '21.0.8',
          path: '/opt/java/new',
          jvms: [{ options: ['-Xmx2g'] }],
        },
      ],
    });
    expect((await post(after)).status).toBe(202);
    const rows = (await db.dataSource.query(
      `SELECT i.path, i.first_seen_at = $2::timestamptz AS kept, i.report_id = $3::uuid AS current
       FROM jdk_installations i JOIN jdk_hosts h ON h.id = i.host_id WHERE h.hostname = $1 ORDER BY i.path`,
      ['upgraded-1', first.toISOString(), after.reportId],
    )) as { path: string; kept: boolean; current: boolean }[];
    expect(rows).toEqual([{ path: '/opt/java/new', kept: true, current: true }]);
    const jvms = (await db.dataSource.query(
      `SELECT j.jvm_options FROM jdk_jvms j JOIN jdk_hosts h ON h.id = j.host_id WHERE h.hostname = $1`,
      ['upgraded-1'],
    )) as { jvm_options: string[] }[];
    expect(jvms).toEqual([{ jvm_options: ['-Xmx2g'] }]);
  });
});
