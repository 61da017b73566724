import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { eventually } from './eventually';
import { stackEnv } from './stack-env';

const workspaceRoot = path.resolve(__dirname, '../../../..');

// Ports this process has handed out already: the OS may offer a port again as soon as the probe
// closes, so two calls in a row (an app's HTTP and RPC ports) could otherwise get the same one.
const handedOut = new Set<number>();

/**
 * A port nothing listens on right now (the OS's choice), for an app a test starts; never one this
 * process was given before.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

/** Every app that runs as a service (HTTP and RPC), in the order the end-to-end suites start them. */
export const SERVICE_APPS = [
  'gateway',
  'indexer-recovery',
  'indexer-batch',
  'indexer-stream',
  'supervisor',
  'jdk-inventory',
  'jmh-runner',
] as const;

export interface BuiltApp {
  child: ChildProcess;
  port: number;
  rpcPort: number;
  /** Everything it printed so far (for a failure message). */
  output: () => string;
}

/** One app from its Nx build output (`dist/apps/<app>/main.js`), on loopback, against the real stack. */
export function launchBuiltApp(
  app: string,
  port: number,
  rpcPort: number,
  env: Record<string, string>,
): BuiltApp {
  const main = path.join(workspaceRoot, 'dist/apps', app, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run "npx nx run-many -t build" first`);
  const stack = stackEnv();
  const child = spawn(process.execPath, [main], {
    cwd: workspaceRoot,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      RPC_PORT: String(rpcPort),
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
  return { child, port, rpcPort, output: () => output };
}

/** SIGTERM, and wait until it has exited (nothing to do if it already has). */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** An HTTP and an RPC port for each app a test starts, from `freePort()`. */
export async function portsFor<A extends string>(apps: readonly A[]): Promise<Record<A, [number, number]>> {
  const ports = {} as Record<A, [number, number]>;
  for (const app of apps) ports[app] = [await freePort(), await freePort()];
  return ports;
}

/**
 * Polls each started app's `healthPath` until it answers 2xx (with `eventually`, all at once). When
 * the deadline passes, the error names the app and, if it exited, what it printed.
 */
export async function untilAnswering(
  apps: Record<string, BuiltApp>,
  healthPath: string,
  options: { timeoutMs: number },
): Promise<void> {
  await Promise.all(
    Object.entries(apps).map(([app, running]) =>
      eventually(
        async () => {
          if (running.child.exitCode !== null) throw new Error(`${app} exited: ${running.output()}`);
          return (await fetch(`http://127.0.0.1:${running.port}${healthPath}`).catch(() => undefined))?.ok;
        },
        { what: `${app} answering ${healthPath}`, timeoutMs: options.timeoutMs, intervalMs: 250 },
      ),
    ),
  );
}

/** A gateway API token for `role`, made by the gateway's CLI (`dist/apps/gateway/cli.js`) in that platform DB. */
export function createApiToken(platformUrl: string, name: string, role: string, days?: string): string {
  const run = spawnSync(
    process.execPath,
    [
      path.join(workspaceRoot, 'dist/apps/gateway/cli.js'),
      'token',
      'create',
      '--name',
      name,
      '--role',
      role,
      ...(days ? ['--days', days] : []),
    ],
    { cwd: workspaceRoot, env: { ...process.env, PLATFORM_DB_URL: platformUrl }, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`token create failed: ${run.stderr}`);
  return run.stdout.trim();
}
