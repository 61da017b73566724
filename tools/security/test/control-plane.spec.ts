import { AUTHORISATION, type RpcApp } from '@keel/api-contracts';
import type { FleetReport } from '@keel/jdk-detect';
import { createKafka, type Kafka } from '@keel/kafka-bus';
import { ServiceRpcClient, loadKeyring, signServiceToken, type SigningKey } from '@keel/service-runtime';
import {
  agentAuth,
  agentKey,
  createApiToken,
  eventually,
  openIsolatedDb,
  portsFor,
  serviceAuth,
  serviceToken,
  stackEnv,
  uniqueName,
  untilAnswering,
  type IsolatedDb,
} from '@keel/test-harness';
import { catalogEntities, runCatalogMigrations } from '@keel/catalog';
import { createElasticsearchClient } from '@keel/es-alias';
import { ClientTCP } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { firstValueFrom, timeout } from 'rxjs';
import { APPS, LEAK, freePort, launch, stop, type App, type Running } from './support';

// The control plane as an attacker on the pod network sees it: every app built and started on free
// ports (as in production, one process each), then called without an identity, with the wrong one,
// with tokens that expired or were forged, with reports for other hosts, and with the gateway's
// known bypasses. Every answer a client gets is kept and checked for internal addresses and stacks.

const stack = stackEnv();

function signingKeyOf(service: string): SigningKey {
  const key = loadKeyring(service).signingKey;
  if (!key) throw new Error(`the test keyring has no key for ${service}`);
  return key;
}
const RPC_APPS = Object.keys(AUTHORISATION) as RpcApp[];
const answers: string[] = [];
const keep = (text: string) => {
  answers.push(text);
  return text;
};

function report(hostname: string, options: { scannedAt?: string; jvmOptions?: string[] } = {}): FleetReport {
  return {
    schemaVersion: 1,
    reportId: randomUUID(),
    scannedAt: options.scannedAt ?? new Date().toISOString(),
    agent: { name: 'security-suite', version: '1.0.0' },
    host: {
      hostname,
      machineId: null,
      os: 'linux',
      osVersion: '6.1',
      arch: 'x86_64',
      labels: { team: 'sec' },
    },
    installations: [
      {
        path: '/usr/lib/jvm/temurin-17',
        location: { kind: 'host' },
        foundBy: ['jvm_dir'],
        evidence: 'release-file',
        detection: {
          vendor: 'Eclipse Temurin',
          distribution: 'temurin',
          version: { feature: 17, interim: 0, update: 12, patch: 0, build: null, full: '17.0.12' },
          imageType: 'jdk',
          bits: 64,
          os: 'linux',
          arch: 'x86_64',
          vm: 'HotSpot',
          confidence: 'high',
          unknown: [],
        },
      },
    ],
    jvms: [
      {
        pid: 4242,
        location: { kind: 'host' },
        executable: '/usr/lib/jvm/temurin-17/bin/java',
        installationPath: '/usr/lib/jvm/temurin-17',
        jvmOptions: options.jvmOptions ?? ['-Xmx1g'],
        mainClass: 'com.example.Main',
        user: 'app',
      },
    ],
    problems: [],
  };
}

