import 'reflect-metadata';
import { runCli } from '@keel/service-runtime';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { loadJdkInventoryConfig } from '../config';
import { ReportIngestService } from '../ingest/report-ingest.service';
import { validateReport } from '../ingest/report-validation';
import { demoFleetReports } from './demo-fleet';

const USAGE = `usage: jdk-inventory-demo-fleet [--hosts N] [--weeks W]

  Loads the generated demo fleet (hosts labelled demo=true, named *.demo.keel, one report per host per
  week for W weeks) into jdk-inventory's platform DB, through the same validation and ingest as
  POST /reports. Idempotent within a week (report IDs come from host and week).
  Defaults: --hosts \${KEEL_DEMO_FLEET_HOSTS:-2000} --weeks \${KEEL_DEMO_FLEET_WEEKS:-8}.`;

const positive = (name: string, text: string | undefined, fallback: number, max: number): number => {
  const value = text === undefined || text === '' ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be an integer between 1 and ${max}, got "${text}"`);
  }
  return value;
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      hosts: { type: 'string' },
      weeks: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const hosts = positive('--hosts', values.hosts ?? process.env['KEEL_DEMO_FLEET_HOSTS'], 2000, 100_000);
  const weeks = positive('--weeks', values.weeks ?? process.env['KEEL_DEMO_FLEET_WEEKS'], 8, 104);
  const config = loadJdkInventoryConfig({ LOG_LEVEL: 'warn', ...process.env });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { serve: false }), {
    logger: ['error', 'warn'],
  });
  try {
    const ingest = app.get(ReportIngestService);
    const started = Date.now();
    let stored = 0;
    let duplicate = 0;
    let batch: ReturnType<typeof validateReport>[] = [];
    const flush = async () => {
      const outcomes = await ingest.ingest(batch.map((report) => ({ report, source: 'cli' as const })));
      stored += outcomes.filter((o) => o.status === 'stored').length;
      duplicate += outcomes.filter((o) => o.status === 'duplicate').length;
      batch = [];
    };
    for (const report of demoFleetReports({ hosts, weeks, now: new Date() })) {
      batch.push(validateReport(report));
      if (batch.length === 500) await flush();
    }
    if (batch.length > 0) await flush();
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `demo fleet: ${hosts} hosts x ${weeks} weeks: ${stored} reports stored, ${duplicate} already there (${seconds.toFixed(1)} s)\n`,
    );
    return 0;
  } finally {
    await app.close();
  }
}

runCli(main);
