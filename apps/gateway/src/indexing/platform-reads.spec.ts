import { decodeCursor, encodeCursor, recoveryRunOf } from './platform-reads';

describe('platform reads', () => {
  it('round-trip an opaque cursor and refuse a forged one', () => {
    expect(decodeCursor(encodeCursor('42'))).toBe(42);
    expect(decodeCursor('bm9wZQ')).toBeUndefined();
  });

  it('give a run its progress and rate', () => {
    const run = recoveryRunOf(
      {
        id: '7',
        alias: 'products',
        index_name: 'products-20261125',
        status: 'running',
        phase: 'ranges',
        min_id: '1',
        max_id: '2000',
        ranges_done: 5,
        ranges_total: 20,
        docs_written: '900',
        docs_deleted: '50',
        docs_stale: '50',
        started_at: '2026-11-25T10:00:00.000Z',
        updated_at: '2026-11-25T10:00:08.000Z',
        finished_at: null,
        previous_index: null,
        error: null,
      },
      Date.parse('2026-11-25T10:00:10.000Z'),
    );
    expect(run).toMatchObject({ id: '7', progress: 0.25, docsPerSecond: 100, maxId: 2000 });
  });
});
