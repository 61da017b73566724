import { freePort, launchBuiltApp, stopProcess, type BuiltApp } from '@keel/test-harness';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const workspaceRoot = path.resolve(__dirname, '../../..');

export const APPS = [
  'gateway',
  'indexer-recovery',
  'indexer-batch',
  'indexer-stream',
  'supervisor',
  'jdk-inventory',
  'jmh-runner',
] as const;
export type App = (typeof APPS)[number];

export type Running = BuiltApp;

export { freePort };

/** One app from its Nx build output, on loopback, against the real stack. */
export const launch = (app: App, port: number, rpcPort: number, env: Record<string, string>): Running =>
  launchBuiltApp(app, port, rpcPort, env);
export const stop = stopProcess;

/** A gateway API token (the gateway's CLI against the platform DB). */
export function createApiToken(platformUrl: string, name: string, role: string, days?: string): string {
  const run = spawnSync(
    process.execPath,
    [
      path.join(workspaceRoot, 'dist/apps/gateway/cli.js'),
      'token',
      'create',
      '--name',
      name,
      '--role',
      role,
      ...(days ? ['--days', days] : []),
    ],
    { cwd: workspaceRoot, env: { ...process.env, PLATFORM_DB_URL: platformUrl }, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`token create failed: ${run.stderr}`);
  return run.stdout.trim();
}

/** What a client error may never show: an internal address, a stack frame, a file of ours. */
export const LEAK =
  /\b(?:\d{1,3}\.){3}\d{1,3}:\d{2,5}\b|\bat [\w$.<>]+ \(|node_modules|\/dist\/apps\/|\.ts:\d+|ECONNREFUSED/;
