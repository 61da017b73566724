import { loadKnowledge } from '@keel/jdk-detect';
import { type IsolatedDb, openIsolatedDb } from '@keel/test-harness';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BuildDiscovery, type DiscoverySettings } from '../src/builds/build-discovery';
import { DEFAULT_PROFILES, type JmhProfile } from '../src/harness/jmh-profile';
import { jmhStores, JmhRunnerService, type JmhStores } from '../src/requests/jmh-runner.service';
import { jmhMigrations } from '../src/migrations/jmh.migration';

export const workspaceRoot = path.resolve(__dirname, '../../..');
export const benchmarksJar = path.join(workspaceRoot, 'tools/jmh-benchmarks/target/benchmarks.jar');
export const faultyJar = path.join(workspaceRoot, 'tools/jmh-benchmarks/faulty/target/faulty-benchmarks.jar');
export const openJdk17 = '/usr/lib/jvm/java-17-openjdk-amd64';
export const temurin25 = '/usr/lib/jvm/temurin-25-jdk-amd64';
export const knowledgeDir = path.join(workspaceRoot, 'libs/jdk-detect/data');

export function requireJars(): void {
  for (const jar of [benchmarksJar, faultyJar])
    if (!existsSync(jar)) throw new Error(`${jar} is missing: run "npx nx run jmh-benchmarks:build" first`);
}

/** For the faulty benchmarks: one short fork each, nothing to measure well. */
export const TINY: JmhProfile = {
  ...DEFAULT_PROFILES['quick'],
  forks: 1,
  warmupIterations: 0,
  measurementIterations: 1,
  measurementTime: '100ms',
};

export interface TestRunner {
  db: IsolatedDb;
  stores: JmhStores;
  runner: JmhRunnerService;
  workDir: string;
  close(): Promise<void>;
}

/** The runner over an isolated PostgreSQL schema (migrated) and a private work directory. */
export async function openRunner(
  prefix: string,
  options: { discovery?: Partial<DiscoverySettings>; fetchImpl?: typeof fetch; leaseMs?: number } = {},
): Promise<TestRunner> {
  const db = await openIsolatedDb('postgres', { prefix, migrations: jmhMigrations });
  const workDir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  const stores = jmhStores(db.dataSource);
  const discovery = new BuildDiscovery(
    stores.builds,
    loadKnowledge(knowledgeDir),
    {
      jdkDirs: [],
      adoptiumFeatures: [],
      adoptiumDownload: false,
      downloadDir: path.join(workDir, 'downloads'),
      ...options.discovery,
    },
    options.fetchImpl,
  );
  const runner = new JmhRunnerService(stores, discovery, {
    profiles: { ...DEFAULT_PROFILES, tiny: TINY, tiny2: { ...TINY, forks: 2 } },
    defaultJar: benchmarksJar,
    // the suite, the fault fixtures, and a missing jar (to see it refused at run time)
    allowedJars: [benchmarksJar, faultyJar, '/nonexistent/benchmarks.jar'],
    buildRoots: [
      '/usr/lib/jvm',
      path.join(workDir, 'downloads'),
      ...(options.discovery?.dropDir ? [options.discovery.dropDir] : []),
    ],
    discoveryProfile: 'quick',
    workDir,
    harnessJava: 'java',
    leaseMs: options.leaseMs ?? 60_000,
    maxAttempts: 3,
  });
  return {
    db,
    stores,
    runner,
    workDir,
    close: async () => {
      await db.drop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
