import { describeFailure, ProcessRunner } from '../src/runner/command-runner';

describe('ProcessRunner', () => {
  const runner = new ProcessRunner();

  it('returns what a command printed and its status', async () => {
    const result = await runner.run('sh', ['-c', 'echo out; echo err >&2; exit 3'], { timeoutMs: 10_000 });
    expect(result).toMatchObject({ exitCode: 3, stderr: 'err\n', timedOut: false });
    expect(result.stdout.toString()).toBe('out\n');
    expect(describeFailure(result, 10_000)).toBe('exited with status 3: err');
  });

  it('kills a command that outlives its timeout', async () => {
    const result = await runner.run('sleep', ['30'], { timeoutMs: 200 });
    expect(result.timedOut).toBe(true);
    expect(describeFailure(result, 200)).toBe('timed out after 200 ms');
  });

  it('says ENOENT for a command that is not installed', async () => {
    const result = await runner.run('keel-no-such-tool', [], { timeoutMs: 1000 });
    expect(result.spawnError).toBe('ENOENT');
    expect(describeFailure(result, 1000)).toBe('could not start (ENOENT)');
  });
});
