import { defaultKnowledgeDir, InvalidKnowledgeFile, loadKnowledge, type FleetReport } from '@keel/jdk-detect';
import { ConfigError, runCli } from '@keel/service-runtime';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseScanArgs, type ScanSettings, UsageError, USAGE } from './cli/scan-options';
import { loadJdkScanConfig } from './config';
import {
  DeliveryFailed,
  HttpReportSender,
  KafkaReportSender,
  type Delivery,
  type ReportSender,
} from './delivery/report.sender';
import { ReportSpool, writeFileAtomic } from './delivery/report-spool';
import { scanFleetHost } from './report/fleet-scan';
import { ProcessRunner } from './runner/command-runner';

const err = (line: string) => process.stderr.write(`jdk-scan: ${line}\n`);

async function main(argv: string[]): Promise<number> {
  const config = loadJdkScanConfig();
  let settings: ScanSettings;
  try {
    const parsed = parseScanArgs(argv, config);
    if (parsed.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    settings = parsed.settings;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`${error.message} (jdk-scan --help lists the options)`);
    return 2;
  }
  if (!isDirectory(settings.hostRoot)) {
    throw new ConfigError('jdk-scan', [
      `KEEL_HOST_ROOT / --host-root: not a directory (got "${settings.hostRoot}")`,
    ]);
  }

  const started = Date.now();
  const report = await scanFleetHost(settings, {
    runner: new ProcessRunner(),
    knowledge: loadKnowledge(knowledgeDir()),
  });
  const scanMs = Date.now() - started;
  err(
    `${report.installations.length} installations, ${report.jvms.length} JVMs, ` +
      `${report.problems.length} problems on ${report.host.hostname} in ${scanMs} ms (report ${report.reportId})`,
  );
  const text = `${JSON.stringify(report, null, 2)}\n`;
  if (settings.output) await writeFileAtomic(settings.output, text);
  if (settings.print) process.stdout.write(text);

  const senders = createSenders(settings);
  if (senders.length === 0) return 0;
  const spool = new ReportSpool(settings.spoolDir);
  const deliveries: Delivery[] = [];
  try {
    for (const sender of senders) deliveries.push(await sender.send(report));
  } catch (error) {
    if (!(error instanceof DeliveryFailed)) throw error;
    const kept = settings.output ?? (await spool.put(report));
    err(`${error.message}; the report is kept in ${kept}`);
    await Promise.all(senders.map((s) => s.close()));
    return 3;
  }
  for (const d of deliveries) err(`delivered to ${d.destination}: ${d.status}`);
  const resent = await flushSpool(spool, senders);
  await Promise.all(senders.map((s) => s.close()));
  if (!settings.print) {
    process.stdout.write(
      `${JSON.stringify({
        reportId: report.reportId,
        installations: report.installations.length,
        jvms: report.jvms.length,
        problems: report.problems.length,
        scanMs,
        deliveries,
        resentFromSpool: resent,
      })}\n`,
    );
  }
  return 0;
}

/** KEEL_AGENT_KEY, else the key file when it exists: what proves the reports are this host's. */
function agentKey(): string | undefined {
  const config = loadJdkScanConfig();
  if (config.KEEL_AGENT_KEY) return config.KEEL_AGENT_KEY;
  if (!existsSync(config.KEEL_AGENT_KEY_FILE)) return undefined;
  const key = readFileSync(config.KEEL_AGENT_KEY_FILE, 'utf8').trim();
  if (!key.startsWith('kak1.')) {
    throw new ConfigError('jdk-scan', [
      `KEEL_AGENT_KEY_FILE: ${config.KEEL_AGENT_KEY_FILE} holds no agent key`,
    ]);
  }
  return key;
}

function createSenders(settings: ScanSettings): ReportSender[] {
  const senders: ReportSender[] = [];
  const key = settings.inventoryUrl || settings.kafkaBrokers ? agentKey() : undefined;
  if ((settings.inventoryUrl || settings.kafkaBrokers) && !key) {
    err('no agent key (KEEL_AGENT_KEY or KEEL_AGENT_KEY_FILE): the inventory will refuse the report');
  }
  if (settings.inventoryUrl) {
    senders.push(
      new HttpReportSender(settings.inventoryUrl, {
        attempts: settings.sendAttempts,
        timeoutMs: settings.timeoutMs,
        agentKey: key,
        onRetry: (attempt, reason, delayMs) =>
          err(`attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`),
      }),
    );
  }
  if (settings.kafkaBrokers) {
    senders.push(
      new KafkaReportSender({
        brokers: settings.kafkaBrokers,
        topic: settings.topic,
        deadlineMs: Math.max(settings.timeoutMs, 5_000) * settings.sendAttempts,
        agentKey: key,
      }),
    );
  }
  return senders;
}

/** Reports an earlier run could not deliver go out now; one that fails again stays for the next run. */
async function flushSpool(spool: ReportSpool, senders: ReportSender[]): Promise<number> {
  let resent = 0;
  for (const path of await spool.list()) {
    let report: FleetReport;
    try {
      report = JSON.parse(await readFile(path, 'utf8')) as FleetReport;
      for (const sender of senders) await sender.send(report);
    } catch (error) {
      err(`spooled report ${path} not delivered yet: ${(error as Error).message}`);
      return resent;
    }
    await spool.remove(path);
    resent++;
  }
  if (resent > 0) err(`${resent} spooled report(s) delivered`);
  return resent;
}

/** The bundle carries the jdk-detect data beside main.js; KEEL_JDK_DATA_DIR overrides (updated facts). */
function knowledgeDir(): string {
  if (process.env['KEEL_JDK_DATA_DIR']) return process.env['KEEL_JDK_DATA_DIR'];
  const bundled = join(__dirname, 'data');
  return existsSync(join(bundled, 'vendors.json')) ? bundled : defaultKnowledgeDir();
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

runCli(
  () => main(process.argv.slice(2)),
  [
    [UsageError, 2],
    [DeliveryFailed, 3],
    [InvalidKnowledgeFile, 78],
  ],
);
