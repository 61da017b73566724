import { JdkVersion } from './jdk-build';
import { JdkKnowledge, MigrationRulesFile } from './knowledge.schema';
import { JvmCommandLine, parseCommandLine } from './command-line.parser';

type MigrationRule = MigrationRulesFile['rules'][number];

export interface MigrationBlocker {
  ruleId: string;
  since: number;
  effect: MigrationRule['effect'];
  /** The option, module or property on the command line that triggered the rule. */
  found: string;
  explanation: string;
}

export interface TargetPlatform {
  bits?: 32 | 64 | null;
  os?: string | null;
}

/**
 * What stops (or changes) this JVM launch when moving from `fromVersion` to `targetFeature`: every rule
 * that takes effect after the current feature release and no later than the target, and matches.
 */
export function migrationBlockers(
  commandLine: string | JvmCommandLine,
  fromVersion: JdkVersion | number,
  targetFeature: number,
  knowledge: Pick<JdkKnowledge, 'migrationRules'>,
  platform: TargetPlatform = {},
): MigrationBlocker[] {
  const cmd = typeof commandLine === 'string' ? parseCommandLine(commandLine) : commandLine;
  const fromFeature = typeof fromVersion === 'number' ? fromVersion : fromVersion.feature;
  const blockers: MigrationBlocker[] = [];
  for (const rule of knowledge.migrationRules.rules) {
    if (rule.since <= fromFeature || rule.since > targetFeature) continue;
    const found = findMatch(rule, cmd, platform);
    if (found !== null) {
      blockers.push({
        ruleId: rule.id,
        since: rule.since,
        effect: rule.effect,
        found,
        explanation: rule.explanation,
      });
    }
  }
  // a later fatal rule supersedes an earlier warning for the same thing (e.g. CMS 14 → 15)
  return blockers
    .filter(
      (b) =>
        b.effect === 'removed-fatal' ||
        !blockers.some(
          (o) => o !== b && o.found === b.found && o.effect === 'removed-fatal' && o.since > b.since,
        ),
    )
    .sort((a, b) => a.since - b.since);
}

function findMatch(rule: MigrationRule, cmd: JvmCommandLine, platform: TargetPlatform): string | null {
  const names = rule.match.names ?? [];
  switch (rule.match.kind) {
    case 'xx': {
      const name = names.find((n) => n in cmd.xx);
      return name === undefined ? null : `-XX:${formatXx(name, cmd.xx[name])}`;
    }
    case 'option':
      return cmd.jvmOptions.find((o) => names.includes(o)) ?? null;
    case 'module': {
      const mod = cmd.addModules.find((m) => names.includes(m));
      if (mod) return `--add-modules ${mod}`;
      const prop = (rule.match.properties ?? []).find((p) => p in cmd.systemProperties);
      return prop ? `-D${prop}` : null;
    }
    case 'property': {
      const prop = names.find(
        (p) =>
          p in cmd.systemProperties && !(rule.match.exceptValues ?? []).includes(cmd.systemProperties[p]),
      );
      return prop === undefined
        ? null
        : `-D${prop}${cmd.systemProperties[prop] ? `=${cmd.systemProperties[prop]}` : ''}`;
    }
    case 'platform': {
      const osMatches = !rule.match.os || (platform.os ?? '').toLowerCase().includes(rule.match.os);
      return platform.bits === rule.match.bits && osMatches
        ? `${platform.bits}-bit ${platform.os ?? ''}`.trim()
        : null;
    }
    default:
      return null;
  }
}

function formatXx(name: string, value: boolean | string): string {
  if (typeof value === 'boolean') return `${value ? '+' : '-'}${name}`;
  return `${name}=${value}`;
}
