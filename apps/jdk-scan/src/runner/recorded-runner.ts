import type { CommandResult, CommandRunner, RunOptions } from './command-runner';

/** A recorded answer: for a command whose "command arg arg ..." line starts with `prefix`. */
export interface RecordedCommand {
  prefix: string;
  result: Partial<Omit<CommandResult, 'stdout'>> & { stdout?: Buffer | string };
}

/**
 * Replays recorded outputs of docker, kubectl or java instead of running them (unit tests). The first
 * recording whose prefix matches answers; a command nobody recorded fails as if not installed (ENOENT).
 * Every call is kept in `calls`.
 */
export class RecordedRunner implements CommandRunner {
  readonly calls: string[] = [];

  constructor(private readonly recordings: RecordedCommand[]) {}

  async run(command: string, args: readonly string[], _options: RunOptions): Promise<CommandResult> {
    const line = [command, ...args].join(' ');
    this.calls.push(line);
    const recorded = this.recordings.find((r) => line.startsWith(r.prefix));
    if (!recorded)
      return { exitCode: null, stdout: Buffer.alloc(0), stderr: '', timedOut: false, spawnError: 'ENOENT' };
    const { stdout, ...rest } = recorded.result;
    return {
      exitCode: 0,
      stderr: '',
      timedOut: false,
      ...rest,
      stdout: typeof stdout === 'string' ? Buffer.from(stdout) : (stdout ?? Buffer.alloc(0)),
    };
  }
}
