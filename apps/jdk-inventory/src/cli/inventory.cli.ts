import 'reflect-metadata';
import { JDK_MIGRATION_TARGETS } from '@keel/api-contracts';
import { loadAgentKeyIssuer, runCli } from '@keel/service-runtime';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { loadJdkInventoryConfig } from '../config';
import { InventoryMaintenanceService } from '../maintenance/inventory-maintenance.service';
import { InventoryQueryService } from '../fleet-queries/inventory-query.service';
import { InvalidRequest, parseRequest } from '../fleet-queries/inventory-requests';
import { ReportIngestService } from '../ingest/report-ingest.service';
import { InvalidReport, validateReport } from '../ingest/report-validation';
import { textTable } from './text-table';

const ANALYSES = ['summary', 'mix', 'top-updates', 'licence', 'exposure', 'backlog', 'trends'] as const;
type Analysis = (typeof ANALYSES)[number];

const USAGE = `usage: jdk-inventory <command> [options]

  report [ANALYSIS...]   print analyses (default: all): ${ANALYSES.join(', ')}
      --json             JSON instead of tables
      --team T           only hosts of team T
      --target N         backlog target (${JDK_MIGRATION_TARGETS.join(', ')}; default: all of them)
      --group-by A,B     mix dimensions (vendor, feature, version, team; default vendor,feature)
      --weeks N          trend weeks (default 12)     --first N   list sizes (default 20)
  recompute              re-derive licence/support/blocker columns with the current knowledge data
  sweep                  mark hosts not seen for STALE_AFTER_DAYS as stale now
  ingest FILE|-          store one report (JSON) as POST /reports would
  agent-key issue --host H  print the agent key for host H (install it there as /etc/keel/agent.key)

Exit status: 0 done, 1 failure, 2 usage or invalid input, 78 bad configuration.
Configuration comes from the environment (see README): PLATFORM_DB_URL, STALE_AFTER_DAYS, KEEL_JDK_DATA_DIR.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      team: { type: 'string' },
      target: { type: 'string' },
      'group-by': { type: 'string' },
      weeks: { type: 'string' },
      first: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  if (command === 'agent-key') {
    // no DB: the key is a MAC over the host name with the issuing secret (AGENT_KEY_SECRETS)
    const host = values.host?.trim();
    if (rest[0] !== 'issue' || !host) {
      process.stderr.write(`usage: jdk-inventory agent-key issue --host <hostname>\n`);
      return 2;
    }
    process.stdout.write(`${loadAgentKeyIssuer('jdk-inventory').issue(host)}\n`);
    return 0;
  }
  if (!['report', 'recompute', 'sweep', 'ingest'].includes(command)) {
    process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  const analyses = (rest.length > 0 ? rest : [...ANALYSES]) as Analysis[];
  const unknown = command === 'report' ? analyses.filter((a) => !ANALYSES.includes(a)) : [];
  if (unknown.length > 0) {
    process.stderr.write(`unknown analysis "${unknown.join(', ')}": one of ${ANALYSES.join(', ')}\n`);
    return 2;
  }
  // the CLI reads current roll-ups (rebuilt when anything changed), not the service's bounded-stale ones
  const config = loadJdkInventoryConfig({ LOG_LEVEL: 'warn', ROLLUP_MAX_AGE_S: '0', ...process.env });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { serve: false }), {
    logger: ['error', 'warn'],
  });
  const out = (text: string) => process.stdout.write(`${text}\n`);
  try {
    if (command === 'recompute') {
      out(JSON.stringify(await app.get(InventoryMaintenanceService).recompute(), null, 2));
      return 0;
    }
    if (command === 'sweep') {
      out(JSON.stringify(await app.get(InventoryMaintenanceService).sweep(), null, 2));
      return 0;
    }
    if (command === 'ingest') {
      const file = rest[0];
      if (!file) throw new InvalidRequest([{ field: 'FILE', message: 'is required (a path or -)' }]);
      const text = readFileSync(file === '-' ? 0 : file, 'utf8');
      const report = validateReport(JSON.parse(text));
      out(JSON.stringify(await app.get(ReportIngestService).ingest([{ report, source: 'cli' }])));
      return 0;
    }
    const queries = app.get(InventoryQueryService);
    const scope = values.team ? { team: values.team } : undefined;
    const first = values.first === undefined ? 20 : Number(values.first);
    const results: Record<string, unknown> = {};
    for (const analysis of analyses) {
      const result = await runAnalysis(queries, analysis, {
        scope,
        first,
        target: values.target === undefined ? undefined : Number(values.target),
        groupBy: values['group-by']?.split(','),
        weeks: values.weeks === undefined ? undefined : Number(values.weeks),
      });
      results[analysis] = result;
      if (!values.json) out(`\n== ${analysis} ==\n${formatAnalysis(analysis, result)}`);
    }
    if (values.json) out(JSON.stringify(results, null, 2));
    return 0;
  } finally {
    await app.close();
  }
}

interface AnalysisOptions {
  scope?: { team: string };
  first: number;
  target?: number;
  groupBy?: string[];
  weeks?: number;
}

async function runAnalysis(q: InventoryQueryService, analysis: Analysis, o: AnalysisOptions) {
  switch (analysis) {
    case 'summary':
      return q.summary(parseRequest('summary', { scope: o.scope }).scope);
    case 'mix':
      return q.mix(parseRequest('mix', { scope: o.scope, groupBy: o.groupBy, limit: o.first }));
    case 'top-updates':
      return q.topUpdates(parseRequest('topUpdates', { scope: o.scope }));
    case 'licence':
      return q.licenceRisk(parseRequest('licenceRisk', { scope: o.scope, first: o.first }));
    case 'exposure':
      return q.exposure(parseRequest('exposure', { scope: o.scope }).scope);
    case 'backlog': {
      const targets = o.target === undefined ? [...JDK_MIGRATION_TARGETS] : [o.target];
      const replies = [];
      for (const target of targets) {
        replies.push(
          await q.migrationBacklog(
            parseRequest('migrationBacklog', { target, scope: o.scope, first: o.first }),
          ),
        );
      }
      return replies;
    }
    case 'trends':
      return q.trends(parseRequest('trends', { scope: o.scope, weeks: o.weeks }));
  }
}

function formatAnalysis(analysis: Analysis, result: unknown): string {
  const r = result as Record<string, never>;
  switch (analysis) {
    case 'summary':
      return textTable(
        ['measure', 'value'],
        Object.entries(r).map(([k, v]) => [k, v]),
      );
    case 'mix': {
      const groupBy = r['groupBy'] as string[];
      return textTable(
        [...groupBy, 'installations', 'hosts'],
        (r['rows'] as Record<string, unknown>[]).map((row) => [
          ...groupBy.map((g) => row[g]),
          row['installations'],
          row['hosts'],
        ]),
      );
    }
    case 'top-updates':
      return textTable(
        ['train', 'most used', 'installations', 'hosts', 'share', 'train total'],
        (r['rows'] as Record<string, number>[]).map((row) => [
          row['feature'],
          row['version'],
          row['installations'],
          row['hosts'],
          `${((row['share'] ?? 0) * 100).toFixed(1)}%`,
          row['trainInstallations'],
        ]),
      );
    case 'licence': {
      const totals = textTable(
        ['risk', 'terms', 'distribution', 'installations', 'hosts'],
        (r['totals'] as Record<string, unknown>[]).map((t) => [
          t['risk'],
          t['terms'],
          t['distribution'],
          t['installations'],
          t['hosts'],
        ]),
      );
      const page = r['installations'] as { items: Record<string, unknown>[]; totalCount: number };
      const items = textTable(
        ['host', 'team', 'path', 'distribution', 'version', 'terms'],
        page.items.map((i) => [
          i['hostname'],
          i['team'],
          i['path'],
          i['distribution'],
          i['version'],
          i['terms'],
        ]),
      );
      return `${totals}\n\npaid-licence-required installations (${page.totalCount}):\n${items}`;
    }
    case 'exposure': {
      const eol = textTable(
        ['distribution', 'train', 'eol date', 'installations', 'hosts'],
        (r['endOfLife'] as Record<string, unknown>[]).map((e) => [
          e['distribution'],
          e['feature'],
          e['eolDate'],
          e['installations'],
          e['hosts'],
        ]),
      );
      const behind = textTable(
        ['train', 'installations', 'hosts', 'max behind', 'avg behind'],
        (r['behindBaseline'] as Record<string, unknown>[]).map((b) => [
          b['feature'],
          b['installations'],
          b['hosts'],
          b['maxUpdatesBehind'],
          typeof b['avgUpdatesBehind'] === 'number' ? Number(b['avgUpdatesBehind'].toFixed(1)) : null,
        ]),
      );
      return `end of life:\n${eol}\n\nbelow the security baseline:\n${behind}\n\ntotals: ${JSON.stringify(r['totals'])}`;
    }
    case 'backlog':
      return (result as Record<string, unknown>[])
        .map((b) => {
          const hosts = b['hosts'] as { items: Record<string, unknown>[] };
          const rules = textTable(
            ['rule', 'effect', 'hosts'],
            (b['byRule'] as Record<string, unknown>[]).map((x) => [x['ruleId'], x['effect'], x['hosts']]),
          );
          const perHost = textTable(
            ['host', 'team', 'reasons'],
            hosts.items.map((h) => [
              h['hostname'],
              h['team'],
              (h['reasons'] as Record<string, unknown>[])
                .map((x) => `${String(x['found'])} (${String(x['ruleId'])})`)
                .join(', '),
            ]),
          );
          return `to ${String(b['target'])}: ${String(b['blockedHosts'])} host(s) blocked\n${rules}\n\n${perHost}`;
        })
        .join('\n\n');
    case 'trends':
      return textTable(
        ['week', r['groupBy'], 'hosts', 'installations'],
        (r['points'] as Record<string, unknown>[]).map((p) => [
          p['weekStart'],
          p['key'],
          p['hosts'],
          p['installations'],
        ]),
      );
  }
}

runCli(
  () => main(process.argv.slice(2)),
  [
    [InvalidRequest, 2],
    [InvalidReport, 2],
    [SyntaxError, 2],
  ],
);
