import {
  adoptRecordedRestart,
  decideRestart,
  delayAfterRestartMs,
  initialSupervisionState,
  type JobSupervisionState,
  type RestartBackoff,
  type RestartDecision,
} from './restart-policy';

const job = { name: 'indexer-batch', minInstances: 2, graceMs: 3_000 };
const backoff: RestartBackoff = { baseMs: 1_000, maxMs: 8_000, resetAfterMs: 60_000 };

/** Feeds observations [atMs, live] in order and returns every decision. */
function run(observations: [number, number][], state = initialSupervisionState()): RestartDecision[] {
  return observations.map(([at, live]) => {
    const decision = decideRestart(job, state, live, at, backoff);
    state = decision.state;
    return decision;
  });
}

const actions = (decisions: RestartDecision[]) => decisions.map((d) => d.action);

describe('decideRestart', () => {
  it('does nothing while enough instances are live', () => {
    expect(
      actions(
        run([
          [0, 2],
          [1_000, 3],
          [2_000, 2],
        ]),
      ),
    ).toEqual(['none', 'none', 'none']);
  });

  it('waits out the grace period, then restarts once', () => {
    const decisions = run([
      [0, 1],
      [2_999, 1],
      [3_000, 1],
      [3_500, 1],
    ]);
    expect(actions(decisions)).toEqual(['wait', 'wait', 'restart', 'wait']);
    expect(decisions[0]).toMatchObject({
      untilMs: 3_000,
      reason: '1 of 2 instances live, within the grace period',
    });
    expect(decisions[2]).toMatchObject({
      attempt: 1,
      reason: '1 of 2 instances live for 3000 ms (grace 3000 ms); restart #1',
    });
  });

  it('does not restart a job that came back within the grace period (a rolling deploy)', () => {
    expect(
      actions(
        run([
          [0, 1],
          [2_000, 2],
          [4_000, 2],
          [5_000, 1],
          [7_000, 1],
        ]),
      ),
    ).toEqual(['wait', 'none', 'none', 'wait', 'wait']);
  });

  it('backs off exponentially while restarts do not help, up to the cap', () => {
    // grace 3 s, then backoff 1, 2, 4, 8, 8 s: the grace (restarted at t) dominates until the backoff exceeds it
    const times: number[] = [];
    let state: JobSupervisionState = initialSupervisionState();
    for (let t = 0; t <= 60_000; t += 100) {
      const decision = decideRestart(job, state, 0, t, backoff);
      state = decision.state;
      if (decision.action === 'restart') times.push(t);
    }
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(times[0]).toBe(3_000);
    expect(gaps.slice(0, 6)).toEqual([3_000, 3_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('resets the backoff after the job stayed healthy long enough', () => {
    let state = run([
      [0, 0],
      [3_000, 0],
      [6_000, 0],
      [9_000, 0],
    ]).at(-1)?.state as JobSupervisionState;
    expect(state.attempt).toBe(3);
    state = decideRestart(job, state, 2, 10_000, backoff).state;
    expect(decideRestart(job, state, 2, 69_999, backoff).state.attempt).toBe(3);
    state = decideRestart(job, state, 2, 70_000, backoff).state;
    expect(state.attempt).toBe(0);
  });

  it('keeps the backoff when the job flaps before the reset time', () => {
    const decisions = run([
      [0, 0],
      [3_000, 0],
      [4_000, 2],
      [5_000, 0],
      [8_000, 0],
    ]);
    expect(actions(decisions)).toEqual(['wait', 'restart', 'none', 'wait', 'restart']);
    expect(decisions.at(-1)).toMatchObject({ attempt: 2 });
  });

  it('derives the delay after the n-th restart from the base', () => {
    expect([1, 2, 3, 4, 5].map((n) => delayAfterRestartMs(n, backoff))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000,
    ]);
  });
});

describe('adoptRecordedRestart', () => {
  it('makes a new leader wait for the restart its predecessor just made', () => {
    // this supervisor (a follower until now) saw the job below since t=0
    const seen = run([
      [0, 1],
      [2_500, 1],
    ]).at(-1)?.state as JobSupervisionState;
    const adopted = adoptRecordedRestart(seen, { attempt: 1, lastRestartAtMs: 3_200 });
    expect(decideRestart(job, adopted, 1, 3_600, backoff).action).toBe('wait');
    expect(decideRestart(job, adopted, 1, 6_200, backoff).action).toBe('restart');
  });

  it('ignores a record older than what it knows', () => {
    const state = { ...initialSupervisionState(), attempt: 3, lastRestartAtMs: 10_000 };
    expect(adoptRecordedRestart(state, { attempt: 1, lastRestartAtMs: 5_000 })).toBe(state);
  });
});
