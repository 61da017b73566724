import type { JdkUpgradeGroup } from '@keel/api-contracts';

export const UPGRADE_PLAN_CSV_COLUMNS = [
  'wave',
  'group',
  'team',
  'environment',
  'vendor',
  'feature',
  'current_version',
  'hosts',
  'installations',
  'action',
  'target_vendor',
  'target_version',
  'target_licence',
  'target_support_ends',
  'removes_licence_risk',
  'removes_end_of_life',
  'removes_behind_baseline',
  'blockers',
  'benchmarks',
  'reason',
] as const;

/**
 * One CSV field (RFC 4180). Labels come from agents on the hosts, so a value a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR first) is prefixed with a quote: the file is data, never code.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The plan, one row per group, in the plan's order: what the console downloads and the CLI prints. */
export function upgradePlanCsv(groups: JdkUpgradeGroup[]): string {
  const lines = [UPGRADE_PLAN_CSV_COLUMNS.join(',')];
  for (const g of groups) {
    const chosen = g.candidates.find((c) => c.chosen);
    const row = [
      g.wave,
      g.key,
      g.team,
      g.environment,
      g.vendor,
      g.feature,
      g.currentVersion,
      g.hosts,
      g.installations,
      g.action,
      g.target?.vendor ?? null,
      g.target?.version ?? null,
      g.target?.licenceTerms ?? null,
      g.target?.supportEnds ?? null,
      g.removes.licenceRisk,
      g.removes.endOfLife,
      g.removes.behindBaseline,
      g.blockers.map((b) => `${b.found}: ${b.fix}`).join(' | '),
      chosen?.note ?? null,
      g.reason,
    ];
    lines.push(row.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
