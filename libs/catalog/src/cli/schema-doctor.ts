/**
 * Schema doctor: checks that every table of a shop DB has an `update_ts` kept by the database and an
 * index starting with it, and that the connected user may see other sessions' transactions (the
 * batch indexer's long-transaction hold), prints what is missing and the SQL that fixes it, and
 * exits 1 if anything is.
 *
 *   npx nx run catalog:doctor --url mysql://root@127.0.0.1:3306/keel_shop [--tables a,b] [--schema s] [--json]
 */
import { dataSourceOptionsFromUrl, redactUrl } from '@keel/datasource';
import { runCli } from '@keel/service-runtime';
import { DataSource } from 'typeorm';
import { checkTransactionVisibility, examineSchema, fixScript, fixSql } from '../index';
import { parseArgs } from 'node:util';
import { shopDbUrl } from './cli-args';

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    strict: true,
    options: {
      url: { type: 'string' },
      tables: { type: 'string' },
      schema: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const url = shopDbUrl(args.url);
  const options = dataSourceOptionsFromUrl(url, { poolSize: 1 });
  // PostgreSQL: check another schema than the user's default one
  const dataSource = new DataSource(
    args.schema && options.type === 'postgres'
      ? { ...options, extra: { ...options.extra, options: `-c search_path=${args.schema}` } }
      : options,
  );
  await dataSource.initialize();
  try {
    const tables = args.tables
      ?.split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const diagnosis = await examineSchema(dataSource, { tables });
    const fix = fixScript(diagnosis.dialect, diagnosis.findings);
    const sessions = await checkTransactionVisibility(dataSource);
    if (args.json) {
      const statements = fixSql(diagnosis.dialect, diagnosis.findings);
      console.log(JSON.stringify({ url: redactUrl(url), ...diagnosis, fix, statements, sessions }, null, 2));
    } else {
      console.log(
        `schema doctor: ${redactUrl(url)} (${diagnosis.dialect}), ${diagnosis.tables} tables checked`,
      );
      if (diagnosis.findings.length === 0) {
        console.log('every table has a database-maintained update_ts and an index on it');
      } else {
        for (const f of diagnosis.findings) console.log(`  ${f.table}: ${f.problem}: ${f.detail}`);
        console.log(`\n-- fix (${diagnosis.dialect}):\n${fix}`);
      }
      console.log(`other sessions' transactions for ${sessions.user}: ${sessions.detail}`);
      if (!sessions.visible) console.log(`\n-- grant (run as an administrator):\n${sessions.grant}`);
    }
    return diagnosis.findings.length === 0 && sessions.visible ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

// a run that fails (DB unreachable, bad URL) exits 2
runCli(main, [[Error, 2]]);
