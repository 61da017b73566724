import { spawn } from 'node:child_process';

/** What one external command did. `spawnError` is set when it could not start at all (ENOENT, EACCES). */
export interface CommandResult {
  exitCode: number | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
  spawnError?: string;
}

export interface RunOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Every external command the agent runs (java, docker, kubectl) goes through this one interface, so unit
 * tests feed recorded outputs instead of spawning.
 */
export interface CommandRunner {
  run(command: string, args: readonly string[], options: RunOptions): Promise<CommandResult>;
}

// stdout of `docker cp` carries a tar, stderr of java a few kB: a cap keeps a runaway tool from filling memory
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** Runs commands as child processes, killing them (SIGKILL) at the timeout. */
export class ProcessRunner implements CommandRunner {
  run(command: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
    return new Promise((resolve) => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let size = 0;
      let timedOut = false;
      let settled = false;
      const finish = (result: CommandResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const child = spawn(command, args, {
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs);
      const collect = (into: Buffer[]) => (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_OUTPUT_BYTES) into.push(chunk);
        else child.kill('SIGKILL');
      };
      child.stdout.on('data', collect(stdout));
      child.stderr.on('data', collect(stderr));
      child.on('error', (error: NodeJS.ErrnoException) =>
        finish({
          exitCode: null,
          stdout: Buffer.alloc(0),
          stderr: '',
          timedOut: false,
          spawnError: error.code ?? error.message,
        }),
      );
      child.on('close', (code) =>
        finish({
          exitCode: code,
          stdout: Buffer.concat(stdout),
          stderr: Buffer.concat(stderr).toString('utf8'),
          timedOut,
        }),
      );
    });
  }
}

/** One line saying why a command did not succeed, for a `problems` entry. */
export function describeFailure(result: CommandResult, timeoutMs: number): string {
  if (result.spawnError) return `could not start (${result.spawnError})`;
  if (result.timedOut) return `timed out after ${timeoutMs} ms`;
  const detail = firstLine(result.stderr) || firstLine(result.stdout.toString('utf8'));
  return `exited with status ${result.exitCode ?? 'unknown'}${detail ? `: ${detail}` : ''}`;
}

export function succeeded(result: CommandResult): boolean {
  return !result.spawnError && !result.timedOut && result.exitCode === 0;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  ).slice(0, 300);
}
