import { SERVICE_APPS, freePort, launchBuiltApp, stopProcess, type BuiltApp } from '@keel/test-harness';
import path from 'node:path';

export const workspaceRoot = path.resolve(__dirname, '../../..');

export const APPS = SERVICE_APPS;
export type App = (typeof APPS)[number];

export type Running = BuiltApp;

export { freePort };

/** One app from its Nx build output, on loopback, against the real stack. */
export const launch = (app: App, port: number, rpcPort: number, env: Record<string, string>): Running =>
  launchBuiltApp(app, port, rpcPort, env);
export const stop = stopProcess;

/** What a client error may never show: an internal address, a stack frame, a file of ours. */
export const LEAK =
  /\b(?:\d{1,3}\.){3}\d{1,3}:\d{2,5}\b|\bat [\w$.<>]+ \(|node_modules|\/dist\/apps\/|\.ts:\d+|ECONNREFUSED/;
