import 'reflect-metadata';
import { runCli } from '@keel/service-runtime';
import { NestFactory } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { textTable } from '../cli/text-table';
import { loadJdkInventoryConfig } from '../config';
import { UpgradePlannerService } from './upgrade-planner.service';
import { InvalidUpgradePolicy } from './upgrade-policy';

const USAGE = `usage: jdk-inventory-upgrade-plan [options]

  Prints the upgrade plan: every host group (team x environment x vendor x train) with its target,
  blockers and wave. Policy: UPGRADE_POLICY_FILE or --policy FILE (JSON, any of preferredVendors,
  allowedLicences, minimumSupportMonths, minimumTargetFeature).

      --csv              CSV (one row per group) instead of a table
      --out FILE         write to FILE instead of stdout
      --json             the whole plan as JSON
      --team T           only hosts of team T
      --policy FILE      what-if policy for this run

Exit status: 0 done, 1 failure, 2 usage or invalid input, 78 bad configuration.`;

async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      csv: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      team: { type: 'string' },
      policy: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const policy = values.policy
    ? (JSON.parse(readFileSync(values.policy, 'utf8')) as Record<string, unknown>)
    : undefined;
  const config = loadJdkInventoryConfig({ LOG_LEVEL: 'warn', ...process.env });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { serve: false }), {
    logger: ['error', 'warn'],
  });
  try {
    const plan = await app.get(UpgradePlannerService).plan({
      scope: values.team ? { team: values.team } : undefined,
      policy,
    });
    let text: string;
    if (values.csv) text = plan.csv;
    else if (values.json) text = `${JSON.stringify(plan, null, 2)}\n`;
    else {
      const rows = plan.groups.map((g) => [
        g.wave,
        g.key,
        g.hosts,
        g.currentVersion,
        g.action,
        g.target ? `${g.target.distribution} ${g.target.version}` : null,
        g.blockers.length,
      ]);
      const headers = ['wave', 'group', 'hosts', 'current', 'action', 'target', 'blockers'];
      text = `${textTable(headers, rows)}\n${plan.benchmarksUnavailable ? `\n${plan.benchmarksUnavailable}\n` : ''}`;
    }
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
    return 0;
  } finally {
    await app.close();
  }
}

runCli(() => main(), [[InvalidUpgradePolicy, 2]]);
