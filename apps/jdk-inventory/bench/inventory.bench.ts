/**
 * `npx nx run jdk-inventory:bench [--hosts 300000] [--repeat 25] [--partitions 6] [--concurrency 3]
 *  [--http-reports 20000] [--http-clients 256] [--keep]`:
 * figures, not verdicts.
 *
 * Generates a realistic fleet (vendor/version mix, ~200 teams, some Oracle, some EOL trains, JVM
 * options), produces one report per host to a fresh Kafka topic, then runs the inventory (the app's
 * own module: migrations, Kafka consumer, bulk ingest) against a fresh PostgreSQL schema and measures
 * reports/s from the consumer's start until every report is stored. Then it times each summary query
 * at that size (`--repeat` runs after two warm-ups) and prints p50/p95, and the bench process's peak RSS.
 * Between the two, `--http-reports` hosts report again through `POST /reports` from `--http-clients`
 * concurrent clients in another process (bench/http-clients.ts; the fleet then already holds every
 * host): the HTTP ingest figure.
 * This machine's PostgreSQL runs without autovacuum, so the bench runs `VACUUM (ANALYZE)` after the
 * ingest, as autovacuum would (statistics and the visibility map the index-only counts rely on).
 * Goal: >= 2,000 reports/s ingest, p95 <= 100 ms per summary query.
 */
import 'reflect-metadata';
import { loadAgentKeyIssuer } from '@keel/service-runtime';
import { dataSourceOptionsFromUrl } from '@keel/datasource';
import { createKafka, createProducer, ensureTopics } from '@keel/kafka-bus';
import { freePort, percentile, runResultScript } from '@keel/test-harness';
import { bootstrapService } from '@keel/service-runtime';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import path from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadJdkInventoryConfig } from '../src/config';
import { ReportConsumerService } from '../src/ingest/report-consumer.service';
import { InventoryQueryService } from '../src/fleet-queries/inventory-query.service';
import { InventoryRollupService } from '../src/maintenance/inventory-rollup.service';
import { parseRequest } from '../src/fleet-queries/inventory-requests';
import { deriveReport } from '../src/inventory/derive';
import { parseReportMessage } from '../src/ingest/report-validation';
import { loadKnowledge } from '@keel/jdk-detect';
import { generateFleet } from './fleet-generator';

