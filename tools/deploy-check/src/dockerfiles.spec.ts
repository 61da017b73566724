import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execForm, parseDockerfile, type Stage } from './lib/dockerfile';
import { appConfig, appNames, workspaceRoot } from './lib/workspace';

// No Docker engine runs here (nor, necessarily, in CI): the packaging rules of every Dockerfile are
// checked by reading it. `npx nx run deploy-check:images` builds them where an engine exists.
const apps = appNames();
const dockerfile = (app: string) => path.join(workspaceRoot, 'apps', app, 'Dockerfile');
const stagesOf = (app: string): Stage[] => parseDockerfile(readFileSync(dockerfile(app), 'utf8'));
const runtimeOf = (app: string): Stage => stagesOf(app).at(-1) as Stage;
const args = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const envOf = (stage: Stage): Record<string, string> =>
  Object.fromEntries(
    args(stage, 'ENV').flatMap((line) =>
      [...line.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1] as string, m[2] as string]),
    ),
  );
const dockerignore = readFileSync(path.join(workspaceRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

describe.each(apps)('apps/%s/Dockerfile', (app) => {
  const config = appConfig(app);

  it('exists', () => {
    expect(existsSync(dockerfile(app))).toBe(true);
  });

  it('is multi-stage, every base image pinned to a version (no latest, no bare name)', () => {
    const stages = stagesOf(app);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names = new Set(stages.map((s) => s.name).filter(Boolean));
    for (const { image } of stages) {
      if (names.has(image)) continue;
      const tag = /:([^/@]+)$/.exec(image)?.[1];
      expect({ image, pinned: Boolean(tag && tag !== 'latest' && /\d/.test(tag)) }).toEqual({
        image,
        pinned: true,
      });
    }
  });

  it('installs production dependencies only, exactly as locked', () => {
    const runs = stagesOf(app).flatMap((stage) => args(stage, 'RUN'));
    expect(runs.some((run) => /npm ci\b.*--omit=dev/.test(run))).toBe(true);
    for (const run of runs) {
      // the only `npm install` allowed prunes the lock file; it installs nothing
      for (const install of run.split('&&').filter((part) => /npm (install|i)\b/.test(part))) {
        expect(install).toContain('--package-lock-only');
        expect(install).toContain('--omit=dev');
      }
    }
  });

  it('copies the Nx build output into the runtime stage and runs as a non-root numeric user', () => {
    const runtime = runtimeOf(app);
    expect(args(runtime, 'COPY')).toContain(`dist/apps/${app}/ ./`);
    const users = args(runtime, 'USER');
    expect(users.length).toBe(1);
    expect(users[0]).toMatch(/^[1-9]\d*(:\d+)?$/);
    const copiesFromContext = stagesOf(app)
      .flatMap((stage) => args(stage, 'COPY'))
      .filter((copy) => !copy.startsWith('--from='))
      .flatMap((copy) => copy.split(/\s+/).slice(0, -1));
    for (const source of copiesFromContext) {
      // .dockerignore excludes everything but what the Dockerfiles copy
      const allowed = dockerignore.some((line) => line.startsWith('!') && source.startsWith(line.slice(1)));
      expect({ source, allowed }).toEqual({ source, allowed: true });
    }
  });

  if (config?.port !== undefined) {
    const port = config.port;
    it(`serves on ${port} as the config says, health-checked on /health/live`, () => {
      const runtime = runtimeOf(app);
      expect(envOf(runtime)).toMatchObject({ PORT: String(port), HOST: '0.0.0.0', NODE_ENV: 'production' });
      const exposed = args(runtime, 'EXPOSE').flatMap((line) => line.split(/\s+/));
      expect(exposed).toContain(String(port));
      if (config.rpc) expect(exposed).toContain(String(port + 1000));
      const [healthcheck] = args(runtime, 'HEALTHCHECK');
      expect(healthcheck).toContain('/health/live');
      expect(healthcheck).toContain('process.env.PORT');
      expect(execForm(args(runtime, 'CMD')[0] ?? '')).toEqual(['node', '--enable-source-maps', 'main.js']);
    });

    it('sets only variables its config reads, or ones a lib or the runtime reads', () => {
      const readByOthers = new Set(['NODE_ENV', 'KEEL_JDK_DATA_DIR', 'JAVA_HOME', 'PATH']);
      for (const name of Object.keys(envOf(runtimeOf(app)))) {
        expect({ name, known: config.keys.has(name) || readByOthers.has(name) }).toEqual({
          name,
          known: true,
        });
      }
    });
  } else {
    it('is a CLI: no HEALTHCHECK, the agent as entry point', () => {
      const runtime = runtimeOf(app);
      expect(args(runtime, 'HEALTHCHECK')).toEqual(['NONE']);
      expect(execForm(args(runtime, 'ENTRYPOINT')[0] ?? '')).toEqual([
        'node',
        '--enable-source-maps',
        'main.js',
      ]);
    });
  }
});

describe('every Dockerfile', () => {
  it('runs the same Node base image, the version the workspace is tested on', () => {
    const bases = new Set(
      apps.flatMap((app) => stagesOf(app).map((s) => s.image)).filter((i) => i.startsWith('node:')),
    );
    expect(bases.size).toBe(1);
    const [base] = [...bases];
    const nodeMajor = process.versions.node.split('.')[0];
    expect(base).toMatch(new RegExp(`^node:${nodeMajor}\\.\\d+\\.\\d+-`));
  });

  it('jmh-runner carries a JDK, the benchmarks jar and the JVM settings its config reads', () => {
    const runtime = runtimeOf('jmh-runner');
    expect(args(runtime, 'COPY')).toEqual(
      expect.arrayContaining([
        '--from=jdk /opt/java/openjdk /opt/java/openjdk',
        'tools/jmh-benchmarks/target/benchmarks.jar ./jmh/benchmarks.jar',
      ]),
    );
    expect(envOf(runtime)).toMatchObject({
      JAVA_HOME: '/opt/java/openjdk',
      JMH_HARNESS_JAVA: '/opt/java/openjdk/bin/java',
      JMH_JAR: '/app/jmh/benchmarks.jar',
    });
  });

  it('ships jdk-detect data to every app whose bundle uses jdk-detect', () => {
    for (const app of apps) {
      const src = path.join(workspaceRoot, 'apps', app, 'src');
      const uses = readdirSync(src, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .some((file) => readFileSync(path.join(src, file), 'utf8').includes("from '@keel/jdk-detect'"));
      if (!uses) continue;
      const runtime = runtimeOf(app);
      expect({ app, data: args(runtime, 'COPY').includes('libs/jdk-detect/data/ ./jdk-data/') }).toEqual({
        app,
        data: true,
      });
      expect(envOf(runtime)['KEEL_JDK_DATA_DIR']).toBe('/app/jdk-data');
    }
  });
});

describe('parseDockerfile', () => {
  it('joins continuations, skips comments and names stages', () => {
    const stages = parseDockerfile(
      '# c\nFROM a:1 AS one\nRUN x \\\n  # inner\n  && y\nFROM one\nUSER 1000\n',
    );
    expect(stages).toEqual([
      { image: 'a:1', name: 'one', instructions: [{ keyword: 'RUN', args: 'x && y', line: 3 }] },
      { image: 'one', name: undefined, instructions: [{ keyword: 'USER', args: '1000', line: 7 }] },
    ]);
  });
});
