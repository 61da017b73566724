import type { ServiceRpcClient } from '@keel/service-runtime';
import {
  JMH_RUNNER_PATTERNS,
  type JmhBuild,
  type JmhBuildPage,
  type JmhComparison,
  type JmhDigest,
  type JmhRun,
} from '@keel/api-contracts';
import { bootstrapService } from '@keel/service-runtime';
import { eventually, freePort, serviceAuth, serviceRpcClient } from '@keel/test-harness';
import type { INestApplication } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { AppModule } from '../src/app.module';
import { loadJmhRunnerConfig } from '../src/config';
import { DEFAULT_PROFILES } from '../src/harness/jmh-profile';
import { benchmarksJar, knowledgeDir, openRunner, requireJars, type TestRunner } from './support';

// The whole app on real JDKs: discovery of /usr/lib/jvm, runs queued and executed by the app's worker
// (OpenJDK 17 and Temurin 25, quick profile, two benchmarks), stored in an isolated PG schema,
// compared, and a digest with SVG plots, over HTTP and RPC.
describe('jmh-runner end to end: OpenJDK 17 vs Temurin 25', () => {
  let t: TestRunner;
  let app: INestApplication;
  let http: string;
  let rpc: ServiceRpcClient;
  const send = <T>(pattern: { cmd: string }, payload: unknown) =>
    firstValueFrom(rpc.send<T>(pattern, payload));

  beforeAll(async () => {
    requireJars();
    t = await openRunner('jmh_e2e');
    const rpcPort = await freePort();
    const httpPort = await freePort();
    const config = loadJmhRunnerConfig({
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(httpPort),
      RPC_PORT: String(rpcPort),
      PLATFORM_DB_URL: t.db.url,
      JMH_JAR: benchmarksJar,
      JMH_WORK_DIR: t.workDir,
      JDK_DIRS: '/usr/lib/jvm',
      KEEL_JDK_DATA_DIR: knowledgeDir,
      DISCOVER_EVERY_H: '0',
      RUN_POLL_MS: '200',
      JMH_DISCOVERY_PROFILE: 'e2e',
      JMH_PROFILES: JSON.stringify({
        e2e: {
          ...DEFAULT_PROFILES['quick'],
          include: 'ReflectionBenchmark\\.(reflectiveInvoke|directCall)$',
        },
      }),
    });
    app = await bootstrapService(AppModule.forRoot(config), {
      service: 'jmh-runner',
      host: config.HOST,
      port: config.PORT,
      rpc: { host: config.HOST, port: rpcPort },
    });
    http = `http://127.0.0.1:${httpPort}`;
    rpc = serviceRpcClient('jmh-runner', rpcPort);
    await rpc.connect();
  });

  afterAll(async () => {
    await rpc?.close();
    await app?.close();
    await t?.close();
  });

  it('discovers, runs, compares and digests two real JDK builds', async () => {
    const discovered = (await (
      await fetch(`${http}/builds/discover`, { method: 'POST', headers: serviceAuth('jmh-runner') })
    ).json()) as {
      found: JmhBuild[];
      queued: JmhRun[];
    };
    // /usr/lib/jvm has four names for two JDKs: the aliases are one build each
    expect(discovered.found.map((b) => b.label).sort()).toEqual([
      expect.stringMatching(/^debian-17\.0\.\d+\+\d+$/),
      expect.stringMatching(/^temurin-25\.0\.\d+\+\d+$/),
    ]);
    expect(discovered.queued).toHaveLength(2);
    const openjdk = discovered.found.find((b) => b.feature === 17) as JmhBuild;
    const temurin = discovered.found.find((b) => b.feature === 25) as JmhBuild;
    expect(temurin.vendor).toBe('Eclipse Temurin');

    // the app's own worker executes the queued runs
    const runs = await eventually(
      async () => {
        const found = await send<(JmhRun | null)[]>(JMH_RUNNER_PATTERNS.runsByIds, {
          ids: discovered.queued.map((r) => r.id),
        });
        return found.every((r) => r?.status === 'done') ? (found as JmhRun[]) : undefined;
      },
      { timeoutMs: 130_000, intervalMs: 500 },
    );
    for (const run of runs)
      expect(run).toMatchObject({ resultCount: 2, crashedCount: 0, hungCount: 0, missingCount: 0 });

    const comparison = (await (
      await fetch(`${http}/comparisons`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...serviceAuth('jmh-runner') },
        body: JSON.stringify({ baselineBuildId: openjdk.id, candidateBuildId: temurin.id }),
      })
    ).json()) as JmhComparison;
    expect(comparison.sameVersion).toBe(false);
    expect(comparison.verdicts.map((v) => v.key)).toEqual([
      'dev.keel.jmh.ReflectionBenchmark.directCall [avgt]',
      'dev.keel.jmh.ReflectionBenchmark.reflectiveInvoke [avgt]',
    ]);
    const reflective = comparison.verdicts[1];
    // per fork, not pooled iterations: 3 forks a side, the ratio of their means, time per op inverted
    expect(reflective.baseline?.forkValues).toHaveLength(3);
    expect(reflective.candidate?.forkValues).toHaveLength(3);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ratio = mean(reflective.candidate?.forkValues ?? []) / mean(reflective.baseline?.forkValues ?? []);
    expect(reflective.ratio).toBeCloseTo(ratio, 10);
    expect(reflective).toMatchObject({ unit: 'ns/op', direction: 'lower-is-better', test: 'welch' });
    expect(reflective.speedup).toBeCloseTo(1 / ratio, 10);
    expect(reflective.speedupCi?.lower).toBeLessThanOrEqual(reflective.speedupCi?.upper ?? 0);
    expect(['regression', 'improvement', 'no-change', 'inconclusive']).toContain(reflective.status);
    expect(comparison.counts.crashed + comparison.counts.missing).toBe(0);

    const digest = await send<JmhDigest>(JMH_RUNNER_PATTERNS.digest, {
      buildId: temurin.id,
      againstBuildId: openjdk.id,
      inlineSvg: true,
    });
    expect(digest.comparisonId).toBe(comparison.id);
    expect(digest.regressions.every((v) => v.status === 'regression')).toBe(true);
    expect(digest.counts).toEqual(comparison.counts);
    expect(digest.markdown).toContain('**different feature releases**');
    expect(digest.plots).toHaveLength(2);
    for (const plot of digest.plots) {
      expect(existsSync(plot.path)).toBe(true);
      expect(plot.svg).toBe(readFileSync(plot.path, 'utf8'));
      expect(plot.svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\n$/);
    }

    const markdown = await fetch(`${http}/builds/${temurin.id}/digest?against=${openjdk.id}`, {
      headers: serviceAuth('jmh-runner'),
    });
    expect(markdown.headers.get('content-type')).toContain('text/markdown');
    expect(await markdown.text()).toContain(`# JMH digest: ${temurin.label}`);

    const page = await send<JmhBuildPage>(JMH_RUNNER_PATTERNS.listBuilds, { feature: 25 });
    expect(page.items.map((b) => b.id)).toEqual([temurin.id]);
    expect(page.items[0].runCount).toBe(1);
  });

  it('refuses bad requests naming the field, over HTTP (400) and RPC (BAD_USER_INPUT)', async () => {
    const response = await fetch(`${http}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...serviceAuth('jmh-runner') },
      body: JSON.stringify({ profile: 'quick' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe(
      'JmhRunnerBadRequest: "build" Required',
    );
    const unknown = await fetch(`${http}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...serviceAuth('jmh-runner') },
      body: JSON.stringify({ build: '/usr/lib/jvm/temurin-25-jdk-amd64', profile: 'nightly' }),
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain(
      '"profile": unknown profile "nightly"',
    );
    await expect(send(JMH_RUNNER_PATTERNS.digest, { buildId: 'x' })).rejects.toEqual(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        message: 'JmhRunnerBadRequest: "buildId" Invalid uuid',
      }),
    );
    await expect(
      send(JMH_RUNNER_PATTERNS.digest, { buildId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toEqual(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
