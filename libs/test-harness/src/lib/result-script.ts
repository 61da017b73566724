import { spawn } from 'node:child_process';

const RESULT = 'RESULT ';

/** Prints `value` as the one `RESULT {json}` line a script run by `runResultScript` answers with. */
export function printResult(value: unknown): void {
  process.stdout.write(`${RESULT}${JSON.stringify(value)}\n`);
}

/**
 * Runs `script` in a child Node process with this process's flags (so a ts-node set-up carries over)
 * and environment, and resolves with the JSON of its `RESULT` line. Its stderr goes to ours; a
 * non-zero exit or no RESULT line rejects with the end of its stdout. What benches use to measure a
 * phase in a process of its own (its own peak RSS, its own event loop).
 */
export function runResultScript<T>(script: string, args: readonly string[], what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT));
      if (code !== 0 || !line) reject(new Error(`${what} failed (exit ${code}): ${stdout.slice(-2000)}`));
      else resolve(JSON.parse(line.slice(RESULT.length)) as T);
    });
  });
}
