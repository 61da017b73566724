import { ShopCatalog, catalogEntities, runCatalogMigrations, seedCatalog } from '@keel/catalog';
import { createElasticsearchClient, indicesOfFamily } from '@keel/es-alias';
import type { FleetReport } from '@keel/jdk-detect';
import { ProductChangePublisher, createKafka } from '@keel/kafka-bus';
import {
  SERVICE_APPS,
  agentAuth,
  createApiToken,
  eventually,
  launchBuiltApp,
  openIsolatedDb,
  portsFor,
  serviceAuth,
  stackEnv,
  stopProcess,
  uniqueName,
  untilAnswering,
  type BuiltApp,
  type IsolatedDb,
} from '@keel/test-harness';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// End to end over HTTP: the gateway and the apps it asks, each started from its Nx build output
// against the real stack (isolated PostgreSQL schema and MariaDB database, unique alias, topics,
// elections), seeded through the apps' own ways in (recovery over the gateway, POST /reports to
// jdk-inventory, build discovery in jmh-runner).
const stack = stackEnv();
const APPS = SERVICE_APPS;
type App = (typeof APPS)[number];

type Running = BuiltApp;

const launch = (app: App, port: number, rpcPort: number, env: Record<string, string>): Running =>
  launchBuiltApp(app, port, rpcPort, env);
const stop = stopProcess;

interface GraphQLAnswer<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
}

/**
 * A small fleet report: one host, a Temurin 17 and an Oracle 8u381 (paid licence), one JVM on the 8 (with
 * -XX:+UnlockCommercialFeatures, a licence signal of its own).
 */
function fleetReport(hostname: string, team: string): FleetReport {
  const detection = (vendor: string, distribution: string, feature: number, update: number) => ({
    vendor,
    distribution,
    version: {
      feature,
      interim: 0,
      update,
      patch: 0,
      build: null,
      full: `${feature}.0.${update}`,
    },
    imageType: 'jdk' as const,
    bits: 64 as const,
    os: 'linux',
    arch: 'x86_64',
    vm: 'HotSpot',
    confidence: 'high' as const,
    unknown: [],
  });
  return {
    schemaVersion: 1,
    reportId: randomUUID(),
    scannedAt: new Date().toISOString(),
    agent: { name: 'gateway-test', version: '1.0.0' },
    host: {
      hostname,
      machineId: null,
      os: 'linux',
      osVersion: '6.1',
      arch: 'x86_64',
      labels: { team, environment: 'test' },
    },
    installations: [
      {
        path: '/usr/lib/jvm/temurin-17',
        location: { kind: 'host' },
        foundBy: ['jvm_dir'],
        evidence: 'release-file',
        detection: detection('Eclipse Temurin', 'temurin', 17, 12),
      },
      {
        path: '/opt/oracle/jdk1.8.0_381',
        location: { kind: 'host' },
        foundBy: ['install_root'],
        evidence: 'show-settings',
        detection: detection('Oracle JDK', 'oracle', 8, 381),
      },
    ],
    jvms: [
      {
        pid: 4242,
        location: { kind: 'host' },
        executable: '/opt/oracle/jdk1.8.0_381/bin/java',
        installationPath: '/opt/oracle/jdk1.8.0_381',
        jvmOptions: ['-Xmx1g', '-XX:+UseConcMarkSweepGC', '-XX:+UnlockCommercialFeatures'],
        mainClass: 'com.example.Main',
        user: 'app',
      },
    ],
    problems: [],
  };
}

