import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** What the checks need to know about the repository: its apps, their ports and configuration keys. */
export const workspaceRoot = path.resolve(__dirname, '../../../..');

export const rootVersion = (
  JSON.parse(readFileSync(path.join(workspaceRoot, 'package.json'), 'utf8')) as { version: string }
).version;

/** Every app (a folder of apps/ with a project.json). */
/**
 * The apps that run as their own process (a Node bundle built by webpack, each with an image); the
 * console is static files the gateway serves (`apps/console`, built by Vite), not one of them.
 */
export function appNames(): string[] {
  const appsDir = path.join(workspaceRoot, 'apps');
  return readdirSync(appsDir)
    .filter((name) => existsSync(path.join(appsDir, name, 'project.json')))
    .filter((name) => existsSync(path.join(appsDir, name, 'webpack.config.cjs')))
    .sort();
}

export interface AppConfig {
  app: string;
  /** Every variable the app's config schema reads (its own keys and the base schema's). */
  keys: Set<string>;
  /** `PORT: port(3001)`: the default HTTP port; undefined for a CLI agent (jdk-scan). */
  port?: number;
  /** Whether the schema has RPC_PORT (the app answers @nestjs/microservices on PORT + 1000). */
  rpc: boolean;
}

const keyPattern = /^\s+([A-Z][A-Z0-9_]*):/gm;

function keysOf(source: string): string[] {
  return [...source.matchAll(keyPattern)].map((match) => match[1] as string);
}

/**
 * The app's configuration, read from the text of apps/<app>/src/config.ts (a tool may not import an
 * app): the keys of its zod schema and the default PORT. Undefined for an app without a config (a CLI).
 */
export function appConfig(app: string): AppConfig | undefined {
  const file = path.join(workspaceRoot, 'apps', app, 'src/config.ts');
  if (!existsSync(file)) return undefined;
  const source = readFileSync(file, 'utf8');
  const base = readFileSync(path.join(workspaceRoot, 'libs/service-runtime/src/lib/config.ts'), 'utf8');
  const baseSchema = /baseConfigSchema = z\.object\(\{([\s\S]*?)\n\}\)/.exec(base)?.[1] ?? '';
  const port = /\bPORT: port\((\d+)\)/.exec(source)?.[1];
  const usesBase = source.includes('baseConfigSchema');
  const keys = new Set([...keysOf(source), ...(usesBase ? keysOf(`\n${baseSchema}`) : [])]);
  return { app, keys, port: port ? Number(port) : undefined, rpc: keys.has('RPC_PORT') };
}

export type ServiceConfig = AppConfig & { port: number };

/** The apps that are servers (a config with PORT): everything but CLI agents such as jdk-scan. */
export function serviceApps(): ServiceConfig[] {
  return appNames()
    .map(appConfig)
    .filter((config): config is ServiceConfig => config?.port !== undefined);
}