const { values } = parseArgs({
  options: {
    hosts: { type: 'string', default: '300000' },
    repeat: { type: 'string', default: '25' },
    partitions: { type: 'string', default: '6' },
    'round-size': { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '3' },
    'http-reports': { type: 'string', default: '20000' },
    'http-clients': { type: 'string', default: '256' },
    'db-url': {
      type: 'string',
      default: process.env['PLATFORM_DB_URL'] ?? 'postgres://postgres@127.0.0.1:5432/keel',
    },
    brokers: { type: 'string', default: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092' },
    keep: { type: 'boolean', default: false },
  },
});
const hosts = Number(values.hosts);
const repeat = Number(values.repeat);
const stamp = Date.now().toString(36);
const out = (line: string) => process.stdout.write(`${line}\n`);
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const schema = `jdk_bench_${stamp}`;
  const admin = new DataSource(dataSourceOptionsFromUrl(values['db-url'], { poolSize: 1 }));
  await admin.initialize();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const dbUrl = `${values['db-url']}${values['db-url'].includes('?') ? '&' : '?'}schema=${schema}`;
  const topic = `jdk-bench-${stamp}`;
  const brokers = values.brokers.split(',');
  const kafka = createKafka({ clientId: 'jdk-inventory-bench', brokers });
  const kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();
  let app: INestApplication | undefined;
  try {
    out(`machine: load average ${load()} (2 cores shared)`);
    out(`fleet: ${hosts} hosts, topic ${topic} (${values.partitions} partitions), schema ${schema}`);
    await ensureTopics(kafkaAdmin, [
      { topic, numPartitions: Number(values.partitions) },
      { topic: `${topic}.dlq`, numPartitions: 1 },
    ]);
    const producer = createProducer(kafka);
    await producer.connect();
    const produceStart = performance.now();
    // each report carries its host's agent key, as a real agent's does
    const agents = loadAgentKeyIssuer('jdk-inventory-bench');
    let batch: { key: string; value: string; headers: Record<string, string> }[] = [];
    let bytes = 0;
    let installations = 0;
    let jvms = 0;
    for (const report of generateFleet({ hosts, teams: 200, seed: 7 })) {
      const value = JSON.stringify(report);
      bytes += value.length;
      installations += report.installations.length;
      jvms += report.jvms.length;
      batch.push({
        key: report.host.hostname,
        value,
        headers: { 'keel-agent-key': agents.issue(report.host.hostname) },
      });
      if (batch.length === 2000) {
        await producer.send({ topic, messages: batch });
        batch = [];
      }
    }
    if (batch.length > 0) await producer.send({ topic, messages: batch });
    await producer.disconnect();
    const produceS = (performance.now() - produceStart) / 1000;
    out(
      `produced ${hosts} reports (${installations} installations, ${jvms} JVMs, ${Math.round(bytes / 1e6)} MB) in ` +
        `${produceS.toFixed(1)} s (generator + kafkajs producer)`,
    );

    // the limit, in the same run: what the app's own work per report (JSON parse, validation, the
    // derivations) allows on one core, with no database; the ingest figure cannot exceed it
    {
      const knowledge = loadKnowledge(loadJdkInventoryConfig(process.env).KEEL_JDK_DATA_DIR);
      const sample = [...generateFleet({ hosts: 20_000, teams: 200, seed: 11 })].map((r) =>
        Buffer.from(JSON.stringify(r)),
      );
      const onDate = new Date();
      const cpuStart = performance.now();
      for (const message of sample) deriveReport(parseReportMessage(message), knowledge, onDate);
      const cpuS = (performance.now() - cpuStart) / 1000;
      out(
        `limit (same run): parse + validate + derive alone ${Math.round(sample.length / cpuS)} reports/s on one core ` +
          `(${sample.length} reports, no database)`,
      );
    }
    const config = loadJdkInventoryConfig({
      ...process.env,
      LOG_LEVEL: 'error',
      PLATFORM_DB_URL: dbUrl,
      KAFKA_BROKERS: values.brokers,
      REPORTS_TOPIC: topic,
      REPORTS_GROUP_ID: `jdk-bench-${stamp}`,
      REPORTS_ROUND_SIZE: values['round-size'],
      REPORTS_CONCURRENCY: values.concurrency,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      RPC_PORT: String(await freePort()),
      SWEEP_ENABLED: 'false',
    });
    const ingestStart = performance.now();
    app = await bootstrapService(AppModule.forRoot(config), {
      service: 'jdk-inventory',
      host: config.HOST,
      port: config.PORT,
      rpc: { host: config.HOST, port: config.RPC_PORT },
      jsonBodyLimit: `${config.REPORTS_BODY_LIMIT_MB}mb`,
    });
    const consumer = app.get(ReportConsumerService);
    let last = 0;
    let lastAt = ingestStart;
    let firstAt: number | undefined;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const stats = consumer.stats();
      const done = stats.stored + stats.duplicates + stats.deadLetters;
      const now = performance.now();
      if (firstAt === undefined && done > 0) firstAt = now - 1000;
      if (
        done - last > 0 &&
        Math.floor((now - ingestStart) / 10_000) !== Math.floor((lastAt - ingestStart) / 10_000)
      ) {
        out(
          `  ${done} reports, ${Math.round(((done - last) * 1000) / (now - lastAt))} reports/s, load ${load()}`,
        );
        last = done;
        lastAt = now;
      }
      if (done >= hosts) break;
    }
    const ingestS = (performance.now() - ingestStart) / 1000;
    const stats = consumer.stats();
    out(
      `ingest: ${stats.stored} stored, ${stats.duplicates} duplicates, ${stats.deadLetters} dead letters, ` +
        `${stats.rounds} rounds, ${stats.backoffs} backoffs in ${ingestS.toFixed(1)} s (incl. start-up and migrations)`,
    );
    const steadyS = (performance.now() - (firstAt ?? ingestStart)) / 1000;
    out(
      `INGEST: ${Math.round(hosts / ingestS)} reports/s overall, ${Math.round(hosts / steadyS)} reports/s ` +
        `from the first stored round (goal >= 2000)`,
    );
    await consumer.stop();

    const httpReports = Number(values['http-reports']);
    if (httpReports > 0) {
      // the clients run in their own process (report generation and JSON off the server's event loop);
      // the server is this process's app, as in the Kafka phase
      const result = await runHttpClients({
        url: `http://127.0.0.1:${config.PORT}/reports`,
        hosts: httpReports,
        clients: Number(values['http-clients']),
        scannedAt: new Date(Date.now() + 3_600_000),
      });
      const accepted = result.accepted;
      out(
        `HTTP INGEST: ${Math.round(accepted / result.seconds)} reports/s accepted (2xx) (${httpReports} re-reports of stored hosts, ` +
          `${values['http-clients']} clients in another process, ` +
          `${Object.entries(result.statuses)
            .map(([k, n]) => `${k}: ${n}`)
            .join(', ')}; goal >= 2000)`,
      );
      if (accepted < httpReports) out(`  WARNING: ${httpReports - accepted} HTTP reports were not accepted`);
    }

    const db = new DataSource(dataSourceOptionsFromUrl(dbUrl, { poolSize: 1 }));
    await db.initialize();
    const vacuum = performance.now();
    // this schema's tables only (a bare VACUUM would work through every schema of the database)
    const tables = (await db.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'jdk\\_%'",
      [schema],
    )) as { tablename: string }[];
    await db.query(`VACUUM (ANALYZE) ${tables.map((t) => `${schema}.${t.tablename}`).join(', ')}`);
    out(
      `VACUUM (ANALYZE) after the ingest (autovacuum's work; off on this machine): ${Math.round(performance.now() - vacuum)} ms`,
    );
    const [sizes] = await db.query(
      `SELECT (SELECT count(*) FROM jdk_hosts) AS hosts, (SELECT count(*) FROM jdk_installations) AS installations,
              (SELECT count(*) FROM jdk_jvms) AS jvms, (SELECT count(*) FROM jdk_blockers) AS blockers,
              pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS size
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    );
    out(
      `stored: ${sizes.hosts} hosts, ${sizes.installations} installations, ${sizes.jvms} JVMs, ` +
        `${sizes.blockers} blocker rows, ${sizes.size} with indexes`,
    );
    await db.destroy();

    const q = app.get(InventoryQueryService);
    const rollup = performance.now();
    const weeks = await app.get(InventoryRollupService).refreshTrends();
    const summaryRollup = performance.now();
    await app.get(InventoryRollupService).rebuild();
    out(`summary roll-up rebuild at this size: ${Math.round(performance.now() - summaryRollup)} ms`);
    out(
      `trend roll-up of ${weeks.length} week(s) after the ingest: ${Math.round(performance.now() - rollup)} ms (once)`,
    );
    const someIds = (await q.hosts(parseRequest('hosts', { first: 100 }))).items.map((h) => h.id);
    const team = { team: 'team-042' };
    const queries: [string, () => Promise<unknown>][] = [
      ['summary', () => q.summary(undefined)],
      ['mix vendor,feature', () => q.mix(parseRequest('mix', {}))],
      ['mix team', () => q.mix(parseRequest('mix', { groupBy: ['team'], limit: 1000 }))],
      ['top updates per train', () => q.topUpdates(parseRequest('topUpdates', {}))],
      ['licence risk (totals + page)', () => q.licenceRisk(parseRequest('licenceRisk', {}))],
      ['EOL + behind baseline', () => q.exposure(undefined)],
      ['migration backlog to 17', () => q.migrationBacklog(parseRequest('migrationBacklog', { target: 17 }))],
      ['weekly trend (12 weeks)', () => q.trends(parseRequest('trends', {}))],
      ['hosts vendor=oracle page', () => q.hosts(parseRequest('hosts', { filter: { vendor: 'oracle' } }))],
      ['installations of 100 hosts', () => q.installationsByHostIds(someIds)],
      ['mix, one team', () => q.mix(parseRequest('mix', { scope: team }))],
      [
        'backlog to 17, one team',
        () => q.migrationBacklog(parseRequest('migrationBacklog', { target: 17, scope: team })),
      ],
    ];
    out(`\nquery p50/p95 at ${hosts} hosts (${repeat} runs each after 2 warm-ups):`);
    out('query                            p50 ms   p95 ms   max ms');
    const missed: string[] = [];
    for (const [name, run] of queries) {
      await run();
      await run();
      const times: number[] = [];
      for (let n = 0; n < repeat; n++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      if (p95 > 100) missed.push(name);
      out(
        `${name.padEnd(32)} ${percentile(times, 50).toFixed(1).padStart(6)}   ${p95.toFixed(1).padStart(6)}   ${(times.at(-1) ?? 0).toFixed(1).padStart(6)}`,
      );
    }
    out(`\nqueries over the 100 ms p95 goal: ${missed.length === 0 ? 'none' : missed.join(', ')}`);
    out(
      `peak RSS of the bench process (generator, producer, consumer, queries): ${mb(process.resourceUsage().maxRSS)}`,
    );
    out(`load average at the end: ${load()}`);
  } finally {
    await app?.close();
    if (!values.keep) {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await kafkaAdmin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
    } else {
      out(`kept schema ${schema} and topic ${topic}`);
    }
    await kafkaAdmin.disconnect();
    await admin.destroy();
  }
}

/** Runs http-clients.ts in a child process (same Node flags and ts-node set-up) and reads its RESULT line. */
function runHttpClients(options: {
  url: string;
  hosts: number;
  clients: number;
  scannedAt: Date;
}): Promise<{ accepted: number; seconds: number; statuses: Record<string, number> }> {
  return runResultScript(
    path.join(__dirname, 'http-clients.ts'),
    [
      '--url',
      options.url,
      '--hosts',
      String(options.hosts),
      '--clients',
      String(options.clients),
      '--scanned-at',
      options.scannedAt.toISOString(),
    ],
    'HTTP clients',
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
