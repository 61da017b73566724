import type { JmhBuild, JmhComparison, JmhVerdict } from '@keel/api-contracts';
import { digestMarkdown, sortForDigest } from './digest-markdown';
import { plotFileName, verdictPlotSvg } from './verdict-plot';

const verdict = (over: Partial<JmhVerdict>): JmhVerdict => ({
  key: 'dev.keel.jmh.StringBenchmark.concat [avgt]',
  benchmark: 'dev.keel.jmh.StringBenchmark.concat',
  mode: 'avgt',
  params: {},
  status: 'regression',
  reason: 'q <= fdr',
  unit: 'ns/op',
  direction: 'lower-is-better',
  ratio: 1.5,
  speedup: 1 / 1.5,
  speedupCi: { lower: 0.6, upper: 0.7, confidence: 0.95 },
  pValue: 0.001,
  qValue: 0.004,
  test: 'welch',
  baseline: { forkValues: [10, 10.5, 9.8], mean: 10.1, droppedForks: 0, jdkVersion: '17', vmVersion: null },
  candidate: {
    forkValues: [15, 15.3, 14.9],
    mean: 15.07,
    droppedForks: 0,
    jdkVersion: '25',
    vmVersion: null,
  },
  ...over,
});

const build = (label: string, feature: number): JmhBuild => ({
  id: `00000000-0000-4000-8000-00000000000${feature % 10}`,
  source: 'local',
  javaHome: `/jdk/${label}`,
  label,
  vendor: 'Vendor <x>',
  distribution: 'temurin',
  version: `${feature}.0.1`,
  feature,
  build: 1,
  releaseName: null,
  downloadUrl: null,
  discoveredAt: '2026-11-25T00:00:00.000Z',
  runCount: 1,
  latestRunStatus: 'done',
});

describe('verdict plot', () => {
  it('draws one point per fork of each build, the interval and the no-change band, and escapes text', () => {
    const svg = verdictPlotSvg(
      verdict({ key: 'a.B.c [avgt] {x=<1>}' }),
      { baseline: 'A&1', candidate: 'B' },
      0.02,
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<circle [^>]*r="4"/g)).toHaveLength(6);
    expect(svg).toContain('no-change band ±2%');
    expect(svg).toContain('a.B.c [avgt] {x=&lt;1&gt;}');
    expect(svg).toContain('A&amp;1');
    expect(svg).not.toContain('NaN');
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('copes with a key without interval or values', () => {
    const svg = verdictPlotSvg(
      verdict({ status: 'inconclusive', speedup: null, speedupCi: null, baseline: null, candidate: null }),
      { baseline: 'a', candidate: 'b' },
      0.02,
    );
    expect(svg).toContain('no fork values');
    expect(svg).not.toContain('NaN');
  });

  it('names the file after the key', () => {
    expect(plotFileName('dev.keel.jmh.CollectionsBenchmark.sortCopy [thrpt] {size=100}')).toBe(
      'CollectionsBenchmark.sortCopy_thrpt_size=100.svg',
    );
  });
});

describe('digest markdown', () => {
  const comparison = (verdicts: JmhVerdict[], sameVersion: boolean): JmhComparison => ({
    id: 'c',
    baselineBuildId: 'a',
    candidateBuildId: 'b',
    baselineRunId: 'ra',
    candidateRunId: 'rb',
    baselineLabel: 'openjdk-17',
    candidateLabel: 'temurin-25',
    sameVersion,
    minEffect: 0.02,
    fdr: 0.05,
    test: 'welch',
    createdAt: '2026-11-25T00:00:00.000Z',
    counts: { regression: 1, improvement: 1, 'no-change': 0, inconclusive: 1, missing: 0, crashed: 1 },
    verdicts,
  });

  it('puts crashes first, then regressions, and says when versions differ', () => {
    const verdicts = [
      verdict({ key: 'z [avgt]', status: 'inconclusive' }),
      verdict({ key: 'y [avgt]', status: 'improvement' }),
      verdict({ key: 'x [avgt]', status: 'regression' }),
      verdict({ key: 'w [any]', status: 'crashed', baseline: null, candidate: null }),
    ];
    expect(sortForDigest(verdicts).map((v) => v.status)).toEqual([
      'crashed',
      'regression',
      'improvement',
      'inconclusive',
    ]);
    const md = digestMarkdown({
      build: build('temurin-25', 25),
      against: build('openjdk-17', 17),
      comparison: comparison(verdicts, false),
      crashes: [
        {
          runId: 'rb',
          benchmark: 'w [any]',
          kind: 'crashed',
          reason: 'forked VM failed with exit code 134',
          crashLogs: ['/x/hs_err_pid1.log'],
        },
      ],
      plots: new Map([['x [avgt]', 'x.svg']]),
      generatedAt: '2026-11-25T00:00:00.000Z',
    });
    const at = (s: string) => md.indexOf(s);
    expect(at('## Crashes')).toBeGreaterThan(0);
    expect(at('## Crashes')).toBeLessThan(at('## Regressions'));
    expect(at('## Regressions')).toBeLessThan(at('## Improvements'));
    expect(md).toContain('| crashed | w [any] | forked VM failed with exit code 134 | /x/hs_err_pid1.log |');
    expect(md).toContain('**different feature releases**');
    expect(md).toContain('[svg](x.svg)');
    // direction-normalised: 1.5x the ns/op is a third slower
    expect(md).toContain('-33.3%');
  });

  it('says so when there is nothing to compare with', () => {
    const md = digestMarkdown({
      build: build('temurin-25', 25),
      against: null,
      comparison: null,
      crashes: [],
      plots: new Map(),
      generatedAt: 'now',
    });
    expect(md).toContain('no comparison');
    expect(md).toContain('None.');
  });
});