describe('control plane security', () => {
  let shop: IsolatedDb;
  let platform: IsolatedDb;
  let kafka: Kafka;
  let workDir: string;
  const apps = {} as Record<App, Running>;
  const clients: { close: () => unknown }[] = [];
  const tokens = { viewer: '', operator: '', admin: '' };
  const reportsTopic = uniqueName('sec-jdk-reports');
  const alias = uniqueName('sec-products');
  const url = (app: App, route: string) => `http://127.0.0.1:${apps[app].port}${route}`;

  async function gql(
    query: string,
    options: { token?: string | null; variables?: Record<string, unknown> } = {},
  ): Promise<{
    status: number;
    body: {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
  }> {
    const token = options.token === undefined ? tokens.viewer : options.token;
    const response = await fetch(url('gateway', '/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables: options.variables }),
    });
    return { status: response.status, body: JSON.parse(keep(await response.text())) };
  }

  /** Calls one pattern, resolving to the error payload (or `{ answered }` when it was not refused). */
  async function rpc(client: { send: ClientTCP['send'] }, cmd: string): Promise<unknown> {
    return firstValueFrom(client.send({ cmd }, {}).pipe(timeout(10_000))).then(
      (answered) => ({ answered }),
      (error: unknown) => {
        keep(JSON.stringify(error));
        return error;
      },
    );
  }

  beforeAll(async () => {
    [shop, platform] = await Promise.all([
      openIsolatedDb('mysql', { entities: catalogEntities, prefix: 'security' }),
      openIsolatedDb('postgres', { prefix: 'security' }),
    ]);
    await runCatalogMigrations(shop.dataSource);
    workDir = mkdtempSync(path.join(tmpdir(), 'keel-security-'));
    kafka = createKafka({ clientId: 'security-suite', brokers: stack.kafkaBrokers });
    const ports = await portsFor(APPS);
    const rpcUrl = (app: App) => `tcp://127.0.0.1:${ports[app][1]}`;
    const common = { PLATFORM_DB_URL: platform.url, SHOP_DB_URL: shop.url };
    const env: Record<App, Record<string, string>> = {
      'indexer-recovery': { ...common, PRODUCTS_ALIAS: alias },
      'indexer-batch': {
        ...common,
        PRODUCTS_WRITE_ALIAS: `${alias}-write`,
        BATCH_ELECTION: uniqueName('sec-batch'),
        BATCH_INTERVAL_MS: '3600000',
      },
      'indexer-stream': {
        ...common,
        PRODUCTS_WRITE_ALIAS: `${alias}-write`,
        STREAM_TOPIC: uniqueName('sec-product-changed'),
        STREAM_GROUP_ID: uniqueName('sec-stream'),
        STREAM_TOPIC_PARTITIONS: '1',
      },
      supervisor: {
        ...common,
        SUPERVISOR_ELECTION: uniqueName('sec-supervisor'),
        SUPERVISOR_JOB_NAME: uniqueName('sec-supervisor'),
        SUPERVISOR_JOBS: '[]',
      },
      'jdk-inventory': {
        ...common,
        REPORTS_TOPIC: reportsTopic,
        REPORTS_GROUP_ID: uniqueName('sec-jdk'),
        REPORTS_TOPIC_PARTITIONS: '1',
        SWEEP_ENABLED: 'false',
        ROLLUP_MAX_AGE_S: '0',
      },
      'jmh-runner': {
        ...common,
        RUN_WORKER: 'false',
        DISCOVER_EVERY_H: '0',
        JMH_WORK_DIR: workDir,
        JDK_DIRS: '/usr/lib/jvm',
      },
      gateway: {
        ...common,
        PRODUCTS_ALIAS: alias,
        PRODUCTS_READ_ALIAS: alias,
        STREAM_TOPIC: uniqueName('sec-product-changed'),
        STREAM_GROUP_ID: uniqueName('sec-stream'),
        INDEXER_RECOVERY_RPC_URL: rpcUrl('indexer-recovery'),
        INDEXER_BATCH_RPC_URL: rpcUrl('indexer-batch'),
        INDEXER_STREAM_RPC_URL: rpcUrl('indexer-stream'),
        // nobody answers there: the client must not learn that address from the error
        SUPERVISOR_RPC_URL: `tcp://127.0.0.1:${await freePort()}`,
        JDK_INVENTORY_RPC_URL: rpcUrl('jdk-inventory'),
        JMH_RUNNER_RPC_URL: rpcUrl('jmh-runner'),
        GRAPHIQL: 'true',
      },
    };
    for (const app of APPS) apps[app] = launch(app, ports[app][0], ports[app][1], env[app]);
    await untilAnswering(apps, '/health/live', { timeoutMs: 110_000 });
    tokens.viewer = createApiToken(platform.url, 'sec-viewer', 'viewer');
    tokens.operator = createApiToken(platform.url, 'sec-operator', 'operator');
    tokens.admin = createApiToken(platform.url, 'sec-admin', 'admin');
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(Object.values(apps).map((running) => stop(running.child)));
    for (const [app, running] of Object.entries(apps)) {
      writeFileSync(path.join(tmpdir(), `keel-security-${app}.log`), running.output());
    }
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [reportsTopic, `${reportsTopic}.dlq`] }).catch(() => undefined);
    await admin.disconnect();
    // whatever an app may have created under the suite's alias names
    const es = createElasticsearchClient(stack.elasticsearchUrl);
    // by name: Elasticsearch 8 refuses wildcard deletes (action.destructive_requires_name)
    const names = Object.keys(
      await es.indices
        .get({ index: `${alias}*`, allow_no_indices: true, ignore_unavailable: true })
        .catch(() => ({})),
    );
    if (names.length > 0) await es.indices.delete({ index: names.join(',') });
    await es.close();
    await shop?.drop();
    await platform?.drop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  describe('service identity between the apps', () => {
    it.each(RPC_APPS)(
      '%s refuses every RPC pattern without an identity, with the wrong one, for another app, forged',
      async (app) => {
        const port = apps[app].rpcPort;
        const plain = new ClientTCP({ host: '127.0.0.1', port });
        const signed = (as: string, audience: string) =>
          new ServiceRpcClient({ host: '127.0.0.1', port, keyring: loadKeyring(as), audience });
        const scan = signed('jdk-scan', app);
        const elsewhere = signed('gateway', app === 'jmh-runner' ? 'supervisor' : 'jmh-runner');
        const forged = new ServiceRpcClient({
          host: '127.0.0.1',
          port,
          keyring: loadKeyring('gateway'),
          audience: app,
        });
        // the gateway's key id and claims, signed with a key nobody trusts
        const { generateKeyPairSync } = await import('node:crypto');
        const stranger: SigningKey = {
          kid: signingKeyOf('gateway').kid,
          service: 'gateway',
          privateKey: generateKeyPairSync('ed25519').privateKey,
        };
        Object.assign(forged, {
          identity: {
            ...(forged as unknown as { identity: object }).identity,
            keyring: { tokenFor: (aud: string) => signServiceToken(stranger, aud) },
          },
        });
        clients.push(plain, scan, elsewhere, forged);
        for (const cmd of Object.keys(AUTHORISATION[app].rpc)) {
          expect([cmd, await rpc(plain, cmd)]).toEqual([
            cmd,
            { code: 'UNAUTHENTICATED', message: 'service identity required: missing' },
          ]);
          expect([cmd, await rpc(scan, cmd)]).toEqual([
            cmd,
            { code: 'FORBIDDEN', message: `jdk-scan may not call ${cmd}` },
          ]);
          expect([cmd, await rpc(elsewhere, cmd)]).toEqual([
            cmd,
            expect.objectContaining({ code: 'UNAUTHENTICATED' }),
          ]);
          expect([cmd, await rpc(forged, cmd)]).toEqual([
            cmd,
            { code: 'UNAUTHENTICATED', message: 'service identity required: bad signature' },
          ]);
        }
        // a pattern nobody declared is refused even to the gateway
        const gateway = signed('gateway', app);
        clients.push(gateway);
        expect(await rpc(gateway, `${app}.not-declared`)).toEqual(
          expect.objectContaining({ code: 'FORBIDDEN' }),
        );
      },
    );

    it.each(RPC_APPS.filter((app) => Object.values(AUTHORISATION[app].http).some((v) => v !== 'agent')))(
      '%s refuses every admin route without an identity, with the wrong one, and with an expired one',
      async (app) => {
        const operator = signingKeyOf('operator');
        const expired = signServiceToken(operator, app, { nowMs: Date.now() - 10 * 60_000 });
        for (const [route, callers] of Object.entries(AUTHORISATION[app].http)) {
          if (callers === 'agent') continue;
          const [method, template] = route.split(' ');
          const target = url(app, template.replace(/:id/g, '00000000-0000-4000-8000-000000000000'));
          const call = async (authorization?: string) => {
            const response = await fetch(target, {
              method,
              headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
              ...(method === 'POST' ? { body: '{}' } : {}),
            });
            keep(await response.text());
            return response.status;
          };
          expect([route, await call()]).toEqual([route, 401]);
          expect([route, await call(`Bearer ${serviceToken('jdk-scan', app)}`)]).toEqual([route, 403]);
          expect([route, await call(`Bearer ${expired}`)]).toEqual([route, 401]);
          expect([route, await call(`Bearer ${serviceToken('operator', 'supervisor')}`)]).toEqual([
            route,
            401,
          ]);
        }
        if (app === 'indexer-recovery') {
          // refused means not run: no rebuild was started
          const [runs] = await platform.dataSource.query(
            "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'recovery_runs'",
          );
          if (runs.n > 0) {
            expect(
              (await platform.dataSource.query('SELECT count(*)::int AS n FROM recovery_runs'))[0].n,
            ).toBe(0);
          }
        }
      },
    );
  });

  describe('agents report only for themselves', () => {
    const post = async (body: unknown, headers: Record<string, string>) => {
      const response = await fetch(url('jdk-inventory', '/reports'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      keep(await response.text());
      return response.status;
    };
    const hostsNamed = async (prefix: string) =>
      (
        (
          await gql(
            'query($p: String) { jdkHosts(filter: { hostnamePrefix: $p, includeStale: true }) { edges { node { hostname lastSeenAt jvms { jvmOptions } } } } }',
            {
              variables: { p: prefix },
            },
          )
        ).body.data as {
          jdkHosts: {
            edges: { node: { hostname: string; lastSeenAt: string; jvms: { jvmOptions: string[] }[] } }[];
          };
        }
      ).jdkHosts.edges.map((e) => e.node);

    it("refuses a report without an agent key, and one for another host than the key's", async () => {
      const victim = uniqueName('sec-victim');
      expect(await post(report(victim), {})).toBe(401);
      expect(
        await post(report(victim), { authorization: `Bearer ${serviceToken('jdk-scan', 'jdk-inventory')}` }),
      ).toBe(401);
      expect(await post(report(victim), agentAuth(uniqueName('sec-attacker')))).toBe(403);
      expect(await hostsNamed(victim)).toEqual([]);
    });

    it('clamps a scannedAt in the future to the receive time (HTTP)', async () => {
      const host = uniqueName('sec-future');
      const before = Date.now();
      expect(await post(report(host, { scannedAt: '2099-01-01T00:00:00.000Z' }), agentAuth(host))).toBe(202);
      const [stored] = await hostsNamed(host);
      expect(new Date(stored.lastSeenAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(new Date(stored.lastSeenAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it("on Kafka too: another host's or no key goes to the DLQ, a future scannedAt is clamped", async () => {
      const [victim, future] = [uniqueName('sec-kvictim'), uniqueName('sec-kfuture')];
      const producer = kafka.producer();
      await producer.connect();
      const before = Date.now();
      await producer.send({
        topic: reportsTopic,
        messages: [
          {
            key: victim,
            value: JSON.stringify(report(victim)),
            headers: { 'keel-agent-key': agentKey(uniqueName('sec-kattacker')) },
          },
          { key: victim, value: JSON.stringify(report(victim)) },
          {
            key: future,
            value: JSON.stringify(report(future, { scannedAt: '2099-01-01T00:00:00.000Z' })),
            headers: { 'keel-agent-key': agentKey(future) },
          },
        ],
      });
      await producer.disconnect();
      const [stored] = await eventually(
        async () => {
          const found = await hostsNamed(future);
          return found.length === 1 ? found : undefined;
        },
        { what: 'the future-dated report stored', timeoutMs: 60_000 },
      );
      expect(new Date(stored.lastSeenAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      expect(new Date(stored.lastSeenAt).getTime()).toBeGreaterThanOrEqual(before - 60_000);
      // same partition, read in order: the two refused ones were handled before the stored one
      expect(await hostsNamed(victim)).toEqual([]);
    });

    it('redacts secrets in JVM options by value, in storage and in GraphQL', async () => {
      const host = uniqueName('sec-secrets');
      const options = [
        '-Ddb.url=jdbc:postgresql://app:s3cret-db@db.internal:5432/shop',
        '-Dkey=k3y-value',
        '-javaagent:/opt/agent.jar=token=t0ken-value',
        '-Xmx1g',
      ];
      expect(await post(report(host, { jvmOptions: options }), agentAuth(host))).toBe(202);
      const [row] = await platform.dataSource.query(
        'SELECT j.jvm_options FROM jdk_jvms j JOIN jdk_hosts h ON h.id = j.host_id WHERE h.hostname = $1',
        [host],
      );
      const expected = [
        '-Ddb.url=jdbc:postgresql://***@db.internal:5432/shop',
        '-Dkey=***',
        '-javaagent:/opt/agent.jar=***',
        '-Xmx1g',
      ];
      expect(row.jvm_options).toEqual(expected);
      const [shown] = await hostsNamed(host);
      expect(shown.jvms[0].jvmOptions).toEqual(expected);
      expect(JSON.stringify(answers)).not.toMatch(/s3cret-db|k3y-value|t0ken-value/);
    });
  });

  describe('jmh-runner runs only what an operator allowed', () => {
    it('refuses a JDK directory outside its roots and a jar outside the suite, even to an operator', async () => {
      const fake = path.join(workDir, 'evil-jdk');
      mkdirSync(path.join(fake, 'bin'), { recursive: true });
      writeFileSync(path.join(fake, 'bin', 'java'), '#!/bin/sh\necho pwned\n');
      chmodSync(path.join(fake, 'bin', 'java'), 0o755);
      const enqueue = async (body: Record<string, unknown>) => {
        const response = await fetch(url('jmh-runner', '/runs'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...serviceAuth('jmh-runner') },
          body: JSON.stringify(body),
        });
        return { status: response.status, text: keep(await response.text()) };
      };
      const outside = await enqueue({ build: fake, profile: 'quick' });
      expect(outside.status).toBe(400);
      expect(outside.text).toMatch(/outside the build roots/);
      const jar = await enqueue({ build: '/usr/lib/jvm/java-17-openjdk-amd64', jar: '/tmp/other.jar' });
      expect(jar.status).toBe(400);
      expect(jar.text).toMatch(/other\.jar is not the project's benchmark suite/);
      const [queued] = await platform.dataSource.query(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'jmh_runs'",
      );
      if (queued.n > 0)
        expect((await platform.dataSource.query('SELECT count(*)::int AS n FROM jmh_runs'))[0].n).toBe(0);
    });
  });

  describe('the gateway', () => {
    it('does not skip authentication for an Accept header that merely contains text/html', async () => {
      const query = encodeURIComponent('{ auditLog { edges { cursor } } }');
      const response = await fetch(url('gateway', `/graphql?query=${query}`), {
        headers: { accept: 'application/json, text/html;q=0.1' },
      });
      const text = keep(await response.text());
      expect(response.status).toBe(401);
      expect(text).not.toMatch(/"data"/);
      // the GraphiQL page itself (no operation) stays reachable
      const page = await fetch(url('gateway', '/graphql'), { headers: { accept: 'text/html' } });
      expect(page.status).not.toBe(401);
    });

    it('refuses an aliased verifyRange and a too-costly list before running anything', async () => {
      const aliased = await gql(
        'mutation { a: verifyRange(from: 1, to: 1000000) { clean } b: verifyRange(from: 1, to: 1000000) { clean } }',
        {
          token: tokens.operator,
        },
      );
      expect(aliased.status).toBe(400);
      expect(aliased.body.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_COMPLEX');
      expect((await gql('mutation { verifyRange(from: 1, to: 10) { clean } }')).status).toBe(403);
      const costly = await gql(
        // a list of lists of lists: 500 hosts × installations × their host's JVMs
        '{ jdkHosts(first: 500) { edges { node { installations { host { jvms { jvmOptions } } } } } } }',
      );
      expect(costly.status).toBe(400);
      expect(costly.body.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_COMPLEX');
    });

    it('refuses an expired token and a malformed one', async () => {
      const shortLived = createApiToken(platform.url, uniqueName('sec-short'), 'viewer', '0.00002');
      await eventually(
        async () => (await gql('{ jdkSummary { hosts } }', { token: shortLived })).status === 401,
        {
          what: 'the short-lived token expired',
          timeoutMs: 20_000,
        },
      );
      const malformed = await gql('{ jdkSummary { hosts } }', { token: `keel_${'x'.repeat(500)}` });
      expect(malformed.status).toBe(401);
    });

    it('audits mutations with their principal; only admins read the audit log', async () => {
      await gql('mutation Audited { rollbackAlias { index } }', { token: tokens.operator });
      expect((await gql('{ auditLog { edges { cursor } } }', { token: tokens.operator })).status).toBe(403);
      const entry = await eventually(
        async () => {
          const answer = await gql(
            '{ auditLog(first: 20) { edges { node { principal role operation fields outcome errorCodes } } } }',
            { token: tokens.admin },
          );
          const entries = (
            (answer.body.data?.['auditLog'] ?? { edges: [] }) as { edges: { node: { operation: string } }[] }
          ).edges.map((e) => e.node);
          return entries.find((e) => e.operation === 'Audited');
        },
        { what: 'the audit entry', timeoutMs: 10_000 },
      );
      expect(entry).toEqual({
        principal: 'token:sec-operator',
        role: 'operator',
        operation: 'Audited',
        fields: ['rollbackAlias'],
        outcome: 'refused',
        errorCodes: ['NOT_FOUND'],
      });
    });

    it('shows no internal address and no stack in any client error, an unreachable app included', async () => {
      const down = await gql('{ supervisor { instance } }');
      expect(down.body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
      expect(answers.length).toBeGreaterThan(50);
      const leaks = answers.filter((a) => LEAK.test(a));
      expect(leaks).toEqual([]);
    });
  });
});
