import type { ServiceRpcClient } from '@keel/service-runtime';
import {
  JDK_PATTERNS,
  type JdkExposureReply,
  type JdkHostsReply,
  type JdkInstallationsByHostIdsReply,
  type JdkJvmsByHostIdsReply,
  type JdkLicenceRiskReply,
  type JdkMigrationBacklogReply,
  type JdkMixReply,
  type JdkSummaryReply,
  type JdkTopUpdatesReply,
  type JdkTrendsReply,
} from '@keel/api-contracts';
import { createKafka, createProducer, type Kafka, type Producer } from '@keel/kafka-bus';
import {
  agentAuth,
  agentKey,
  eventually,
  openIsolatedDb,
  serviceRpcClient,
  stackEnv,
  uniqueName,
  type IsolatedDb,
} from '@keel/test-harness';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { firstValueFrom } from 'rxjs';
import { reportOf } from '../bench/fleet-generator';
import { InventoryMaintenanceService } from '../src/maintenance/inventory-maintenance.service';
import { ReportIngestService } from '../src/ingest/report-ingest.service';
import { startInventory, type RunningInventory } from './support';

// Ingest over HTTP and Kafka, the RPC contract over real TCP, and the analyses on a seeded fleet with
// known answers, on real PostgreSQL (a schema of its own) and Kafka (topics of their own).
const workspaceRoot = path.resolve(__dirname, '../../..');
const DAY = 86_400_000;

