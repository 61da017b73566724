import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
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
