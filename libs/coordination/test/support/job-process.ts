// Spawns the fixture job (fixtures/job-process.ts) as a real Node process and follows its JSON lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../../..');
const fixture = resolve(__dirname, '../fixtures/job-process.ts');

export interface JobProcess {
  child: ChildProcess;
  pid: number;
  events: { event: string; [key: string]: unknown }[];
  has(event: string): boolean;
  kill(signal?: NodeJS.Signals): void;
}

export function spawnJobProcess(env: Record<string, string>): JobProcess {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', fixture],
    {
      cwd: repoRoot,
      env: { ...process.env, TS_NODE_PROJECT: resolve(repoRoot, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
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
