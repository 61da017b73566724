import { catalogEntities, runCatalogMigrations } from '@keel/catalog';
import {
  eventually,
  launchBuiltApp,
  openIsolatedDb,
  portsFor,
  stackEnv,
  stopProcess,
  uniqueName,
  untilAnswering,
  type BuiltApp,
  type IsolatedDb,
} from '@keel/test-harness';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// The web console in Debian's Chromium (playwright-core, no downloaded browser) against the gateway,
// jdk-inventory, jmh-runner and indexer-batch started from dist/ on the real stack, with the demo
// fleet loaded through jdk-inventory's own ingest and JMH results seeded in jmh-runner's tables. Every
// plot is compared with what the API answers for the same question; each page is screenshotted
// into docs/console/.
const workspaceRoot = path.resolve(__dirname, '../../..');
const shotsDir = path.join(workspaceRoot, 'docs/console');
const stack = stackEnv();
const APPS = ['gateway', 'jdk-inventory', 'jmh-runner', 'indexer-batch', 'indexer-recovery'] as const;
type App = (typeof APPS)[number];
const CHROMIUM = process.env['KEEL_CHROMIUM'] ?? '/usr/bin/chromium';

type Running = BuiltApp;

const launch = (app: App, port: number, rpcPort: number, env: Record<string, string>): Running =>
  launchBuiltApp(app, port, rpcPort, env);
const stop = stopProcess;

const forks = (mean: number, spread: number, n = 5) =>
  Array.from({ length: n }, (_, f) => [0, 1, 2].map((i) => mean + spread * Math.sin(f * 3 + i)));