describe('jdk-inventory', () => {
  let db: IsolatedDb;
  let inventory: RunningInventory;
  let rpc: ServiceRpcClient;
  let kafka: Kafka;
  let producer: Producer;
  const topic = uniqueName('jdk-reports');
  const now = new Date();

  const ask = <T>(pattern: { cmd: string }, request: unknown) =>
    firstValueFrom(rpc.send<T>(pattern, request));
  // as the agent of the report's own host (its agent key)
  const post = (body: unknown) =>
    fetch(`${inventory.httpUrl}/reports`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...agentAuth((body as { host?: { hostname?: string } }).host?.hostname || 'unnamed-host'),
      },
      body: JSON.stringify(body),
    });
  const snapshot = async () =>
    db.dataSource.query(
      `SELECT (SELECT json_agg(h ORDER BY id) FROM jdk_hosts h) AS hosts,
              (SELECT json_agg(i ORDER BY id) FROM jdk_installations i) AS installations,
              (SELECT json_agg(j ORDER BY id) FROM jdk_jvms j) AS jvms,
              (SELECT json_agg(o ORDER BY host_id, week_start) FROM jdk_observations o) AS observations,
              (SELECT count(*) FROM jdk_reports) AS reports`,
    );

  beforeAll(async () => {
    db = await openIsolatedDb('postgres', { prefix: 'jdkinv' });
    inventory = await startInventory({
      PLATFORM_DB_URL: db.url,
      KAFKA_BROKERS: stackEnv().kafkaBrokers.join(','),
      REPORTS_TOPIC: topic,
      REPORTS_GROUP_ID: uniqueName('jdk-inventory-test'),
    });
    rpc = serviceRpcClient('jdk-inventory', inventory.rpcPort);
    await rpc.connect();
    kafka = createKafka({ clientId: 'jdk-inventory-test', brokers: stackEnv().kafkaBrokers });
    producer = createProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await rpc?.close();
    await inventory?.app.close();
    const admin = kafka?.admin();
    if (admin) {
      await admin.connect();
      await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
      await admin.disconnect();
    }
    await db?.drop();
  });

  describe('ingest over HTTP', () => {
    it('stores a report (202) and the same report twice changes nothing', async () => {
      const report = reportOf({
        hostname: 'http-1',
        labels: { team: 'http' },
        jdks: [{ distribution: 'temurin', version: '17.0.16', jvms: [{ options: ['-Xmx1g'] }] }],
      });
      const first = await post(report);
      expect(first.status).toBe(202);
      expect(await first.json()).toEqual({ reportId: report.reportId, status: 'stored' });
      const before = await snapshot();
      const again = await post(report);
      expect(again.status).toBe(202);
      expect(await again.json()).toEqual({ reportId: report.reportId, status: 'duplicate' });
      expect(await snapshot()).toEqual(before);
    });

    it("echoes the agent's x-request-id, or a generated one, though the route runs without the request logger", async () => {
      const report = reportOf({ hostname: 'http-echo', jdks: [] });
      const sent = await fetch(`${inventory.httpUrl}/reports`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-request-id': report.reportId,
          ...agentAuth('http-echo'),
        },
        body: JSON.stringify(report),
      });
      expect(sent.status).toBe(202);
      expect(sent.headers.get('x-request-id')).toBe(report.reportId);
      const refused = await post({ ...report, host: { ...report.host, hostname: '' } });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('refuses a bad report with 400 naming the field', async () => {
      const report = reportOf({ hostname: 'http-2', jdks: [] });
      const response = await post({ ...report, host: { ...report.host, hostname: '' } });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: string; issues: { field: string }[] };
      expect(body.error).toBe('invalid report');
      expect(body.issues.map((i) => i.field)).toEqual(['host.hostname']);
    });

    it('accepts a report with 10,000 installations', async () => {
      const report = reportOf({
        hostname: 'http-big',
        labels: { team: 'big' },
        jdks: Array.from({ length: 10_000 }, (_, n) => ({
          distribution: 'temurin',
          version: '21.0.8',
          path: `/images/layer-${n}/opt/java/openjdk-with-a-realistically-long-path`,
        })),
      });
      const response = await post(report);
      expect(response.status).toBe(202);
      const [row] = await db.dataSource.query(
        "SELECT installation_count FROM jdk_hosts WHERE hostname = 'http-big'",
      );
      expect(row.installation_count).toBe(10_000);
    });

    it('an older report arriving late does not overwrite the newer state, but records its week', async () => {
      const newer = reportOf({
        hostname: 'late-1',
        labels: { team: 'late' },
        jdks: [{ distribution: 'temurin', version: '21.0.8' }],
        scannedAt: now,
      });
      const older = reportOf({
        hostname: 'late-1',
        labels: { team: 'late' },
        jdks: [{ distribution: 'oracle', version: '8.0.291' }],
        scannedAt: new Date(now.getTime() - 8 * DAY),
      });
      expect((await post(newer)).status).toBe(202);
      expect((await post(older)).status).toBe(202);
      const rows = await db.dataSource.query(
        "SELECT i.distribution FROM jdk_installations i JOIN jdk_hosts h ON h.id = i.host_id WHERE h.hostname = 'late-1'",
      );
      expect(rows).toEqual([{ distribution: 'temurin' }]);
      const weeks = await db.dataSource.query(
        "SELECT count(*)::int AS n FROM jdk_observations o JOIN jdk_hosts h ON h.id = o.host_id WHERE h.hostname = 'late-1'",
      );
      expect(weeks[0].n).toBe(2);
    });
  });

  describe('ingest over Kafka', () => {
    it('stores valid reports and sends a bad message to the DLQ with the reason', async () => {
      const good = reportOf({
        hostname: 'kafka-1',
        labels: { team: 'kafka' },
        jdks: [{ distribution: 'corretto', version: '17.0.15' }],
      });
      const bad = reportOf({ hostname: 'kafka-2', jdks: [] }) as unknown as Record<string, unknown>;
      delete bad['reportId'];
      await producer.send({
        topic,
        messages: [
          { key: 'kafka-1', value: JSON.stringify(good), headers: { 'keel-agent-key': agentKey('kafka-1') } },
          { key: 'kafka-2', value: JSON.stringify(bad), headers: { 'keel-agent-key': agentKey('kafka-2') } },
          { key: 'kafka-3', value: 'not json', headers: { 'keel-agent-key': agentKey('kafka-3') } },
          { key: 'kafka-1', value: JSON.stringify(good), headers: { 'keel-agent-key': agentKey('kafka-1') } },
        ],
      });
      await eventually(
        async () =>
          Number(
            (
              await db.dataSource.query("SELECT count(*)::int AS n FROM jdk_hosts WHERE hostname = 'kafka-1'")
            )[0].n,
          ) === 1,
        { what: 'kafka-1 stored', timeoutMs: 30_000 },
      );

      const letters: { key: string; reason: string; field: string }[] = [];
      const consumer = kafka.consumer({ groupId: uniqueName('jdk-dlq-reader') });
      await consumer.connect();
      await consumer.subscribe({ topic: `${topic}.dlq`, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          letters.push({
            key: message.key?.toString() ?? '',
            reason: message.headers?.['keel-dlq-reason']?.toString() ?? '',
            field: message.headers?.['keel-dlq-field']?.toString() ?? '',
          });
        },
      });
      try {
        await eventually(async () => letters.length >= 2, { what: 'two dead letters', timeoutMs: 30_000 });
      } finally {
        await consumer.disconnect();
      }
      expect(letters).toEqual([
        { key: 'kafka-2', reason: expect.stringContaining('"reportId" Required'), field: 'reportId' },
        { key: 'kafka-3', reason: expect.stringContaining('not valid JSON'), field: '(json)' },
      ]);
      // the duplicate in the same round changed nothing: one report row
      const reports = await db.dataSource.query(
        'SELECT count(*)::int AS n FROM jdk_reports WHERE report_id = $1',
        [good.reportId],
      );
      expect(reports[0].n).toBe(1);
    });
  });

  describe('analyses on a seeded fleet (team "known"), over RPC', () => {
    const scope = { team: 'known' };
    const known = (hostname: string, jdks: Parameters<typeof reportOf>[0]['jdks'], scannedAt = now) =>
      reportOf({ hostname, labels: { team: 'known', environment: 'prod' }, jdks, scannedAt });

    beforeAll(async () => {
      const ingest = inventory.app.get(ReportIngestService);
      await ingest.ingest(
        [
          known('otn-1', [{ distribution: 'oracle', version: '8.0.211' }]),
          known('otn-2', [
            { distribution: 'oracle', version: '8.0.291' },
            { distribution: 'temurin', version: '17.0.16' },
          ]),
          known('bcl-1', [{ distribution: 'oracle', version: '8.0.202' }]),
          known('bcl-2', [{ distribution: 'oracle', version: '8.0.202' }]),
          known('nftc-late', [{ distribution: 'oracle', version: '17.0.14' }]),
          known('eol-1', [{ distribution: 'redhat', version: '11.0.22' }]),
          known('legacy', [
            {
              distribution: 'corretto',
              version: '8.0.452',
              jvms: [
                { options: ['-Xmx1g', '-XX:MaxPermSize=256m'], mainClass: 'com.example.Billing' },
                { options: ['-XX:+UseConcMarkSweepGC'], mainClass: 'com.example.Batch' },
              ],
            },
          ]),
          known('modern', [{ distribution: 'temurin', version: '21.0.13', jvms: [{ options: ['-Xmx2g'] }] }]),
          known('gone', [{ distribution: 'oracle', version: '8.0.291' }], new Date(now.getTime() - 30 * DAY)),
          known(
            'last-week',
            [{ distribution: 'zulu', version: '11.0.27' }],
            new Date(now.getTime() - 7 * DAY),
          ),
        ].map((report) => ({ report, source: 'http' as const })),
      );
      await inventory.app.get(InventoryMaintenanceService).sweep();
    });

    it('hosts that stopped reporting age out: stale, and left out of summaries', async () => {
      const summary = await ask<JdkSummaryReply>(JDK_PATTERNS.summary, { scope });
      expect(summary).toMatchObject({ hosts: 9, staleHosts: 1, installations: 10 });
      // scoped by labels, the same answer comes from the live rows instead of the per-team roll-ups
      const byLabel = await ask<JdkSummaryReply>(JDK_PATTERNS.summary, {
        scope: { labels: { environment: 'prod' } },
      });
      expect(byLabel).toMatchObject({ hosts: 9, staleHosts: 1, installations: 10 });
      const all = await ask<JdkHostsReply>(JDK_PATTERNS.hosts, {
        filter: { team: 'known', hostnamePrefix: 'gone', includeStale: true },
      });
      expect(all.items.map((h) => [h.hostname, h.stale])).toEqual([['gone', true]]);
    });

    it('licence risk: Oracle 8u211+ (OTN) and Oracle 17 after its NFTC window; not 8u202 (BCL)', async () => {
      const reply = await ask<JdkLicenceRiskReply>(JDK_PATTERNS.licenceRisk, { scope });
      expect(reply.installations.items.map((i) => [i.hostname, i.version, i.terms]).sort()).toEqual([
        ['nftc-late', '17.0.14', 'OTN'],
        ['otn-1', '8.0.211', 'OTN'],
        ['otn-2', '8.0.291', 'OTN'],
      ]);
      expect(reply.totals).toEqual(
        expect.arrayContaining([
          { risk: 'paid-licence-required', terms: 'OTN', distribution: 'oracle', installations: 3, hosts: 3 },
          { risk: 'free-with-conditions', terms: 'BCL', distribution: 'oracle', installations: 2, hosts: 2 },
        ]),
      );
    });

    it('EOL and behind-baseline exposure', async () => {
      const reply = await ask<JdkExposureReply>(JDK_PATTERNS.exposure, { scope });
      expect(reply.endOfLife).toContainEqual({
        distribution: 'redhat',
        feature: 11,
        eolDate: '2024-10-31',
        installations: 1,
        hosts: 1,
      });
      expect(reply.totals.installations).toBe(10);
      // 21.0.13 (the October 2026 CPU) is the 21 security baseline the data knows: not below it
      expect(reply.behindBaseline.find((b) => b.feature === 21)).toBeUndefined();
    });

    it('the migration backlog to 17 names the host and why: -XX:MaxPermSize and CMS', async () => {
      const reply = await ask<JdkMigrationBacklogReply>(JDK_PATTERNS.migrationBacklog, { target: 17, scope });
      expect(reply.blockedHosts).toBe(1);
      const [legacy] = reply.hosts.items;
      expect(legacy?.hostname).toBe('legacy');
      expect(legacy?.reasons.map((r) => [r.ruleId, r.found, r.mainClass])).toEqual(
        expect.arrayContaining([
          ['permgen-removed', '-XX:MaxPermSize=256m', 'com.example.Billing'],
          ['cms-expired', '-XX:+UseConcMarkSweepGC', 'com.example.Batch'],
        ]),
      );
      expect(reply.byRule.map((r) => r.ruleId)).toEqual(
        expect.arrayContaining(['permgen-removed', 'cms-expired']),
      );
      const to11 = await ask<JdkMigrationBacklogReply>(JDK_PATTERNS.migrationBacklog, { target: 11, scope });
      expect(to11.blockedHosts).toBe(0);
    });

    it('the most used Java 8 update, and the mix by vendor', async () => {
      const top = await ask<JdkTopUpdatesReply>(JDK_PATTERNS.topUpdates, { scope, features: [8] });
      expect(top.rows).toEqual([
        {
          feature: 8,
          version: '8.0.202',
          update: 202,
          installations: 2,
          hosts: 2,
          share: 0.4,
          trainInstallations: 5,
        },
      ]);
      const mix = await ask<JdkMixReply>(JDK_PATTERNS.mix, { scope, groupBy: ['vendor'] });
      expect(mix.rows[0]).toEqual({ vendor: 'Oracle JDK', installations: 5, hosts: 5 });
      expect(mix.totalInstallations).toBe(10);
    });

    it('hosts by vendor and version, in pages with an opaque cursor', async () => {
      const first = await ask<JdkHostsReply>(JDK_PATTERNS.hosts, {
        filter: { team: 'known', vendor: 'oracle' },
        first: 2,
      });
      expect(first.totalCount).toBe(5);
      expect(first.hasNextPage).toBe(true);
      const names = first.items.map((h) => h.hostname);
      let after = first.endCursor;
      while (after) {
        const page = await ask<JdkHostsReply>(JDK_PATTERNS.hosts, {
          filter: { team: 'known', vendor: 'oracle' },
          first: 2,
          after,
        });
        names.push(...page.items.map((h) => h.hostname));
        after = page.hasNextPage ? page.endCursor : null;
      }
      expect(names.sort()).toEqual(['bcl-1', 'bcl-2', 'nftc-late', 'otn-1', 'otn-2']);
      const by8u202 = await ask<JdkHostsReply>(JDK_PATTERNS.hosts, {
        filter: { team: 'known', version: '8u202' },
      });
      expect(by8u202.items.map((h) => h.hostname).sort()).toEqual(['bcl-1', 'bcl-2']);
      const risky = await ask<JdkHostsReply>(JDK_PATTERNS.hosts, {
        filter: { team: 'known', risk: ['migration-blocked'], migrationTarget: 17 },
      });
      expect(risky.items.map((h) => h.hostname)).toEqual(['legacy']);
    });

    it('installations and JVMs of many hosts in one request', async () => {
      const page = await ask<JdkHostsReply>(JDK_PATTERNS.hosts, {
        filter: { team: 'known', hostnamePrefix: 'otn-' },
      });
      const ids = [...page.items.map((h) => h.id), '999999999'];
      const reply = await ask<JdkInstallationsByHostIdsReply>(JDK_PATTERNS.installationsByHostIds, {
        hostIds: ids,
      });
      expect(Object.keys(reply.installationsByHostId).sort()).toEqual([...ids].sort());
      expect(reply.installationsByHostId['999999999']).toEqual([]);
      const versions = ids
        .flatMap((id) => (reply.installationsByHostId[id] ?? []).map((i) => i.version))
        .sort();
      expect(versions).toEqual(['17.0.16', '8.0.211', '8.0.291']);
      const legacy = await ask<JdkHostsReply>(JDK_PATTERNS.hosts, {
        filter: { team: 'known', hostnamePrefix: 'legacy' },
      });
      const legacyId = legacy.items[0]?.id as string;
      const jvms = await ask<JdkJvmsByHostIdsReply>(JDK_PATTERNS.jvmsByHostIds, { hostIds: [legacyId] });
      expect(jvms.jvmsByHostId[legacyId]?.map((j) => j.mainClass).sort()).toEqual([
        'com.example.Batch',
        'com.example.Billing',
      ]);
    });

    it('weekly trend by vendor', async () => {
      const reply = await ask<JdkTrendsReply>(JDK_PATTERNS.trends, { scope, groupBy: 'vendor', weeks: 6 });
      expect(reply.weeks).toHaveLength(6);
      const thisWeek = reply.weeks[5];
      const lastWeek = reply.weeks[4];
      const at = (week: string | undefined, key: string) =>
        reply.points.find((p) => p.weekStart === week && p.key === key);
      expect(at(thisWeek, 'oracle')).toMatchObject({ hosts: 5, installations: 5 });
      expect(at(lastWeek, 'zulu')).toMatchObject({ hosts: 1, installations: 1 });
    });

    it('a bad request fails with the field named', async () => {
      // one RpcError for every app: { code, message, field }
      await expect(ask(JDK_PATTERNS.migrationBacklog, { target: 12 })).rejects.toEqual({
        code: 'BAD_USER_INPUT',
        field: 'target',
        message: expect.stringContaining('11, 17, 21, 25'),
      });
      await expect(ask(JDK_PATTERNS.hosts, { after: 'garbage' })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'after',
      });
    });

    it('recompute restores a derived column and changes nothing else', async () => {
      const maintenance = inventory.app.get(InventoryMaintenanceService);
      await maintenance.recompute();
      await db.dataSource.query(
        "UPDATE jdk_installations SET licence_risk = 'free' WHERE version_full = '8.0.211' AND team = 'known'",
      );
      const result = await maintenance.recompute();
      expect(result.installationsChanged).toBe(1);
      const reply = await ask<JdkLicenceRiskReply>(JDK_PATTERNS.licenceRisk, { scope });
      expect(reply.installations.totalCount).toBe(3);
    });

    it('the CLI prints the analyses as JSON', () => {
      const cli = path.join(workspaceRoot, 'dist/apps/jdk-inventory/cli.js');
      if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npx nx build jdk-inventory" first`);
      const run = spawnSync(
        process.execPath,
        [cli, 'report', 'summary', 'backlog', '--target', '17', '--team', 'known', '--json'],
        {
          env: { ...process.env, PLATFORM_DB_URL: db.url },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const out = JSON.parse(run.stdout) as { summary: JdkSummaryReply; backlog: JdkMigrationBacklogReply[] };
      expect(out.summary.hosts).toBe(9);
      expect(out.backlog[0]?.hosts.items[0]?.hostname).toBe('legacy');
    });
  });
});
