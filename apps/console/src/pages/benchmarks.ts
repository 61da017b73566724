/// <reference lib="dom" />
import { ConsoleError, fieldError, gql } from '../api';
import { chartFigure, color } from '../charts';
import { empty, failure, h, loading, section, table } from '../dom';

interface Build {
  id: string;
  label: string;
  vendor: string | null;
  version: string | null;
  feature: number | null;
  source: string;
  runCount: number;
  latestRunStatus: string | null;
}
interface Verdict {
  key: string;
  status: string;
  speedup: number | null;
  speedupCi: { lower: number | null; upper: number | null } | null;
  reason: string;
}
interface Comparison {
  id: string;
  sameVersion: boolean;
  baselineLabel: string;
  candidateLabel: string;
  counts: {
    regression: number;
    improvement: number;
    noChange: number;
    inconclusive: number;
    missing: number;
    crashed: number;
  };
  verdicts: Verdict[];
}

export const BUILDS_QUERY = `{ jmhBuilds(first: 100) { totalCount edges { node { id label vendor version feature source runCount latestRunStatus } } } }`;
export const COMPARE_QUERY = `query Compare($a: ID, $b: ID) { jmhCompare(baselineBuildId: $a, candidateBuildId: $b) {
  id sameVersion baselineLabel candidateLabel counts { regression improvement noChange inconclusive missing crashed }
  verdicts { key status speedup speedupCi { lower upper } reason } } }`;

const short = (key: string) => key.replace(/^dev\.keel\.jmh\./, '');

/** One row per benchmark: the interval as a floating bar, the estimate as a point; crashes and hangs marked at 1. */
function comparisonChart(c: Comparison): HTMLElement {
  const labels = c.verdicts.map((v) => short(v.key));
  const broken = (v: Verdict) => v.status === 'crashed' || v.status === 'missing';
  const intervals = c.verdicts.map((v) =>
    v.speedupCi && v.speedupCi.lower !== null && v.speedupCi.upper !== null
      ? [v.speedupCi.lower, v.speedupCi.upper]
      : null,
  );
  const estimates = c.verdicts.map((v) => (broken(v) ? null : v.speedup));
  const marks = c.verdicts.map((v) => (broken(v) ? 1 : null));
  const statusColor = (s: string) =>
    s === 'regression'
      ? color(2)
      : s === 'improvement'
        ? color(1)
        : s === 'crashed' || s === 'missing'
          ? '#111827'
          : color(8);
  return chartFigure(
    'bench-compare',
    `Speedup of ${c.candidateLabel} over ${c.baselineLabel} per benchmark (> 1: faster), with its confidence interval`,
    {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            type: 'bar',
            label: 'interval',
            data: intervals as unknown as number[],
            backgroundColor: c.verdicts.map((v) => `${statusColor(v.status)}55`),
            borderColor: c.verdicts.map((v) => statusColor(v.status)),
            borderWidth: 1,
            barPercentage: 0.5,
          },
          {
            type: 'scatter',
            label: 'estimate',
            data: estimates as unknown as number[],
            backgroundColor: c.verdicts.map((v) => statusColor(v.status)),
            pointRadius: 5,
          },
          {
            type: 'scatter',
            label: 'crashed or hung',
            data: marks as unknown as number[],
            pointStyle: 'crossRot',
            pointRadius: 9,
            borderWidth: 3,
            borderColor: '#111827',
            backgroundColor: '#111827',
          },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: { title: { display: true, text: 'speedup (candidate / baseline, direction-normalised)' } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    },
    {
      headers: ['benchmark', 'status', 'speedup', 'interval'],
      rows: c.verdicts.map((v) => [
        short(v.key),
        v.status,
        v.speedup === null ? '–' : v.speedup.toFixed(3),
        v.speedupCi && v.speedupCi.lower !== null && v.speedupCi.upper !== null
          ? `${v.speedupCi.lower.toFixed(3)} – ${v.speedupCi.upper.toFixed(3)}`
          : '–',
      ]),
    },
  );
}

