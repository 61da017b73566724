import type { JmhBuild, JmhDigest, JmhRun, JmhVerdict } from '@keel/api-contracts';
import { buildQueuedEvent, digestEvents } from './result-events';

const build = {
  id: 'b-25',
  label: 'temurin-25.0.4',
  vendor: 'Eclipse Temurin',
  version: '25.0.4',
  source: 'local',
} as JmhBuild;
const run = { id: 'r-1', buildId: 'b-25', profile: 'quick', status: 'done' } as JmhRun;
const verdict = (key: string) => ({ key, speedup: 0.7, reason: '30% slower, q=0.001' }) as JmhVerdict;

function digest(over: Partial<JmhDigest>): JmhDigest {
  return {
    build,
    against: { label: 'temurin-21.0.12' } as JmhBuild,
    comparisonId: 'c-1',
    generatedAt: '2026-12-01T10:00:00Z',
    crashes: [],
    regressions: [],
    improvements: [],
    counts: null,
    markdown: '',
    plots: [],
    ...over,
  };
}

describe('result events', () => {
  it('one regression message per comparison, one crash and one hang message per run', () => {
    const events = digestEvents(
      digest({
        regressions: [verdict('A.concat [thrpt]'), verdict('B.sort [thrpt]')],
        crashes: [
          {
            runId: 'r-1',
            benchmark: 'C.lookup',
            kind: 'crashed',
            reason: 'SIGSEGV',
            crashLogs: ['hs_err_pid1.log'],
          },
          { runId: 'r-1', benchmark: 'D.parse', kind: 'hung', reason: 'no output for 60 s', crashLogs: [] },
          { runId: 'r-0', benchmark: 'E.old', kind: 'crashed', reason: 'an older run', crashLogs: [] },
        ],
      }),
      run,
      'http://127.0.0.1:3000/console/',
    );
    expect(events.map((e) => [e.kind, e.dedupKey])).toEqual([
      ['jmh.regression', 'jmh.regression:c-1'],
      ['jmh.crash', 'jmh.crash:r-1'],
      ['jmh.hang', 'jmh.hang:r-1'],
    ]);
    expect(events[0].title).toBe('temurin-25.0.4: 2 benchmark regression(s) against temurin-21.0.12');
    expect(events[1].text).toBe('C.lookup: SIGSEGV (hs_err_pid1.log)');
    expect(events[0].link).toBe('http://127.0.0.1:3000/console/#/benchmarks');
  });

  it('nothing to say about a clean run; a queued build is one message per build', () => {
    expect(digestEvents(digest({}), run)).toEqual([]);
    expect(buildQueuedEvent(build, run)).toMatchObject({
      kind: 'build.queued',
      dedupKey: 'build.queued:b-25',
    });
  });
});
