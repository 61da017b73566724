import type { JmhBuild, JmhComparison, JmhDigestCrash, JmhVerdict } from '@keel/api-contracts';

const pct = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;
const num = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined ? '-' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(digits);
const cell = (s: string) => s.replace(/\|/g, '\\|');

/** Order of the digest: what broke first, then what got slower, then the rest. */
const ORDER: Record<string, number> = {
  crashed: 0,
  missing: 1,
  regression: 2,
  improvement: 3,
  inconclusive: 4,
  'no-change': 5,
};

export function sortForDigest(verdicts: readonly JmhVerdict[]): JmhVerdict[] {
  return [...verdicts].sort(
    (x, y) => (ORDER[x.status] ?? 9) - (ORDER[y.status] ?? 9) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0),
  );
}

function describeBuild(b: JmhBuild): string {
  return `${b.label} (${b.vendor ?? 'unknown vendor'}${b.javaHome ? `, ${b.javaHome}` : ''})`;
}

export interface DigestInput {
  readonly build: JmhBuild;
  readonly against: JmhBuild | null;
  readonly comparison: JmhComparison | null;
  readonly crashes: readonly JmhDigestCrash[];
  /** key → plot path relative to the Markdown file. */
  readonly plots: ReadonlyMap<string, string>;
  readonly generatedAt: string;
}

/** The digest of one build as Markdown: crashes first, then regressions, then the other verdicts. Pure. */
export function digestMarkdown(input: DigestInput): string {
  const { build, against, comparison, crashes } = input;
  const lines: string[] = [`# JMH digest: ${build.label}`, ''];
  lines.push(`- build: ${describeBuild(build)}`);
  if (against !== null) lines.push(`- compared with: ${describeBuild(against)}`);
  if (comparison !== null) {
    lines.push(
      `- method: per fork (one value per JVM), ratio of fork means with a bootstrap ${Math.round(
        (comparison.verdicts.find((v) => v.speedupCi)?.speedupCi?.confidence ?? 0.95) * 100,
      )}% CI, ${comparison.test === 'welch' ? "Welch's t-test" : 'Mann-Whitney U'}, Benjamini-Hochberg q <= ${comparison.fdr}, minimum effect ${(comparison.minEffect * 100).toFixed(0)}%`,
    );
    if (!comparison.sameVersion)
      lines.push(
        '- **different feature releases**: this is a side-by-side of two versions, not a like-for-like check of a build against the one it replaces',
      );
    const c = comparison.counts;
    lines.push(
      `- verdicts: ${c.crashed} crashed, ${c.missing} missing, ${c.regression} regression, ${c.improvement} improvement, ${c['no-change']} no change, ${c.inconclusive} inconclusive`,
    );
  } else {
    lines.push('- no comparison: no other build with a finished run to compare with');
  }
  lines.push(`- generated: ${input.generatedAt}`, '');

  lines.push('## Crashes, hangs and missing benchmarks', '');
  if (crashes.length === 0) lines.push('None.', '');
  else {
    lines.push('| kind | benchmark | reason | crash logs |', '| --- | --- | --- | --- |');
    for (const c of crashes)
      lines.push(
        `| ${c.kind} | ${cell(c.benchmark)} | ${cell(c.reason)} | ${c.crashLogs.map(cell).join('<br>') || '-'} |`,
      );
    lines.push('');
  }

  if (comparison === null) return `${lines.join('\n')}\n`;
  const sorted = sortForDigest(comparison.verdicts);
  const section = (title: string, statuses: string[]) => {
    const rows = sorted.filter((v) => statuses.includes(v.status));
    lines.push(`## ${title}`, '');
    if (rows.length === 0) {
      lines.push('None.', '');
      return;
    }
    lines.push(
      '| status | benchmark | unit | baseline | candidate | change | 95% CI | p | q | forks | plot |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const v of rows) {
      const change = v.speedup === null ? '-' : pct(v.speedup - 1);
      const ci =
        v.speedupCi === null || v.speedupCi.lower === null || v.speedupCi.upper === null
          ? '-'
          : `[${pct(v.speedupCi.lower - 1)}, ${pct(v.speedupCi.upper - 1)}]`;
      const plot = input.plots.get(v.key);
      lines.push(
        `| ${v.status} | ${cell(v.key.replace(/^dev\.keel\.jmh\./, ''))} | ${v.unit ?? '-'} | ${num(v.baseline?.mean)} | ${num(
          v.candidate?.mean,
        )} | ${change} | ${ci} | ${num(v.pValue, 2)} | ${num(v.qValue, 2)} | ${v.baseline?.forkValues.length ?? 0}/${
          v.candidate?.forkValues.length ?? 0
        } | ${plot ? `[svg](${plot})` : '-'} |`,
      );
    }
    lines.push('');
  };
  section('Regressions', ['regression']);
  section('Improvements', ['improvement']);
  section('Everything else', ['crashed', 'missing', 'inconclusive', 'no-change']);
  lines.push(
    '`change` is direction-normalised: positive means the candidate is better, whatever the unit. A verdict needs q <= FDR, a change beyond the minimum effect and a CI that excludes 1; with few forks most keys stay inconclusive.',
    '',
  );
  return `${lines.join('\n')}\n`;
}
