import { stackEnv } from '@keel/test-harness';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';

export const workspaceRoot = path.resolve(__dirname, '../../..');

export const APPS = [
  'gateway',
  'indexer-recovery',
  'indexer-batch',
  'indexer-stream',
  'supervisor',
  'jdk-inventory',
  'jmh-runner',
] as const;
export type App = (typeof APPS)[number];

export interface Running {
  child: ChildProcess;
  port: number;
  rpcPort: number;
  output: () => string;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** One app from its Nx build output, on loopback, against the real stack. */
export function launch(app: App, port: number, rpcPort: number, env: Record<string, string>): Running {
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

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** A gateway API token (the gateway's CLI against the platform DB). */
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

/** What a client error may never show: an internal address, a stack frame, a file of ours. */
export const LEAK =
  /\b(?:\d{1,3}\.){3}\d{1,3}:\d{2,5}\b|\bat [\w$.<>]+ \(|node_modules|\/dist\/apps\/|\.ts:\d+|ECONNREFUSED/;
