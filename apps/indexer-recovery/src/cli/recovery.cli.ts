import 'reflect-metadata';
import { ShopCatalog } from '@keel/catalog';
import { dataSourceToken } from '@keel/datasource';
import { ELASTICSEARCH_CLIENT, aliasState, pruneIndices } from '@keel/es-alias';
import { aliasPairOf } from '@keel/product-index';
import { InvalidVerifyRange, NothingToVerify, verifyCatalogue, verifySummary } from '@keel/etl-core';
import { positiveIntOption, runCli } from '@keel/service-runtime';
import type { Client } from '@elastic/elasticsearch';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { loadIndexerRecoveryConfig } from '../config';
import { RecoveryService } from '../recovery/recovery.service';
import { progressPrinter } from './progress-bar';

const USAGE = `usage: indexer-recovery <command> [options]

  run [--new | --retry]           rebuild the index (resumes a killed run unless --new; a failed run
                                  only with --retry), then swap
  abandon                         mark the unfinished (killed or failed) run abandoned
  worker                          join the unfinished run as one more worker (ranges only), then exit
  status                          recent runs, and the indices of the alias with their doc counts
  verify [--from N] [--to N]      compare DB and index (read alias) over an id range; exit 1 if not equal
  rollback                        aliases back onto the index the last swap replaced, caught up
  prune --keep N                  delete all but the newest N indices (never a live one)

Configuration comes from the environment (see README): SHOP_DB_URL, PLATFORM_DB_URL, ELASTICSEARCH_URL,
PRODUCTS_ALIAS, RECOVERY_BATCH_SIZE, ...`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      new: { type: 'boolean', default: false },
      retry: { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string' },
      keep: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  const config = loadIndexerRecoveryConfig({ LOG_LEVEL: 'warn', ...process.env });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  const aliases = aliasPairOf(config.PRODUCTS_ALIAS);
  const client = app.get<Client>(ELASTICSEARCH_CLIENT);
  const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  try {
    switch (command) {
      case 'run': {
        const run = await app
          .get(RecoveryService)
          .run({ resume: !values.new, retry: values.retry, onProgress: progressPrinter() });
        process.stderr.write('\n');
        out(run);
        return 0;
      }
      case 'worker': {
        const run = await app.get(RecoveryService).work(progressPrinter());
        process.stderr.write('\n');
        out(run ?? { message: `no run of "${config.PRODUCTS_ALIAS}" is in its ranges phase` });
        return 0;
      }
      case 'status':
        out({
          runs: await app.get(RecoveryService).runs.list(config.PRODUCTS_ALIAS, 10),
          indices: await aliasState(client, aliases),
        });
        return 0;
      case 'verify': {
        const summary = verifySummary(
          await verifyCatalogue(new ShopCatalog(app.get<DataSource>(dataSourceToken('shop'))), client, {
            index: aliases.readAlias,
            from: values.from === undefined ? undefined : Number(values.from),
            to: values.to === undefined ? undefined : Number(values.to),
          }),
        );
        out(summary);
        return summary.clean ? 0 : 1;
      }
      case 'rollback': {
        const move = await app.get(RecoveryService).rollback();
        out({ aliasesNowOn: move.index, previous: move.previous, caughtUp: move.caughtUp });
        return 0;
      }
      case 'abandon':
        out((await app.get(RecoveryService).abandon()) ?? { message: 'no unfinished run' });
        return 0;
      case 'prune': {
        const keep = positiveIntOption('keep', values.keep);
        out({ deleted: await pruneIndices(client, aliases, keep) });
        return 0;
      }
      default:
        process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    if (!(error instanceof InvalidVerifyRange || error instanceof NothingToVerify)) throw error;
    process.stderr.write(`${command}: ${error.message}\n`);
    return 2;
  } finally {
    await app.close();
  }
}

runCli(() => main(process.argv.slice(2)));
