// The fixture job (libs/coordination/test/fixtures/job-process.ts: registers itself in ZooKeeper through
// @keel/coordination, optionally joins an election, prints one JSON line per event) as a real Node
// process, run from source through ts-node. Spawned by path, not imported: coordination's own tests
// use this harness, so an import would make the two projects depend on each other.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../../..');
const tsNodeEnv = { TS_NODE_PROJECT: resolve(repoRoot, 'tsconfig.json') };

/** The argv that starts the fixture job (also what a supervisor is given as the restart command). */
export const fixtureJobCommand = [
  process.execPath,
  '-r',
  'ts-node/register/transpile-only',
  '-r',
  'tsconfig-paths/register',
  resolve(repoRoot, 'libs/coordination/test/fixtures/job-process.ts'),
];

export interface JobProcess {
  child: ChildProcess;
  pid: number;
  events: { event: string; [key: string]: unknown }[];
  has(event: string): boolean;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts the fixture job with `env` (`FIXTURE_JOB`, `FIXTURE_ELECTION`, …) and follows its JSON lines. */
export function spawnJobProcess(env: Record<string, string>): JobProcess {
  const [node, ...args] = fixtureJobCommand as [string, ...string[]];
  const child = spawn(node, args, {
    cwd: repoRoot,
    env: { ...process.env, ...tsNodeEnv, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: JobProcess['events'] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
  });
  if (!child.pid) throw new Error('fixture job did not start');
  return {
    child,
    pid: child.pid,
    events,
    has: (event) => events.some((e) => e.event === event),
    kill: (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** The events of a process of one kind, in order: `['elected', 'revoked', ...]`. */
export const eventNames = (job: JobProcess) => job.events.map((e) => e.event);
