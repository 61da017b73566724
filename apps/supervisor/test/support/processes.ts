// Real processes for the supervisor tests: the fixture job (from @keel/test-harness) and the
// supervisor itself, both run from source through ts-node, as `node -r ts-node/register/transpile-only -r tsconfig-paths/register`.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fixtureJobCommand, freePort } from '@keel/test-harness';

export const repoRoot = resolve(__dirname, '../../../..');
const tsNode = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
export const tsNodeEnv = { TS_NODE_PROJECT: resolve(repoRoot, 'tsconfig.json') };

/** Starts the fixture job (`@keel/test-harness`) without following its output. */
export function spawnFixtureJob(env: Record<string, string>): ChildProcess {
  const [node, ...args] = fixtureJobCommand as [string, ...string[]];
  return spawn(node, args, { cwd: repoRoot, env: { ...process.env, ...tsNodeEnv, ...env }, stdio: 'ignore' });
}

export interface SupervisorProcess {
  child: ChildProcess;
  port: number;
  output: string[];
  metric(name: string, labels?: Record<string, string>): Promise<number | undefined>;
  kill(signal?: NodeJS.Signals): void;
}

export async function spawnSupervisor(env: Record<string, string>): Promise<SupervisorProcess> {
  const port = await freePort();
  const rpcPort = await freePort();
  const child = spawn(process.execPath, [...tsNode, resolve(__dirname, '../../src/main.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...tsNodeEnv,
      HOST: '127.0.0.1',
      PORT: String(port),
      RPC_PORT: String(rpcPort),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return {
    child,
    port,
    output,
    metric: async (name, labels = {}) => {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      const text = await response.text();
      for (const line of text.split('\n')) {
        if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
        if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) {
          return Number(line.slice(line.lastIndexOf(' ') + 1));
        }
      }
      return undefined;
    },
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