describe('gateway end to end', () => {
  let shop: IsolatedDb;
  let platform: IsolatedDb;
  let workDir: string;
  const alias = uniqueName('gw-products');
  const topic = uniqueName('gw-product-changed');
  const groupId = uniqueName('gw-stream');
  const apps = {} as Record<App, Running>;
  const tokens = { viewer: '', operator: '' };
  const es = createElasticsearchClient(stack.elasticsearchUrl);

  const url = (app: App, route: string) => `http://127.0.0.1:${apps[app].port}${route}`;

  async function gql<T = Record<string, unknown>>(
    query: string,
    options: { token?: string | null; variables?: Record<string, unknown> } = {},
  ): Promise<GraphQLAnswer<T>> {
    const token = options.token === undefined ? tokens.viewer : options.token;
    const response = await fetch(url('gateway', '/graphql'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables: options.variables }),
    });
    return { status: response.status, ...((await response.json()) as Omit<GraphQLAnswer<T>, 'status'>) };
  }

  /** Data of a query that must succeed; fails with the errors otherwise. */
  async function data<T = Record<string, unknown>>(
    query: string,
    options: { token?: string; variables?: Record<string, unknown> } = {},
  ): Promise<T> {
    const answer = await gql<T>(query, options);
    if (answer.errors?.length || answer.status !== 200) {
      throw new Error(`HTTP ${answer.status}: ${JSON.stringify(answer.errors)}`);
    }
    return answer.data as T;
  }

  async function platformStatements(): Promise<number> {
    const text = await (await fetch(url('jdk-inventory', '/metrics'))).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('keel_db_queries_total{') && l.includes('role="platform"'));
    return Number(line?.slice(line.lastIndexOf(' ') + 1) ?? 0);
  }

  beforeAll(async () => {
    [shop, platform] = await Promise.all([
      openIsolatedDb('mysql', { entities: catalogEntities, prefix: 'gateway' }),
      openIsolatedDb('postgres', { prefix: 'gateway' }),
    ]);
    await runCatalogMigrations(shop.dataSource);
    await seedCatalog(shop.dataSource, { products: 300, seed: 8 });
    workDir = mkdtempSync(path.join(tmpdir(), 'gateway-e2e-'));

    const ports = await portsFor(APPS);
    const rpcUrl = (app: App) => `tcp://127.0.0.1:${ports[app][1]}`;
    const common = { PLATFORM_DB_URL: platform.url, SHOP_DB_URL: shop.url };
    const env: Record<App, Record<string, string>> = {
      'indexer-recovery': {
        ...common,
        PRODUCTS_ALIAS: alias,
        RECOVERY_BATCH_SIZE: '100',
        RECOVERY_SAMPLE_RANGES: '2',
        RECOVERY_SAMPLE_SIZE: '50',
      },
      'indexer-batch': {
        ...common,
        PRODUCTS_WRITE_ALIAS: `${alias}-write`,
        BATCH_ELECTION: uniqueName('gw-batch'),
        BATCH_INTERVAL_MS: '3600000',
        // the probe would add a canary to the shop DB and publish on the shared default topic
        FRESHNESS_ENABLED: 'false',
      },
      'indexer-stream': {
        ...common,
        PRODUCTS_WRITE_ALIAS: `${alias}-write`,
        STREAM_TOPIC: topic,
        STREAM_GROUP_ID: groupId,
        STREAM_TOPIC_PARTITIONS: '3',
      },
      supervisor: {
        ...common,
        SUPERVISOR_ELECTION: uniqueName('gw-supervisor'),
        SUPERVISOR_JOB_NAME: uniqueName('gw-supervisor'),
        // watched, never restarted within the test (grace of 10 minutes)
        SUPERVISOR_JOBS: JSON.stringify([
          { name: 'indexer-batch', minInstances: 1, restartCommand: ['true'], graceMs: 600_000 },
        ]),
      },
      'jdk-inventory': {
        ...common,
        REPORTS_TOPIC: uniqueName('gw-jdk-reports'),
        REPORTS_GROUP_ID: uniqueName('gw-jdk'),
        REPORTS_CONSUMER: 'false',
        SWEEP_ENABLED: 'false',
        // summaries read roll-ups; rebuilt at every read here, so they include the reports just sent
        ROLLUP_MAX_AGE_S: '0',
      },
      'jmh-runner': {
        ...common,
        // the worker runs what is queued: a tiny profile (one benchmark, 2 forks of 2 x 100 ms), also for
        // the runs discovery queues, so the comparison below has real results to judge
        RUN_WORKER: 'true',
        RUN_POLL_MS: '250',
        DISCOVER_EVERY_H: '0',
        JMH_WORK_DIR: workDir,
        JDK_DIRS: '/usr/lib/jvm',
        JMH_DISCOVERY_PROFILE: 'tiny',
        JMH_PROFILES: JSON.stringify({
          tiny: {
            forks: 2,
            warmupIterations: 1,
            warmupTime: '100ms',
            measurementIterations: 2,
            measurementTime: '100ms',
            include: '^dev\\.keel\\.jmh\\.StringBenchmark\\.concat$',
            iterationTimeout: '10s',
            timeoutFactor: 4,
            minTimeoutS: 60,
            jvmArgs: [],
          },
        }),
      },
      gateway: {
        ...common,
        PRODUCTS_ALIAS: alias,
        PRODUCTS_READ_ALIAS: alias,
        STREAM_TOPIC: topic,
        STREAM_GROUP_ID: groupId,
        INDEXER_RECOVERY_RPC_URL: rpcUrl('indexer-recovery'),
        INDEXER_BATCH_RPC_URL: rpcUrl('indexer-batch'),
        INDEXER_STREAM_RPC_URL: rpcUrl('indexer-stream'),
        SUPERVISOR_RPC_URL: rpcUrl('supervisor'),
        JDK_INVENTORY_RPC_URL: rpcUrl('jdk-inventory'),
        JMH_RUNNER_RPC_URL: rpcUrl('jmh-runner'),
        GRAPHQL_MAX_DEPTH: '8',
        GRAPHQL_MAX_COMPLEXITY: '20000',
      },
    };
    for (const app of APPS) apps[app] = launch(app, ports[app][0], ports[app][1], env[app]);
    await untilAnswering(apps, '/health', { timeoutMs: 90_000 });
    tokens.viewer = createApiToken(platform.url, 'e2e-viewer', 'viewer');
    tokens.operator = createApiToken(platform.url, 'e2e-operator', 'operator');
  }, 150_000);

  afterAll(async () => {
    await Promise.all(Object.values(apps).map((running) => stop(running.child)));
    // the apps' own logs (warnings and errors), for when a test fails
    for (const [app, running] of Object.entries(apps)) {
      writeFileSync(path.join(tmpdir(), `keel-gateway-e2e-${app}.log`), running.output());
    }
    const indices = await indicesOfFamily(es, alias).catch(() => []);
    if (indices.length > 0) await es.indices.delete({ index: indices.join(',') });
    const kafka = createKafka({ clientId: 'gateway-test', brokers: stack.kafkaBrokers });
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
    await admin.disconnect();
    await es.close();
    await shop?.drop();
    await platform?.drop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  describe('security', () => {
    it('answers 401 without a token or with an unknown one, before running anything; health stays open', async () => {
      const none = await gql('{ recoveryRuns { id } }', { token: null });
      expect(none.status).toBe(401);
      expect(none.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const unknown = await gql('{ recoveryRuns { id } }', { token: 'keel_not-a-real-token' });
      expect(unknown.status).toBe(401);
      expect((await fetch(url('gateway', '/health'))).status).toBe(200);
    });

    it('answers 403 FORBIDDEN to a viewer calling a mutation, and runs nothing', async () => {
      const answer = await gql('mutation { startRecovery { accepted } }');
      expect(answer.status).toBe(403);
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await data('{ recoveryRuns { edges { node { id } } } }')).toEqual({
        recoveryRuns: { edges: [] },
      });
    });

    it('refuses a too-deep and a too-complex query with 400 and a stable code, and shows no stack', async () => {
      const deep = await gql(
        '{ jdkHosts { edges { node { installations { host { installations { host { installations { id } } } } } } } } }',
      );
      expect(deep.status).toBe(400);
      expect(deep.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_DEEP' });
      const complex = await gql(
        '{ jdkHosts(first: 500) { edges { node { installations { host { installations { id } } } } } } }',
      );
      expect(complex.status).toBe(400);
      expect(complex.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
      expect(complex.errors?.[0]?.message).toMatch(/above the limit of 20000/);
      // standard GraphQL codes for a query that does not validate or parse
      const invalid = await gql('{ jdkHosts { items { hostname } } }');
      expect(invalid.status).toBe(400);
      expect(invalid.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
      const unparsable = await gql('{ jdkHosts {');
      expect(unparsable.status).toBe(400);
      expect(unparsable.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    });
  });

  describe('indexing', () => {
    let firstIndex = '';
    let secondIndex = '';

    const succeededRuns = async () =>
      (
        await data<{
          recoveryRuns: {
            edges: { node: { id: string; index: string; status: string; progress: number } }[];
          };
        }>(
          `query($alias: String) { recoveryRuns(alias: $alias) { edges { node { id index status progress rangesDone rangesTotal } } } }`,
          { variables: { alias } },
        )
      ).recoveryRuns.edges
        .map((e) => e.node)
        .filter((run) => run.status === 'succeeded');

    it('starts a rebuild (operator), shows its progress, then the live index with its document count', async () => {
      const started = await data<{ startRecovery: { accepted: boolean; alias: string } }>(
        'mutation { startRecovery { accepted alias resumingRunId } }',
        { token: tokens.operator },
      );
      expect(started.startRecovery).toEqual({ accepted: true, alias, resumingRunId: null });
      const [run] = await eventually(
        async () => {
          const runs = await succeededRuns();
          return runs.length === 1 ? runs : undefined;
        },
        { what: 'first rebuild', timeoutMs: 60_000, intervalMs: 250 },
      );
      expect(run.progress).toBe(1);
      firstIndex = run.index;

      const { aliases } = await data<{
        aliases: {
          readIndices: string[];
          writeIndices: string[];
          indices: { name: string; docs: number; live: boolean }[];
        };
      }>(
        'query($alias: String) { aliases(alias: $alias) { readIndices writeIndices indices { name docs live } } }',
        {
          variables: { alias },
        },
      );
      const searchable = await new ShopCatalog(shop.dataSource).countSearchableProducts();
      expect(aliases.readIndices).toEqual([firstIndex]);
      expect(aliases.writeIndices).toEqual([firstIndex]);
      expect(aliases.indices).toEqual([{ name: firstIndex, docs: searchable, live: true }]);
    });

    it('verifies an id range against the DB (an operator mutation)', async () => {
      const { verifyRange } = await data<{
        verifyRange: { clean: boolean; checked: number; missing: number };
      }>('mutation { verifyRange(from: 1, to: 150) { clean checked missing extra stale from to } }', {
        token: tokens.operator,
      });
      expect(verifyRange).toMatchObject({ clean: true, missing: 0, from: 1, to: 150 });
      expect(verifyRange.checked).toBeGreaterThan(0);
    });

    it('starts over, rolls the alias back, swaps it forward again, and refuses an unknown index', async () => {
      // the first run is recorded as succeeded a moment before its process lets go of it (CONFLICT)
      await eventually(
        async () => {
          const answer = await gql('mutation { startRecovery(resume: false) { accepted } }', {
            token: tokens.operator,
          });
          if (answer.errors?.[0]?.extensions?.code === 'CONFLICT') return undefined;
          if (answer.errors?.length) throw new Error(JSON.stringify(answer.errors));
          return answer.data;
        },
        { what: 'second rebuild accepted' },
      );
      const runs = await eventually(
        async () => {
          const done = await succeededRuns();
          return done.length === 2 ? done : undefined;
        },
        { what: 'second rebuild', timeoutMs: 60_000, intervalMs: 250 },
      );
      secondIndex = runs[0].index;
      expect(secondIndex).not.toBe(firstIndex);

      const back = await data<{ rollbackAlias: { index: string; previous: string[] } }>(
        'mutation { rollbackAlias { index previous } }',
        { token: tokens.operator },
      );
      expect(back.rollbackAlias).toEqual({ index: firstIndex, previous: [secondIndex] });
      const forward = await data<{ swapAlias: { index: string } }>(
        'mutation($index: String!) { swapAlias(index: $index) { index readAlias } }',
        { token: tokens.operator, variables: { index: secondIndex } },
      );
      expect(forward.swapAlias.index).toBe(secondIndex);
      const unknown = await gql('mutation { swapAlias(index: "no-such-index") { index } }', {
        token: tokens.operator,
      });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('runs batch windows now (operator) and pages the history with a cursor', async () => {
      const now = Date.now();
      const windows = [
        [now - 3_600_000, now - 1_800_000],
        [now - 1_800_000, now - 60_000],
      ].map(([from, to]) => ({ from: new Date(from).toISOString(), to: new Date(to).toISOString() }));
      const manualWindows = async () =>
        (
          await data<{
            batchHistory: { edges: { node: { kind: string; status: string; error: string | null } }[] };
          }>('{ batchHistory(first: 50) { edges { node { id kind status idsSeen error } } } }')
        ).batchHistory.edges
          .map((e) => e.node)
          .filter((w) => w.kind === 'manual' && w.status !== 'running');
      for (const [i, window] of windows.entries()) {
        const started = await data<{ runBatchWindow: { accepted: boolean; window: { from: string } } }>(
          'mutation($from: DateTime, $to: DateTime) { runBatchWindow(from: $from, to: $to) { accepted writeAlias window { from to } } }',
          { token: tokens.operator, variables: window },
        );
        expect(started.runBatchWindow).toMatchObject({ accepted: true, window: { from: window.from } });
        await eventually(async () => (await manualWindows()).length === i + 1, { what: `window ${i + 1}` });
      }
      expect((await manualWindows()).map((w) => [w.status, w.error])).toEqual([
        ['succeeded', null],
        ['succeeded', null],
      ]);

      type Page = {
        batchHistory: {
          edges: { cursor: string; node: { id: string } }[];
          pageInfo: { endCursor: string; hasNextPage: boolean };
        };
      };
      const page = `query($after: String) { batchHistory(first: 1, after: $after) { edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }`;
      const first = await data<Page>(page);
      expect(first.batchHistory.pageInfo.hasNextPage).toBe(true);
      expect(first.batchHistory.edges[0].cursor).toBe(first.batchHistory.pageInfo.endCursor);
      const second = await data<Page>(page, { variables: { after: first.batchHistory.pageInfo.endCursor } });
      expect(Number(second.batchHistory.edges[0].node.id)).toBeLessThan(
        Number(first.batchHistory.edges[0].node.id),
      );
      const forged = await gql('{ batchHistory(after: "bm9wZQ") { edges { node { id } } } }');
      expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('shows the stream lag per partition and the stream instance', async () => {
      const publisher = new ProductChangePublisher(
        createKafka({ clientId: 'gateway-test', brokers: stack.kafkaBrokers }),
        topic,
      );
      await publisher.connect();
      await publisher.publish([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      await publisher.disconnect();
      const lag = await eventually(
        async () => {
          const { streamLag } = await data<{
            streamLag: {
              totalLag: number;
              partitions: { partition: number; highWatermark: string; lag: number }[];
            };
          }>(
            '{ streamLag { topic groupId totalLag partitions { partition highWatermark committedOffset lag } } }',
          );
          const written = streamLag.partitions.reduce((sum, p) => sum + Number(p.highWatermark), 0);
          return written >= 10 && streamLag.totalLag === 0 ? streamLag : undefined;
        },
        { what: 'stream caught up', timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(lag.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
      const { streamStatus } = await data<{ streamStatus: { topic: string; totals: { events: number } } }>(
        '{ streamStatus { topic groupId totals { events written } } }',
      );
      expect(streamStatus.topic).toBe(topic);
      expect(streamStatus.totals.events).toBeGreaterThanOrEqual(10);
    });

    it('lists live jobs from ZooKeeper with their restart history, and the supervisor', async () => {
      await platform.dataSource.query(
        `INSERT INTO supervisor_restarts (job, reason, command, leader_session) VALUES ($1, $2, $3, $4)`,
        ['indexer-batch', 'below 1 instance for 15 s', JSON.stringify(['true']), 'e2e'],
      );
      const { jobs } = await data<{
        jobs: {
          name: string;
          instances: { pid: number }[];
          restarts: { edges: { node: { reason: string } }[] };
        }[];
      }>(
        '{ jobs(names: ["indexer-recovery", "indexer-batch", "indexer-stream"]) { name instances { pid host health } restarts(first: 5) { edges { node { reason command startedAt } } } } }',
      );
      for (const job of jobs) {
        const app = job.name as App;
        expect(job.instances.map((i) => i.pid)).toContain(apps[app].child.pid);
      }
      expect(jobs.find((j) => j.name === 'indexer-batch')?.restarts.edges.map((e) => e.node)).toEqual([
        expect.objectContaining({ reason: 'below 1 instance for 15 s' }),
      ]);
      const { supervisor } = await eventually(
        async () => {
          const answer = await data<{
            supervisor: { isLeader: boolean; jobs: { name: string; live: number }[] };
          }>('{ supervisor { isLeader election jobs { name minInstances live } } }');
          return answer.supervisor.isLeader && answer.supervisor.jobs[0]?.live ? answer : undefined;
        },
        { what: 'supervisor leading' },
      );
      expect(supervisor.jobs[0]).toMatchObject({ name: 'indexer-batch' });
      expect(supervisor.jobs[0].live).toBeGreaterThanOrEqual(1);
    });
  });

  describe('jdk', () => {
    beforeAll(async () => {
      const reports = Array.from({ length: 100 }, (_, i) =>
        fleetReport(`gw-host-${String(i).padStart(3, '0')}`, i % 2 === 0 ? 'payments' : 'search'),
      );
      for (let i = 0; i < reports.length; i += 20) {
        await Promise.all(
          reports.slice(i, i + 20).map(async (report) => {
            const response = await fetch(url('jdk-inventory', '/reports'), {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...agentAuth(report.host.hostname) },
              body: JSON.stringify(report),
            });
            if (response.status !== 202)
              throw new Error(`POST /reports: ${response.status} ${await response.text()}`);
          }),
        );
      }
    });

    it('lists hosts by vendor, version, team and risk with cursor pages', async () => {
      type Hosts = {
        jdkHosts: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          edges: { cursor: string; node: { hostname: string; team: string } }[];
        };
      };
      const query = `query($filter: JdkHostFilterInput, $after: String) {
        jdkHosts(filter: $filter, first: 30, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { hostname team licenceRisk } } } }`;
      const team = await data<Hosts>(query, {
        variables: { filter: { team: 'payments', vendor: 'temurin' } },
      });
      expect(team.jdkHosts.totalCount).toBe(50);
      expect(new Set(team.jdkHosts.edges.map((e) => e.node.team))).toEqual(new Set(['payments']));
      expect(team.jdkHosts.edges[29].cursor).toBe(team.jdkHosts.pageInfo.endCursor);
      // any edge's cursor continues after that edge
      const fromMiddle = await data<Hosts>(query, {
        variables: { filter: { team: 'payments' }, after: team.jdkHosts.edges[9].cursor },
      });
      expect(fromMiddle.jdkHosts.edges[0].node.hostname).toBe(team.jdkHosts.edges[10].node.hostname);
      const next = await data<Hosts>(query, {
        variables: { filter: { team: 'payments' }, after: team.jdkHosts.pageInfo.endCursor },
      });
      expect(next.jdkHosts.edges).toHaveLength(20);
      expect(next.jdkHosts.edges[0].node.hostname > team.jdkHosts.edges[29].node.hostname).toBe(true);
      const risky = await data<Hosts>(query, {
        variables: { filter: { risk: ['licence'], version: '8.0.381' } },
      });
      expect(risky.jdkHosts.totalCount).toBe(100);
    });

    it('answers the summaries: mix, most used update per train, licence risk, EOL, migration backlog, trends', async () => {
      const answer = await data<Record<string, unknown>>(`{
        jdkSummary { hosts installations runningJvms licenceRiskInstallations }
        jdkMix(groupBy: ["vendor", "feature"]) { totalInstallations rows { vendor feature installations hosts } }
        jdkTopUpdates { feature version installations share }
        jdkLicenceRisk(first: 5) { totals { risk installations } installations { totalCount edges { node { hostname path } } } }
        jdkExposure { totals { installations endOfLifeInstallations behindBaselineInstallations } }
        jdkMigrationBacklog(target: 17, first: 5) { target blockedHosts byRule { ruleId hosts } hosts { totalCount } }
        jdkTrends(weeks: 2) { groupBy weeks points { weekStart key hosts } }
      }`);
      expect(answer['jdkSummary']).toMatchObject({ hosts: 100, installations: 200, runningJvms: 100 });
      expect(answer['jdkMix']).toMatchObject({ totalInstallations: 200 });
      expect(answer['jdkTopUpdates']).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ feature: 8, version: '8.0.381', installations: 100 }),
        ]),
      );
      expect(
        (answer['jdkLicenceRisk'] as { installations: { totalCount: number } }).installations.totalCount,
      ).toBe(100);
      expect(answer['jdkMigrationBacklog']).toMatchObject({ target: 17 });
      expect((answer['jdkTrends'] as { points: unknown[] }).points.length).toBeGreaterThan(0);
    });

    it("serves a JVM's licence signals (-XX:+UnlockCommercialFeatures on Oracle JDK 8)", async () => {
      const { jdkHosts } = await data<{
        jdkHosts: {
          edges: {
            node: {
              jvms: { pid: number; licenceSignals: { signalId: string; found: string; risk: string }[] }[];
            };
          }[];
        };
      }>(
        `{ jdkHosts(first: 1, filter: { version: "8.0.381" }) { edges { node {
            jvms { pid licenceSignals { signalId found risk reason source } } } } } }`,
      );
      expect(jdkHosts.edges[0]?.node.jvms).toEqual([
        {
          pid: 4242,
          licenceSignals: [
            expect.objectContaining({
              signalId: 'oracle-8-commercial-features',
              found: '-XX:+UnlockCommercialFeatures',
              risk: 'paid-licence-required',
            }),
          ],
        },
      ]);
    });

    it('a page of 100 hosts with their installations costs as many DB statements as a page of 10', async () => {
      const page = (first: number) =>
        `{ jdkHosts(first: ${first}) { edges { node { hostname installations { path version licence { risk } } } } } }`;
      const cost = async (first: number) => {
        const before = await platformStatements();
        const { jdkHosts } = await data<{ jdkHosts: { edges: { node: { installations: unknown[] } }[] } }>(
          page(first),
        );
        const after = await platformStatements();
        expect(jdkHosts.edges).toHaveLength(first);
        expect(jdkHosts.edges.every((e) => e.node.installations.length === 2)).toBe(true);
        return after - before;
      };
      const ten = await cost(10);
      const hundred = await cost(100);
      console.log(
        `jdk-inventory platform DB statements: 10 hosts ${ten}, 100 hosts ${hundred} (with installations)`,
      );
      expect(hundred).toBe(ten);
      expect(hundred).toBeLessThanOrEqual(5);
    });
  });

  describe('benchmarks', () => {
    it('lists discovered builds and their runs, runs them, and compares two runs with verdicts', async () => {
      const discovered = await fetch(url('jmh-runner', '/builds/discover'), {
        method: 'POST',
        headers: serviceAuth('jmh-runner'),
      });
      expect(discovered.ok).toBe(true);
      const { jmhBuilds } = await data<{
        jmhBuilds: { totalCount: number; edges: { node: { id: string; label: string; feature: number } }[] };
      }>('{ jmhBuilds(first: 10) { totalCount edges { node { id label vendor version feature } } } }');
      expect(jmhBuilds.totalCount).toBeGreaterThan(0);
      const builds = jmhBuilds.edges.map((e) => e.node);
      const build = builds.find((b) => b.feature === 17) ?? builds[0];
      const queue = async () => {
        const response = await fetch(url('jmh-runner', '/runs'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...serviceAuth('jmh-runner') },
          body: JSON.stringify({ build: build.id, profile: 'tiny' }),
        });
        expect(response.ok).toBe(true);
        return ((await response.json()) as { id: string }).id;
      };
      const [baseline, candidate] = [await queue(), await queue()];
      type Runs = {
        jmhRuns: {
          edges: {
            node: {
              id: string;
              status: string;
              resultCount: number;
              exitCode: number | null;
              error: string | null;
              build: { id: string };
            };
          }[];
        };
      };
      const runsQuery =
        'query($id: ID!) { jmhRuns(buildId: $id) { totalCount edges { node { id status resultCount exitCode error build { id label } } } } }';
      const runsOf = (page: Runs) => page.jmhRuns.edges.map((e) => e.node);
      const jmhRuns = runsOf(await data<Runs>(runsQuery, { variables: { id: build.id } }));
      // discovery queues a run of each new build as well
      expect(jmhRuns.map((r) => r.id)).toEqual(expect.arrayContaining([baseline, candidate]));
      expect(jmhRuns.every((r) => r.build.id === build.id)).toBe(true);
      const done = await eventually(
        async () => {
          const page = await data<Runs>(runsQuery, { variables: { id: build.id } });
          const ours = runsOf(page).filter((r) => r.id === baseline || r.id === candidate);
          const failed = ours.find((r) => r.status === 'failed');
          if (failed) throw new Error(`run ${failed.id} failed (exit ${failed.exitCode}): ${failed.error}`);
          return ours.length === 2 && ours.every((r) => r.status === 'done') ? ours : undefined;
        },
        { what: 'both tiny runs done', timeoutMs: 240_000, intervalMs: 1000 },
      );
      expect(done.every((r) => r.resultCount > 0)).toBe(true);
      const { jmhCompare } = await data<{
        jmhCompare: {
          id: string;
          sameVersion: boolean;
          baselineRun: { id: string };
          candidateBuild: { id: string };
          verdicts: { key: string; status: string; baseline: { forkValues: number[] } }[];
        };
      }>(
        `query($a: ID, $b: ID) { jmhCompare(baselineRunId: $a, candidateRunId: $b) {
          id sameVersion baselineRun { id } candidateBuild { id }
          verdicts { key status baseline { forkValues } } } }`,
        { variables: { a: baseline, b: candidate } },
      );
      expect(jmhCompare.sameVersion).toBe(true);
      expect(jmhCompare.baselineRun.id).toBe(baseline);
      expect(jmhCompare.candidateBuild.id).toBe(build.id);
      expect(jmhCompare.verdicts).toHaveLength(1);
      expect(jmhCompare.verdicts[0].key).toContain('StringBenchmark.concat');
      expect(jmhCompare.verdicts[0].baseline.forkValues).toHaveLength(2);
      // the same build twice: never a regression or an improvement
      expect(['no-change', 'inconclusive']).toContain(jmhCompare.verdicts[0].status);
      const { jmhVerdicts } = await data<{
        jmhVerdicts: { totalCount: number; edges: { node: { key: string } }[] };
      }>(
        'query($id: ID!) { jmhVerdicts(comparisonId: $id, benchmark: "concat") { totalCount edges { node { key status } } } }',
        { variables: { id: jmhCompare.id } },
      );
      expect(jmhVerdicts.edges.map((e) => e.node.key)).toEqual([jmhCompare.verdicts[0].key]);
      expect(jmhVerdicts.totalCount).toBe(1);
      // two forked JMH runs on a loaded 2-core machine: its own wait above allows 240 s, so must jest
    }, 300_000);
  });

  describe('an upstream that is down', () => {
    it('fails only its own fields with UPSTREAM_UNAVAILABLE', async () => {
      await stop(apps['jmh-runner'].child);
      const answer = await gql<{ jmhBuilds: unknown; recoveryRuns: { edges: unknown[] } }>(
        `query($alias: String) { jmhBuilds { totalCount } recoveryRuns(alias: $alias) { edges { node { id } } } }`,
        { variables: { alias } },
      );
      expect(answer.status).toBe(200);
      expect(answer.data?.jmhBuilds).toBeNull();
      expect(answer.data?.recoveryRuns.edges).toHaveLength(2);
      expect(answer.errors).toEqual([
        expect.objectContaining({ path: ['jmhBuilds'], extensions: { code: 'UPSTREAM_UNAVAILABLE' } }),
      ]);
    });
  });
});
