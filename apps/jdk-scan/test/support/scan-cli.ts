import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CLI = join(__dirname, '../../../../dist/apps/jdk-scan/main.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

// the agent's own variables and Kafka's are the test's to set: a developer's shell must not leak in
const AGENT_VARIABLES =
  /^(KEEL_|KAFKA_BROKERS$|JAVA_HOME$|JAVA_TOOL_OPTIONS$|_JAVA_OPTIONS$|JDK_JAVA_OPTIONS$)/;

/** Runs the built agent (`npx nx build jdk-scan`, a dependency of the integration target). */
export function runScanCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npx nx build jdk-scan" first`);
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !AGENT_VARIABLES.test(name)),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...base, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
