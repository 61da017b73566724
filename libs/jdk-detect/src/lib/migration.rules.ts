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
  arch?: string | null;
  /** The current build's distribution, for rules that depend on it (Oracle-only options). */
  fromDistribution?: string | null;
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
    const inRange = rule.sameFeature
      ? rule.since <= targetFeature && fromFeature <= targetFeature
      : rule.since > fromFeature && rule.since <= targetFeature;
    if (!inRange) continue;
    if (rule.onlyFrom && platform.fromDistribution && !rule.onlyFrom.includes(platform.fromDistribution))
      continue;
    // every matching option is reported, not only the first
    for (const found of findMatches(rule, cmd, platform)) {
      blockers.push({
        ruleId: rule.id,
        since: rule.since,
        effect: rule.effect,
        found,
        explanation: rule.explanation,
      });
    }
  }
  // one blocker per option: the earliest fatal rule wins (a later fatal rule, or an earlier warning that
  // a fatal rule supersedes, adds nothing: CMS 14 warning → 15 fatal; CMSIncrementalMode fatal since 9)
  return blockers
    .filter((b) => {
      const fatal = blockers.filter((o) => o.found === b.found && o.effect === 'removed-fatal');
      if (fatal.length === 0) return true;
      const first = fatal.reduce((x, y) => (y.since < x.since ? y : x));
      return b === first;
    })
    .sort((a, b) => a.since - b.since || a.found.localeCompare(b.found));
}

function findMatches(rule: MigrationRule, cmd: JvmCommandLine, platform: TargetPlatform): string[] {
  const names = rule.match.names ?? [];
  const prefixes = rule.match.prefixes ?? [];
  switch (rule.match.kind) {
    case 'xx':
      return Object.keys(cmd.xx)
        .filter((n) => names.includes(n) || prefixes.some((p) => n.startsWith(p)))
        .map((n) => `-XX:${formatXx(n, cmd.xx[n])}`);
    case 'option':
      return cmd.jvmOptions.filter((o) => names.includes(o) || prefixes.some((p) => o.startsWith(p)));
    case 'module': {
      const mods = cmd.addModules.filter((m) => names.includes(m)).map((m) => `--add-modules ${m}`);
      const props = (rule.match.properties ?? [])
        .filter((p) => p in cmd.systemProperties)
        .map((p) => `-D${p}`);
      return [...mods, ...props];
    }
    case 'property':
      return names
        .filter(
          (p) =>
            p in cmd.systemProperties && !(rule.match.exceptValues ?? []).includes(cmd.systemProperties[p]),
        )
        .map((p) => `-D${p}${cmd.systemProperties[p] ? `=${cmd.systemProperties[p]}` : ''}`);
    case 'platform': {
      const osMatches = !rule.match.os || (platform.os ?? '').toLowerCase().includes(rule.match.os);
      // a known non-x86 architecture (32-bit ARM) is not affected; an unknown one is flagged, and says so
      const arch = platform.arch ?? '';
      const archKnown = arch !== '';
      const archMatches = !rule.match.arch || !archKnown || rule.match.arch.includes(arch.toLowerCase());
      if (platform.bits !== rule.match.bits || !osMatches || !archMatches) return [];
      const archText = archKnown ? arch : 'architecture unknown, check it is x86';
      return [`${platform.bits}-bit ${platform.os ?? ''} (${archText})`.replace(/\s+/g, ' ').trim()];
    }
    default:
      return [];
  }
}

function formatXx(name: string, value: boolean | string): string {
  if (typeof value === 'boolean') return `${value ? '+' : '-'}${name}`;
  return `${name}=${value}`;
}
