import 'reflect-metadata';
import { positiveIntOption, runCli } from '@keel/service-runtime';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { BatchWindowBusy, BatchWindowService } from '../batch/batch-window.service';
import { InvalidWindow, parseWindow } from '../batch/hopping-window';
import { loadIndexerBatchConfig } from '../config';

const USAGE = `usage: indexer-batch <command> [options]

  run-window --from ISO --to ISO   index the products changed in [from, to) now (recorded, outside the chain)
  catch-up                         run the window chain from the last success up to now, as the leader would
  history [--limit N]              the latest windows of batch_history

Exit status: 0 done, 1 a window failed, 2 usage, 3 another window of the alias is running, 78 bad config.
Configuration comes from the environment (see README): SHOP_DB_URL, PLATFORM_DB_URL, ELASTICSEARCH_URL,
PRODUCTS_WRITE_ALIAS, BATCH_LAG_MS, ...`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  if (!['run-window', 'catch-up', 'history'].includes(command)) {
    process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  const window = command === 'run-window' ? parseWindow(values.from, values.to) : undefined;
  const config = loadIndexerBatchConfig({ LOG_LEVEL: 'warn', ...process.env });
  // no schedule: the CLI never joins the election, it runs what it is told under the same lock
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { schedule: false }), {
    logger: ['error', 'warn'],
  });
  const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  const windows = app.get(BatchWindowService);
  try {
    if (window) {
      const record = await windows.runWindow(window);
      out(record);
      return record.status === 'succeeded' ? 0 : 1;
    }
    if (command === 'catch-up') {
      const records = await windows.catchUp();
      out(records);
      return records.every((r) => r.status === 'succeeded') ? 0 : 1;
    }
    const limit = positiveIntOption('limit', values.limit, 20);
    out(await windows.history.list(config.PRODUCTS_WRITE_ALIAS, Math.min(limit, 1000)));
    return 0;
  } finally {
    await app.close();
  }
}

runCli(
  () => main(process.argv.slice(2)),
  [
    [InvalidWindow, 2],
    [BatchWindowBusy, 3],
  ],
);
