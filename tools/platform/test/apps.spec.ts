import { eventually, stackEnv } from '@keel/test-harness';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// End to end: each app, from its Nx build output, starts against the real local stack, reports
// every dependency ready on /health, serves Prometheus /metrics, and logs JSON. Ports 3100+ keep the
// test clear of a platform already running on 3000-3005.
const workspaceRoot = path.resolve(__dirname, '../../..');
const stack = stackEnv();
const apps: [name: string, port: number, dependencies: string[]][] = [
  ['gateway', 3100, ['platform-db', 'shop-db', 'elasticsearch', 'kafka', 'zookeeper']],
  ['indexer-stream', 3101, ['shop-db', 'elasticsearch', 'kafka', 'zookeeper']],
  ['indexer-batch', 3102, ['shop-db', 'platform-db', 'elasticsearch', 'zookeeper']],
  ['indexer-recovery', 3103, ['shop-db', 'platform-db', 'elasticsearch', 'zookeeper']],
  ['jdk-inventory', 3104, ['platform-db', 'kafka']],
  ['jmh-runner', 3105, ['platform-db']],
  ['supervisor', 3106, ['platform-db', 'zookeeper']],
];

function launch(app: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const main = path.join(workspaceRoot, 'dist/apps', app, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run "npx nx run-many -t build" first`);
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      PLATFORM_DB_URL: stack.postgresUrl,
      SHOP_DB_URL: stack.mysqlUrl,
      ELASTICSEARCH_URL: stack.elasticsearchUrl,
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      ZOOKEEPER_CONNECT: stack.zookeeperConnect,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** SIGTERM, then how the process ended. Nest closes its modules, then re-raises the signal. */
async function stop(child: ChildProcess): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null) return `already exited: ${child.exitCode}`;
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  child.kill('SIGTERM');
  return exited;
}

describe.each(apps)('%s from its build output', (app, port, dependencies) => {
  let running: ReturnType<typeof launch>;

  beforeAll(() => {
    // RPC ports 4100+ for the same reason (apps without RPC ignore the variable)
    running = launch(app, { PORT: String(port), RPC_PORT: String(port + 1000), HOST: '127.0.0.1' });
  });

  afterAll(async () => {
    expect(await stop(running.child)).toBe('SIGTERM');
  });

  it('is ready with every dependency up', async () => {
    const health = await eventually(
      async () => {
        if (running.child.exitCode !== null) throw new Error(`exited: ${running.output()}`);
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        return response.ok
          ? ((await response.json()) as { status: string; info: Record<string, unknown> })
          : undefined;
      },
      { what: `${app} ready`, timeoutMs: 60_000 },
    );
    expect(health.status).toBe('ok');
    expect(Object.keys(health.info).sort()).toEqual([...dependencies].sort());
  });

  it('serves Prometheus metrics labelled with its name', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain(`process_resident_memory_bytes{service="${app}"}`);
  });

  it('logs JSON lines carrying the caller correlation ID', async () => {
    await fetch(`http://127.0.0.1:${port}/no-such-route`, { headers: { 'x-request-id': `corr-${app}` } });
    const line = await eventually(
      () =>
        running
          .output()
          .split('\n')
          .find((l) => l.includes(`corr-${app}`)),
      { what: 'request log line' },
    );
    expect(JSON.parse(line)).toMatchObject({ service: app, correlationId: `corr-${app}` });
  });
});

describe('configuration errors', () => {
  it('stop the app at start-up with a message naming the variable', async () => {
    const running = launch('indexer-stream', { PORT: '3199', KAFKA_BROKERS: 'kafka-without-port' });
    const code = await new Promise<number | null>((resolve) => running.child.once('exit', resolve));
    expect(code).toBe(78);
    expect(running.output()).toContain('KAFKA_BROKERS: expected host:port');
  });
});