export async function benchmarksPage(main: HTMLElement): Promise<void> {
  const answer = await gql<{ jmhBuilds: { totalCount: number; edges: { node: Build }[] } | null }>(
    BUILDS_QUERY,
  );
  const page = answer.data.jmhBuilds;
  if (!page) return void main.append(failure(fieldError(answer, 'jmhBuilds') ?? ''));
  const builds = page.edges.map((e) => e.node);
  main.append(
    section(
      `Builds (${page.totalCount})`,
      builds.length === 0
        ? empty(
            'No JDK build discovered yet: jmh-runner finds them in JDK_DIRS (POST /builds/discover) and runs the suite on each.',
          )
        : table(
            ['build', 'vendor', 'version', 'source', 'runs', 'latest run'],
            builds.map((b) => [
              b.label,
              b.vendor ?? '?',
              b.version ?? '?',
              b.source,
              b.runCount,
              b.latestRunStatus ?? '–',
            ]),
          ),
    ),
  );
  const done = builds.filter((b) => b.latestRunStatus === 'done');
  if (done.length < 2) return void main.append(empty('A comparison needs two builds with a finished run.'));
  const select = (id: string, chosen: Build) =>
    h(
      'select',
      { id },
      ...done.map((b) => h('option', { value: b.id, selected: b.id === chosen.id }, b.label)),
    );
  // default: the oldest finished build as the baseline, the newest as the candidate
  const baseline = select('baseline', done[done.length - 1]);
  const candidate = select('candidate', done[0]);
  const result = h('div', { class: 'comparison', 'aria-live': 'polite' });
  async function compare(): Promise<void> {
    result.replaceChildren(loading('the comparison'));
    try {
      const c = await gql<{ jmhCompare: Comparison | null }>(COMPARE_QUERY, {
        a: baseline.value,
        b: candidate.value,
      });
      const cmp = c.data.jmhCompare;
      if (!cmp) return void result.replaceChildren(failure(fieldError(c, 'jmhCompare') ?? ''));
      const runs = await gql<{
        jmhRuns: {
          edges: {
            node: {
              id: string;
              status: string;
              profile: string;
              resultCount: number;
              crashedCount: number;
              hungCount: number;
              finishedAt: string | null;
            };
          }[];
        } | null;
      }>(
        'query($id: ID!) { jmhRuns(buildId: $id, first: 10) { edges { node { id status profile resultCount crashedCount hungCount finishedAt } } } }',
        { id: candidate.value },
      );
      result.replaceChildren(
        h(
          'p',
          { 'data-counts': JSON.stringify(cmp.counts) },
          `${cmp.counts.regression} regression(s), ${cmp.counts.improvement} improvement(s), ${cmp.counts.noChange} unchanged, ${cmp.counts.inconclusive} inconclusive, ${cmp.counts.crashed} crashed, ${cmp.counts.missing} missing${cmp.sameVersion ? '' : ' — different feature releases: a side-by-side, not like-for-like'}.`,
        ),
        comparisonChart(cmp),
        section(
          'Verdicts',
          table(
            ['benchmark', 'status', 'speedup', 'why'],
            cmp.verdicts.map((v) => [
              short(v.key),
              v.status,
              v.speedup === null ? '–' : v.speedup.toFixed(3),
              v.reason,
            ]),
          ),
        ),
        section(
          'Runs of the candidate',
          runs.data.jmhRuns
            ? table(
                ['run', 'profile', 'status', 'results', 'crashed', 'hung', 'finished'],
                runs.data.jmhRuns.edges.map(({ node: r }) => [
                  r.id.slice(0, 8),
                  r.profile,
                  r.status,
                  r.resultCount,
                  r.crashedCount,
                  r.hungCount,
                  r.finishedAt ?? '–',
                ]),
              )
            : failure(fieldError(runs, 'jmhRuns') ?? ''),
        ),
      );
    } catch (error) {
      result.replaceChildren(failure(error instanceof ConsoleError ? error.message : String(error)));
    }
  }
  main.append(
    h(
      'form',
      {
        class: 'filters',
        'aria-label': 'Compare builds',
        onsubmit: (e: Event) => (e.preventDefault(), void compare()),
      },
      h('label', { for: 'baseline' }, 'Baseline'),
      baseline,
      h('label', { for: 'candidate' }, 'Candidate'),
      candidate,
      h('button', { type: 'submit' }, 'Compare'),
    ),
    result,
  );
  await compare();
}
