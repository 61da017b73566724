import { batchWindowOf, decodeCursor, encodeCursor, jobRestartOf, recoveryRunOf } from './indexing-history';

describe('indexing history', () => {
  it('round-trip an opaque cursor and refuse a forged one', () => {
    expect(decodeCursor(encodeCursor('42'))).toBe(42);
    expect(decodeCursor('bm9wZQ')).toBeUndefined();
  });

  it('give a run its progress and rate', () => {
    const run = recoveryRunOf(
      {
        id: 7,
        alias: 'products',
        index: 'products-20261125',
        status: 'running',
        phase: 'ranges',
        minId: 1,
        maxId: 2000,
        rangesDone: 5,
        rangesTotal: 20,
        docsWritten: 900,
        docsDeleted: 50,
        docsStale: 50,
        startedAt: '2026-11-25T10:00:00.000Z',
        updatedAt: '2026-11-25T10:00:08.000Z',
        finishedAt: null,
        previousIndex: null,
        error: null,
      },
      Date.parse('2026-11-25T10:00:10.000Z'),
    );
    expect(run).toMatchObject({ id: '7', progress: 0.25, docsPerSecond: 100, maxId: 2000 });
    expect(run.startedAt).toEqual(new Date('2026-11-25T10:00:00.000Z'));
  });

  it('rate a finished run up to its end, not up to now, and call an empty run done', () => {
    const run = recoveryRunOf(
      {
        id: 8,
        alias: 'products',
        index: 'products-20261126',
        status: 'succeeded',
        phase: 'done',
        minId: 1,
        maxId: 0,
        rangesDone: 0,
        rangesTotal: 0,
        docsWritten: 40,
        docsDeleted: 0,
        docsStale: 0,
        startedAt: '2026-11-26T10:00:00.000Z',
        updatedAt: '2026-11-26T10:00:04.000Z',
        finishedAt: '2026-11-26T10:00:04.000Z',
        previousIndex: 'products-20261125',
        error: null,
      },
      Date.parse('2026-11-26T12:00:00.000Z'),
    );
    expect(run).toMatchObject({ progress: 1, docsPerSecond: 10, previousIndex: 'products-20261125' });
  });

  it('turn the owners’ ISO instants into dates', () => {
    const window = batchWindowOf({
      id: 3,
      writeAlias: 'products-write',
      kind: 'hop',
      windowStart: '2026-11-25T10:00:00.000Z',
      windowEnd: '2026-11-25T10:01:00.000Z',
      startedAt: '2026-11-25T10:01:05.000Z',
      finishedAt: null,
      status: 'running',
      idsSeen: 0,
      written: 0,
      stale: 0,
      deleted: 0,
      failed: 0,
      error: null,
      instance: 'batch-1',
    });
    expect(window).toMatchObject({
      id: '3',
      finishedAt: null,
      windowEnd: new Date('2026-11-25T10:01:00.000Z'),
    });
    const restart = jobRestartOf({
      id: '9',
      job: 'indexer-batch',
      reason: 'below 1 instance for 15 s',
      command: ['true'],
      startedAt: '2026-11-25T10:02:00.000Z',
      exitCode: 0,
      pid: 123,
    });
    expect(restart.startedAt).toEqual(new Date('2026-11-25T10:02:00.000Z'));
  });
});
