import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';

/** Process groups started here and still running: shutdown kills them, so no JMH outlives the runner. */
const running = new Set<number>();

/** Kills every process tree this process started and is still watching (on shutdown). */
export async function killAllWatched(): Promise<number> {
  const pids = [...running];
  await Promise.all(pids.map((pid) => killTree(pid)));
  return pids.length;
}

export interface WatchedProcessOptions {
  readonly cwd: string;
  /** stdout and stderr both go here (JMH's human-readable log). */
  readonly logFile: string;
  /** Kill the whole process tree after this long. */
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
}

export interface WatchedProcessOutcome {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The watchdog fired and killed the tree. */
  readonly timedOut: boolean;
  readonly durationMs: number;
}

/**
 * Runs a command in its own process group and kills the whole tree (the JMH harness and its fork JVMs)
 * when it outlives its deadline. The forks are children of the harness and share its group, but a
 * descendant that changed group is found through /proc and killed as well.
 */
export async function runWatched(
  command: string,
  args: readonly string[],
  options: WatchedProcessOptions,
): Promise<WatchedProcessOutcome> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const started = Date.now();
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) running.add(child.pid);
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let timedOut = false;
  const watchdog = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) void killTree(child.pid);
  }, options.timeoutMs);
  try {
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, sig) => resolve([code, sig]));
      },
    );
    return { exitCode, signal, timedOut, durationMs: Date.now() - started };
  } finally {
    clearTimeout(watchdog);
    // a fork orphaned by a dying harness must not outlive the run either
    if (child.pid !== undefined) {
      running.delete(child.pid);
      await killTree(child.pid);
    }
    await new Promise<void>((resolve) => log.end(resolve));
  }
}

/** SIGKILLs the process group of `pid` and every descendant of `pid` still alive. */
export async function killTree(pid: number): Promise<void> {
  const victims = await descendants(pid);
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
  for (const p of victims) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Descendants of `root` from /proc/<pid>/stat (field 4 is the parent pid). */
export async function descendants(root: number): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const parentOf = new Map<number, number>();
  await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map(async (e) => {
        try {
          const stat = await readFile(`/proc/${e}/stat`, 'utf8');
          // the command name may contain spaces and parentheses: parse after the last ')'
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          parentOf.set(Number(e), Number(fields[1]));
        } catch {
          // the process ended meanwhile
        }
      }),
  );
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const [p, pp] of parentOf) {
      if (pp === parent && !found.includes(p)) {
        found.push(p);
        queue.push(p);
      }
    }
  }
  return found;
}
