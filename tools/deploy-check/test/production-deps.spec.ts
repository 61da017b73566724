import { DEV_KEYRING_PATH, ensureDevKeyring } from '@keel/service-runtime';
import { eventually, freePort, stackEnv, uniqueName } from '@keel/test-harness';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createClient } from 'node-zookeeper-client';
import { Client } from 'pg';
import { productionClosure, topLevelPackages, type LockEntry } from '../src/lib/production-closure';
import { serviceApps, workspaceRoot } from '../src/lib/workspace';

// What each image holds, without Docker: the bundle from dist/apps/<app> beside a node_modules with
// exactly the packages `npm ci --omit=dev` installs from its package.json and the workspace lock
// (symlinked from the workspace, Node told to keep the links, so nothing outside resolves). Each app
// must start from that alone against the real stack and report ready: a package loaded by name at
// run time that the build's package.json does not list shows up here, not in production.
const stack = stackEnv();
const lock = (
  JSON.parse(readFileSync(path.join(workspaceRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  }
).packages;

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  dir: string;
}

const id = uniqueName('deploycheck');
// in production an app refuses to start without a service identity (and jdk-inventory without agent
// key secrets): the test gives them the local keyring as a file, as a mounted Secret would
const identityFile = path.join(workspaceRoot, DEV_KEYRING_PATH);
const agentKeySecrets = `${id}:${randomBytes(32).toString('base64')}`;
const schema = id.replace(/-/g, '_');
const started = new Map<string, Started>();

async function startFromImageContents(app: string): Promise<Started> {
  const dist = path.join(workspaceRoot, 'dist/apps', app);
  if (!existsSync(path.join(dist, 'main.js')))
    throw new Error(`${dist}/main.js is missing: run "npx nx run-many -t build" first`);
  const manifest = JSON.parse(readFileSync(path.join(dist, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const dir = mkdtempSync(path.join(tmpdir(), `keel-image-${app}-`));
  for (const file of readdirSync(dist)) copyFileSync(path.join(dist, file), path.join(dir, file));
  for (const packagePath of topLevelPackages(productionClosure(lock, Object.keys(manifest.dependencies)))) {
    mkdirSync(path.dirname(path.join(dir, packagePath)), { recursive: true });
    symlinkSync(path.join(workspaceRoot, packagePath), path.join(dir, packagePath), 'dir');
  }
  const [port, rpcPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--preserve-symlinks', '--preserve-symlinks-main', 'main.js'], {
    cwd: dir,
    // nothing inherited (no NODE_PATH, no NODE_OPTIONS): only what a container would get
    env: {
      PATH: process.env['PATH'],
      HOME: dir,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      RPC_PORT: String(rpcPort),
      PLATFORM_DB_URL: `${stack.postgresUrl}?schema=${schema}`,
      SHOP_DB_URL: stack.mysqlUrl,
      ELASTICSEARCH_URL: stack.elasticsearchUrl,
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      ZOOKEEPER_CONNECT: stack.zookeeperConnect,
      KEEL_JDK_DATA_DIR: path.join(workspaceRoot, 'libs/jdk-detect/data'),
      KEEL_IDENTITY_FILE: identityFile,
      AGENT_KEY_SECRETS: agentKeySecrets,
      // unique names: nothing shared with a platform or another test running on the same stack
      STREAM_TOPIC: `${id}-stream`,
      STREAM_GROUP_ID: id,
      PRODUCTS_WRITE_ALIAS: `${id}-write`,
      // one election per job, as the defaults are: a shared name hands the batch windows to a process
      // that is already shutting down once its freshness probe leaves (see docs/operations.md)
      BATCH_ELECTION: `${id}-batch`,
      FRESHNESS_ELECTION: `${id}-freshness`,
      FRESHNESS_ENABLED: 'false',
      REPORTS_TOPIC: `${id}-reports`,
      REPORTS_GROUP_ID: id,
      SUPERVISOR_ELECTION: `${id}-supervisor`,
      SUPERVISOR_JOB_NAME: id,
      DISCOVER_EVERY_H: '0',
      RUN_WORKER: 'false',
      JMH_WORK_DIR: path.join(dir, 'jmh'),
      JMH_JAR: path.join(workspaceRoot, 'tools/jmh-benchmarks/target/benchmarks.jar'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, port, output: () => output, dir };
}

beforeAll(async () => {
  ensureDevKeyring(identityFile);
  const pg = new Client({ connectionString: stack.postgresUrl });
  await pg.connect();
  await pg.query(`CREATE SCHEMA ${schema}`);
  await pg.end();
  for (const { app } of serviceApps()) started.set(app, await startFromImageContents(app));
});

afterAll(async () => {
  // a container gets SIGKILL some time after SIGTERM (Kubernetes: 30 s): an app still running by
  // then is killed, and named with the end of its output, rather than hanging the suite
  const hung: string[] = [];
  await Promise.all(
    [...started.entries()].map(async ([app, { child, dir, output }]) => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          hung.push(`${app} still running 30 s after SIGTERM:\n${output().slice(-3000)}`);
          child.kill('SIGKILL');
        }, 30_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    }),
  );
  const pg = new Client({ connectionString: stack.postgresUrl });
  await pg.connect();
  await pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pg.end();
  const admin = new Kafka({ brokers: stack.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(id));
  if (topics.length > 0) await admin.deleteTopics({ topics });
  await admin.disconnect();
  await removeZooKeeperNodes([
    ...['batch', 'freshness', 'supervisor'].map((job) => `/keel/elections/${id}-${job}`),
    `/keel/jobs/${id}`,
  ]);
  if (hung.length > 0) throw new Error(hung.join('\n\n'));
}, 90_000);

/** The election and job-registry parents our unique names created (their children went with the apps). */
async function removeZooKeeperNodes(paths: string[]): Promise<void> {
  const client = createClient(stack.zookeeperConnect);
  client.connect();
  await new Promise<void>((resolve) => client.once('connected', () => resolve()));
  const children = (node: string) =>
    new Promise<string[]>((resolve) =>
      client.getChildren(node, (error, names) => resolve(error ? [] : names)),
    );
  const remove = async (node: string): Promise<void> => {
    for (const child of await children(node)) await remove(`${node}/${child}`);
    await new Promise<void>((resolve) => client.remove(node, -1, () => resolve()));
  };
  for (const node of paths) await remove(node);
  client.close();
}

describe.each(serviceApps().map((c) => c.app))('%s with only its production packages', (app) => {
  it('starts, reports ready and serves /metrics', async () => {
    const { child, port, output } = started.get(app) as Started;
    const health = await eventually(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`${app} exited ${child.exitCode}: ${output().slice(-2000)}`);
        const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
        return response?.ok ? ((await response.json()) as { status: string }) : undefined;
      },
      { what: `${app} ready`, timeoutMs: 90_000 },
    );
    expect(health.status).toBe('ok');
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain(`process_resident_memory_bytes{service="${app}"}`);
  });
});
