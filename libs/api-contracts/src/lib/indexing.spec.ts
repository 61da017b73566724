import { AUTHORISATION } from './authorisation';
import { INDEXING_PATTERNS, INDEXING_REQUESTS } from './indexing';

describe('the indexing history requests', () => {
  it('take a page of 1..100 rows before an optional id', () => {
    expect(INDEXING_REQUESTS.batchWindows.parse({ writeAlias: 'products-write', first: 20 })).toEqual({
      writeAlias: 'products-write',
      first: 20,
    });
    expect(INDEXING_REQUESTS.recoveryRuns.parse({ alias: 'products', first: 1, beforeId: 7 })).toEqual({
      alias: 'products',
      first: 1,
      beforeId: 7,
    });
    for (const first of [0, 101, 1.5]) {
      expect(INDEXING_REQUESTS.batchWindows.safeParse({ writeAlias: 'a', first }).success).toBe(false);
    }
    expect(INDEXING_REQUESTS.recoveryRuns.safeParse({ alias: '', first: 5 }).success).toBe(false);
    expect(INDEXING_REQUESTS.recoveryRuns.safeParse({ alias: 'a', first: 5, beforeId: -1 }).success).toBe(
      false,
    );
  });

  it('refuse fields nobody declared, a run id that is not one, and an empty or oversized job list', () => {
    expect(INDEXING_REQUESTS.recoveryRuns.safeParse({ alias: 'a', first: 5, sql: 'x' }).success).toBe(false);
    expect(INDEXING_REQUESTS.recoveryRun.safeParse({ id: '7' }).success).toBe(false);
    expect(INDEXING_REQUESTS.supervisorRestarts.safeParse({ jobs: [], perJob: 5 }).success).toBe(false);
    const jobs = Array.from({ length: 101 }, (_, i) => `job-${i}`);
    expect(INDEXING_REQUESTS.supervisorRestarts.safeParse({ jobs, perJob: 5 }).success).toBe(false);
    expect(INDEXING_REQUESTS.supervisorRestarts.parse({ jobs: ['indexer-batch'], perJob: 50 })).toEqual({
      jobs: ['indexer-batch'],
      perJob: 50,
    });
  });

  it('are served by the app that owns the table, to the gateway only', () => {
    expect(AUTHORISATION['indexer-batch'].rpc[INDEXING_PATTERNS.batchWindows.cmd]).toEqual(['gateway']);
    expect(AUTHORISATION['indexer-recovery'].rpc[INDEXING_PATTERNS.recoveryRuns.cmd]).toEqual(['gateway']);
    expect(AUTHORISATION['indexer-recovery'].rpc[INDEXING_PATTERNS.recoveryRun.cmd]).toEqual(['gateway']);
    expect(AUTHORISATION.supervisor.rpc[INDEXING_PATTERNS.supervisorRestarts.cmd]).toEqual(['gateway']);
  });
});