describe('web console in Chromium', () => {
  let platform: IsolatedDb;
  let shop: IsolatedDb;
  let profileDir = '';
  let context: BrowserContext;
  let page: Page;
  const apps = {} as Record<App, Running>;
  const external: string[] = [];
  const consoleErrors: string[] = [];
  let token = '';
  let operator = '';
  const alias = uniqueName('console-products');
  const index = `${alias}-20261202t150000000`;
  const base = () => `http://127.0.0.1:${apps.gateway.port}`;

  async function api<T>(query: string, variables: Record<string, unknown> = {}, as = token): Promise<T> {
    const response = await fetch(`${base()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${as}` },
      body: JSON.stringify({ query, variables }),
    }).catch((error: Error) => {
      throw new Error(
        `${error.message} (${String(error.cause)}); gateway: ${apps.gateway.output().slice(-2000)}`,
      );
    });
    const body = (await response.json()) as { data: T; errors?: unknown[] };
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  /** Runs a CLI of the build without blocking the event loop (a blocked loop leaves dead keep-alive sockets). */
  async function cli(file: string, args: string[]): Promise<string> {
    const child = spawn(process.execPath, [path.join(workspaceRoot, file), ...args], {
      cwd: workspaceRoot,
      env: { ...process.env, PLATFORM_DB_URL: platform.url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`${file} ${args.join(' ')} failed (${code}): ${err}`);
    return out.trim();
  }

  /** Three builds with done runs: Temurin 21 clean against Oracle 8, Temurin 25 with a regression and a crash. */
  async function seedBenchmarks(): Promise<void> {
    const db = platform.dataSource;
    const build = async (distribution: string, vendor: string, version: string) => {
      const id = randomUUID();
      await db.query(
        `INSERT INTO jmh_builds (id, identity, source, java_home, label, vendor, distribution, version, feature)
         VALUES ($1, $2, 'local', $3, $4, $5, $6, $7, $8)`,
        [
          id,
          `${distribution}-${version}`,
          `/usr/lib/jvm/${distribution}-${version}`,
          `${distribution}-${version}`,
          vendor,
          distribution,
          version,
          Number(version.split('.')[0]),
        ],
      );
      const run = randomUUID();
      await db.query(
        `INSERT INTO jmh_runs (id, build_id, profile, include, jar_path, settings, status, attempts, started_at, finished_at, exit_code)
         VALUES ($1, $2, 'quick', '.*', 'benchmarks.jar', '{}', 'done', 1, now() - interval '10 minutes', now(), 0)`,
        [run, id],
      );
      return run;
    };
    const ok = async (run: string, benchmark: string, mean: number) =>
      db.query(
        `INSERT INTO jmh_results (run_id, key, benchmark, mode, params, status, unit, score, forks, secondary)
         VALUES ($1, $2, $3, 'thrpt', '{}', 'ok', 'ops/ms', $4, $5, '{}')`,
        [run, `${benchmark} [thrpt]`, benchmark, mean, JSON.stringify(forks(mean, mean * 0.004))],
      );
    const oracle = await build('oracle', 'Oracle JDK', '8.0.381');
    const t21 = await build('temurin', 'Eclipse Temurin', '21.0.12');
    const t25 = await build('temurin', 'Eclipse Temurin', '25.0.4');
    const suite = [
      'dev.keel.jmh.StringBenchmark.concat',
      'dev.keel.jmh.CollectionsBenchmark.sortCopy',
      'dev.keel.jmh.MapBenchmark.lookup',
    ];
    for (const b of suite) await ok(oracle, b, 1000);
    await ok(t21, suite[0], 1200);
    await ok(t21, suite[1], 1001);
    await ok(t21, suite[2], 1150);
    await ok(t25, suite[0], 700);
    await ok(t25, suite[1], 1300);
    await db.query(
      `INSERT INTO jmh_results (run_id, key, benchmark, mode, params, status, reason)
       VALUES ($1, $2, $3, 'thrpt', 'null', 'crashed', 'fork 1 exited with SIGSEGV (hs_err_pid4242.log)')`,
      [t25, `${suite[2]} [thrpt]`, suite[2]],
    );
  }

  async function open(hash: string): Promise<void> {
    await page.goto(`${base()}/console/${hash}`);
    await page.waitForSelector('main[data-ready="true"]', { timeout: 60_000 });
  }

  async function chart(id: string) {
    await page.waitForFunction((c) => Boolean(window.keelCharts?.[c]), id, { timeout: 30_000 });
    return page.evaluate((c) => window.keelCharts[c], id);
  }

  /** Pixels the canvas actually painted: a placeholder or an unpainted canvas has none. */
  async function paintedPixels(id: string): Promise<number> {
    return page.evaluate((c) => {
      const canvas = document.getElementById(`chart-${c}`) as HTMLCanvasElement | null;
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return 0;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    }, id);
  }

  async function screenshot(name: string): Promise<void> {
    mkdirSync(shotsDir, { recursive: true });
    await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    [platform, shop] = await Promise.all([
      openIsolatedDb('postgres', { prefix: 'console' }),
      openIsolatedDb('mysql', { entities: catalogEntities, prefix: 'console' }),
    ]);
    await runCatalogMigrations(shop.dataSource);
    // an (empty) index of the alias family with its read and write aliases, as a rebuild leaves it
    const created = await fetch(`${stack.elasticsearchUrl}/${index}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ aliases: { [alias]: {}, [`${alias}-write`]: { is_write_index: true } } }),
    });
    if (!created.ok) throw new Error(`create ${index}: ${await created.text()}`);
    const emptyJdkDir = mkdtempSync(path.join(tmpdir(), 'console-jdks-'));
    const ports = await portsFor(APPS);
    const rpc = (app: App) => `tcp://127.0.0.1:${ports[app][1]}`;
    const common = { PLATFORM_DB_URL: platform.url, SHOP_DB_URL: shop.url };
    const env: Record<App, Record<string, string>> = {
      'jdk-inventory': {
        ...common,
        REPORTS_CONSUMER: 'false',
        SWEEP_ENABLED: 'false',
        ROLLUP_MAX_AGE_S: '0',
        JMH_RUNNER_RPC_URL: rpc('jmh-runner'),
      },
      // nothing runs JMH here: the results are seeded, the comparisons are jmh-runner's own
      'jmh-runner': { ...common, RUN_WORKER: 'false', DISCOVER_EVERY_H: '0', JDK_DIRS: emptyJdkDir },
      'indexer-batch': {
        ...common,
        PRODUCTS_WRITE_ALIAS: `${alias}-write`,
        BATCH_ELECTION: uniqueName('console-batch'),
        BATCH_INTERVAL_MS: '3600000',
      },
      // the gateway asks it for the recovery runs (it owns recovery_runs); nothing is rebuilt here
      'indexer-recovery': { ...common, PRODUCTS_ALIAS: alias },
      gateway: {
        ...common,
        PRODUCTS_ALIAS: alias,
        PRODUCTS_READ_ALIAS: alias,
        STREAM_TOPIC: uniqueName('console-stream'),
        JDK_INVENTORY_RPC_URL: rpc('jdk-inventory'),
        JMH_RUNNER_RPC_URL: rpc('jmh-runner'),
        INDEXER_BATCH_RPC_URL: rpc('indexer-batch'),
        INDEXER_RECOVERY_RPC_URL: rpc('indexer-recovery'),
        CONSOLE_DIR: path.join(workspaceRoot, 'dist/apps/console'),
      },
    };
    // the inventory and jmh-runner create their tables first; the demo fleet and benchmarks go in after
    for (const app of APPS) apps[app] = launch(app, ports[app][0], ports[app][1], env[app]);
    await untilAnswering(apps, '/health', { timeoutMs: 90_000 });
    const loaded = await cli('dist/apps/jdk-inventory/demo-fleet.js', ['--hosts', '400', '--weeks', '6']);
    console.log(loaded);
    await seedBenchmarks();
    token = await cli('dist/apps/gateway/cli.js', [
      'token',
      'create',
      '--name',
      'console-viewer',
      '--role',
      'viewer',
    ]);
    operator = await cli('dist/apps/gateway/cli.js', [
      'token',
      'create',
      '--name',
      'console-operator',
      '--role',
      'operator',
    ]);
    const now = Date.now();
    const windows = [
      [now - 7_200_000, now - 3_600_000],
      [now - 3_600_000, now - 600_000],
    ];
    for (const [i, [from, to]] of windows.entries()) {
      // one window at a time: indexer-batch refuses a second while one runs (CONFLICT)
      await api(
        'mutation($from: DateTime, $to: DateTime) { runBatchWindow(from: $from, to: $to) { accepted } }',
        { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
        operator,
      );
      await eventually(
        async () => {
          const d = await api<{ batchHistory: { edges: { node: { kind: string; status: string } }[] } }>(
            '{ batchHistory(first: 10) { edges { node { kind status } } } }',
          );
          // the scheduler's own first window may be there too: count the manual ones
          const manual = d.batchHistory.edges.map((e) => e.node).filter((w) => w.kind === 'manual');
          return manual.length === i + 1 && manual.every((w) => w.status !== 'running');
        },
        { what: `batch window ${i + 1} done`, timeoutMs: 30_000 },
      );
    }

    profileDir = mkdtempSync(path.join(tmpdir(), 'console-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // everything comes from the gateway: a request anywhere else is a bug (and would fail offline)
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      external.push(url.href);
      return route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await Promise.all(Object.values(apps).map((running) => stop(running.child)));
    for (const [app, running] of Object.entries(apps)) {
      writeFileSync(path.join(tmpdir(), `keel-console-e2e-${app}.log`), running.output());
    }
    await fetch(`${stack.elasticsearchUrl}/${index}`, { method: 'DELETE' }).catch(() => undefined);
    await platform?.drop();
    await shop?.drop();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('refuses a wrong token with advice, signs in with a real one, and never puts it in a URL', async () => {
    await page.goto(`${base()}/console/`);
    await page.fill('#token', 'keel_not-a-token');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=refused the token');
    await page.fill('#token', token);
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-ready="true"]');
    expect(page.url()).not.toContain(token);
    expect(await page.evaluate(() => sessionStorage.getItem('keel.console.token'))).toBe(token);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });

  it('Fleet: the stacked areas and the figures are the API`s numbers', async () => {
    await open('#/fleet');
    const api1 = await api<{
      jdkSummary: { hosts: number; installations: number };
      jdkTrends: { weeks: string[]; points: { weekStart: string; key: string; installations: number }[] };
    }>(
      '{ jdkSummary { hosts installations } jdkTrends(weeks: 12, groupBy: "vendor") { weeks points { weekStart key installations } } }',
    );
    expect(api1.jdkSummary.hosts).toBe(400);
    expect(await page.textContent('[data-stat=hosts] .stat-value')).toBe('400');
    expect(await page.textContent('[data-stat=installations] .stat-value')).toBe(
      api1.jdkSummary.installations.toLocaleString('en'),
    );
    const drawn = await chart('fleet-vendor');
    expect(drawn.labels).toHaveLength(api1.jdkTrends.weeks.length);
    const keys = new Set(api1.jdkTrends.points.map((p) => p.key));
    expect(drawn.datasets.map((d) => d.label).sort()).toEqual([...keys].sort());
    for (const d of drawn.datasets) {
      const expected = api1.jdkTrends.weeks.map((w) =>
        api1.jdkTrends.points
          .filter((p) => p.key === d.label && p.weekStart === w)
          .reduce((n, p) => n + p.installations, 0),
      );
      expect(d.data).toEqual(expected);
    }
    // six weeks of reports: the oldest plotted week with data is five weeks back, and oracle shrinks
    const oracle = drawn.datasets.find((d) => d.label === 'oracle');
    const firstWeek = (oracle?.data as number[]).findIndex((n) => n > 0);
    expect((oracle?.data as number[]).at(-1)).toBeLessThan((oracle?.data as number[])[firstWeek]);
    await eventually(async () => (await paintedPixels('fleet-vendor')) > 2000, {
      what: 'the stacked area painted',
    });
    await chart('fleet-train');
    await chart('fleet-exposure');
    await screenshot('fleet');
  });

  it('Hosts: cursor pages match the API, and a host shows its installations, JVMs and blockers', async () => {
    await open('#/hosts');
    const q = `query($after: String) { jdkHosts(first: 25, after: $after) { totalCount pageInfo { endCursor } edges { node { id hostname } } } }`;
    type Hosts = {
      jdkHosts: {
        totalCount: number;
        pageInfo: { endCursor: string };
        edges: { node: { hostname: string } }[];
      };
    };
    const first = await api<Hosts>(q);
    const second = await api<Hosts>(q, { after: first.jdkHosts.pageInfo.endCursor });
    expect(await page.getAttribute('[data-total]', 'data-total')).toBe(String(first.jdkHosts.totalCount));
    const names = async () =>
      page.$$eval('.results tbody tr td:first-child', (cells) => cells.map((c) => c.textContent));
    expect(await names()).toEqual(first.jdkHosts.edges.map((e) => e.node.hostname));
    await page.click('text=Next page');
    await page.waitForFunction(
      (h) => document.querySelector('.results tbody td')?.textContent === h,
      second.jdkHosts.edges[0].node.hostname,
    );
    expect(await names()).toEqual(second.jdkHosts.edges.map((e) => e.node.hostname));
    // an Oracle 8 host of payments, by the filters, then its detail
    await page.fill('#vendor', 'oracle');
    await page.fill('#feature', '8');
    await page.fill('#hteam', 'payments');
    await page.click('form[aria-label="Search hosts"] button[type=submit]');
    await page.waitForSelector('.results tbody button');
    await page.click('.results tbody button');
    await page.waitForSelector('.detail h2');
    const detail = await page.textContent('.detail');
    expect(detail).toContain('Oracle JDK');
    expect(detail).toMatch(/MaxPermSize/);
    await screenshot('hosts');
  });

  it('Upgrade plan: waves and exposure plotted from the plan, Oracle 8 payments gets Temurin 21 with its fixes, CSV download', async () => {
    await open('#/plan');
    const plan = await api<{
      jdkUpgradePlan: {
        csv: string;
        waves: { name: string; hosts: number }[];
        groups: {
          edges: {
            node: {
              key: string;
              target: { vendor: string; feature: number } | null;
              blockers: { found: string; fix: string }[];
              candidates: { chosen: boolean; benchmarks: { regression: number; crashed: number } | null }[];
            };
          }[];
        };
      };
    }>(
      '{ jdkUpgradePlan(first: 500) { csv waves { name hosts } groups { edges { node { key target { vendor feature } blockers { found fix } candidates { chosen benchmarks { regression crashed } } } } } } }',
    );
    const waves = await chart('plan-waves');
    expect(waves.datasets[0].data).toEqual(plan.jdkUpgradePlan.waves.map((w) => w.hosts));
    expect(plan.jdkUpgradePlan.waves[0].name).toBe('licence-risk');
    const payments = plan.jdkUpgradePlan.groups.edges
      .map((e) => e.node)
      .find((g) => g.key === 'payments/prod/oracle/8');
    // the seeded verdicts: Temurin 25 regressed and crashed against Oracle 8, Temurin 21 did not
    expect(payments?.target).toEqual({ vendor: 'Eclipse Temurin', feature: 21 });
    expect(payments?.candidates.find((c) => c.chosen)?.benchmarks).toEqual({ regression: 0, crashed: 0 });
    expect(payments?.blockers.map((b) => b.found)).toEqual(
      expect.arrayContaining(['-XX:MaxPermSize=256m', '-XX:+UseConcMarkSweepGC']),
    );
    await page.click('tr[data-group="payments/prod/oracle/8"] button');
    const row = await page.textContent('tr[data-group="payments/prod/oracle/8"] + tr');
    expect(row).toContain('-XX:MaxMetaspaceSize');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const file = await download.path();
    expect(readFileSync(file, 'utf8')).toBe(plan.jdkUpgradePlan.csv);
    await eventually(async () => (await paintedPixels('plan-waves')) > 1000, { what: 'plan-waves painted' });
    await screenshot('plan');
  });

  it('Benchmarks: the comparison plot is jmh-runner`s verdicts, with the crash marked', async () => {
    await open('#/benchmarks');
    const builds = await api<{ jmhBuilds: { edges: { node: { id: string; label: string } }[] } }>(
      '{ jmhBuilds(first: 100) { edges { node { id label } } } }',
    );
    const id = (label: string) => builds.jmhBuilds.edges.find((e) => e.node.label === label)?.node.id ?? '';
    await page.selectOption('#baseline', id('oracle-8.0.381'));
    await page.selectOption('#candidate', id('temurin-25.0.4'));
    await page.evaluate(() => delete window.keelCharts['bench-compare']);
    await page.click('form[aria-label="Compare builds"] button[type=submit]');
    const drawn = await chart('bench-compare');
    const cmp = await api<{
      jmhCompare: {
        counts: { regression: number; crashed: number };
        verdicts: { key: string; status: string; speedup: number | null }[];
      };
    }>(
      'query($a: ID, $b: ID) { jmhCompare(baselineBuildId: $a, candidateBuildId: $b) { counts { regression crashed } verdicts { key status speedup } } }',
      { a: id('oracle-8.0.381'), b: id('temurin-25.0.4') },
    );
    expect(cmp.jmhCompare.counts).toEqual({ regression: 1, crashed: 1 });
    expect(drawn.labels).toEqual(cmp.jmhCompare.verdicts.map((v) => v.key.replace(/^dev\.keel\.jmh\./, '')));
    const estimate = drawn.datasets.find((d) => d.label === 'estimate');
    expect(estimate?.data).toEqual(
      cmp.jmhCompare.verdicts.map((v) => (v.status === 'crashed' ? null : v.speedup)),
    );
    const marks = drawn.datasets.find((d) => d.label === 'crashed or hung');
    expect(marks?.data).toEqual(cmp.jmhCompare.verdicts.map((v) => (v.status === 'crashed' ? 1 : null)));
    expect(await page.textContent('.comparison p')).toMatch(
      /^1 regression\(s\), 1 improvement\(s\).*1 crashed/,
    );
    await eventually(async () => (await paintedPixels('bench-compare')) > 1000, {
      what: 'bench-compare painted',
    });
    await screenshot('benchmarks');
  });

  it('Indexing: the batch windows timeline is the batch history, the index its document count', async () => {
    await open('#/indexing');
    const drawn = await chart('index-batches');
    const history = await api<{
      batchHistory: { edges: { node: { id: string; windowStart: string; windowEnd: string } }[] };
    }>('{ batchHistory(first: 30) { edges { node { id windowStart windowEnd } } } }');
    const windows = history.batchHistory.edges.map((e) => e.node).reverse();
    expect(drawn.datasets[0].data).toEqual(
      windows.map((w) => [Date.parse(w.windowStart), Date.parse(w.windowEnd)]),
    );
    const docs = await chart('index-docs');
    expect(docs.labels).toEqual([`${index} (live)`]);
    expect(docs.datasets[0].data).toEqual([0]);
    // no rebuild ran: the empty state says so
    expect(await page.textContent('main')).toContain('No rebuild has run.');
    await screenshot('indexing');
  });

  it('is usable from the keyboard: Tab to the navigation, Enter opens a page', async () => {
    await open('#/fleet');
    // from the top of the document
    await page.reload();
    await page.waitForSelector('main[data-ready="true"]');
    await page.keyboard.press('Tab'); // skip link
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab'); // Fleet
    await page.keyboard.press('Tab'); // Hosts
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hosts');
    await page.keyboard.press('Enter');
    // the page marks itself ready, then the router moves the focus to it: wait for both, with a deadline
    await page
      .waitForFunction(
        () =>
          location.hash === '#/hosts' &&
          document.querySelector('main[data-ready="true"]') &&
          document.activeElement?.id === 'main',
        undefined,
        { timeout: 5_000 },
      )
      .catch(() => undefined);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('an app that is down fails only its part, with what to do', async () => {
    await stop(apps['jmh-runner'].child);
    await open('#/benchmarks');
    expect(await page.textContent('[role=alert]')).toMatch(
      /down or slow: check "npx nx run platform:status"/,
    );
    // nothing was fetched from anywhere but the gateway, and no script error on any page
    expect(external).toEqual([]);
    expect(consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
