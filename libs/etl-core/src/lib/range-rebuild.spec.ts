import type { Client } from '@elastic/elasticsearch';
import type { IndexAction } from './product-document';
import { emptySummary } from './product-bulk.writer';
import { RangeRebuildWriter, attributeOutcomes, type PlannedRange } from './range-rebuild';

const upsert = (id: number): IndexAction =>
  ({ kind: 'upsert', id, version: 1, document: { id } }) as unknown as IndexAction;
const hidden = (id: number): IndexAction => ({ kind: 'delete', id, version: 1, reason: 'not-searchable' });
const planned = (from: number, upserts: number, deletes: number): PlannedRange => ({
  range: { from, to: from + 99 },
  actions: [
    ...Array.from({ length: upserts }, (_, i) => upsert(from + i)),
    ...Array.from({ length: deletes }, (_, i) => hidden(from + upserts + i)),
  ],
});

describe('attributeOutcomes', () => {
  it('gives each range its own counts when every action did what it asked', () => {
    const ranges = [planned(1, 3, 1), planned(101, 2, 0)];
    const outcome = attributeOutcomes(ranges, { ...emptySummary(), written: 5, deleted: 1 });
    expect(outcome.map(({ written, deleted, stale }) => ({ written, deleted, stale }))).toEqual([
      { written: 3, deleted: 1, stale: 0 },
      { written: 2, deleted: 0, stale: 0 },
    ]);
  });

  it('puts the whole request on its first range when some writes were stale, so totals stay right', () => {
    const ranges = [planned(1, 3, 1), planned(101, 2, 0)];
    const outcome = attributeOutcomes(ranges, { ...emptySummary(), written: 4, deleted: 1, stale: 1 });
    expect(outcome.reduce((n, o) => n + o.written, 0)).toBe(4);
    expect(outcome.reduce((n, o) => n + o.stale, 0)).toBe(1);
    expect(outcome[1]).toMatchObject({ written: 0, deleted: 0, stale: 0 });
  });
});

describe('RangeRebuildWriter.rangesToTake', () => {
  const writer = new RangeRebuildWriter({} as Client, { index: 'i', source: 'test', minBulkDocs: 500 });

  it('takes waiting ranges while they fit the current request size (1000 documents to start)', () => {
    expect(writer.docsPerRequest).toBe(1000);
    expect(writer.rangesToTake([planned(1, 400, 0), planned(101, 400, 0), planned(201, 400, 0)])).toBe(2);
  });

  it('always takes at least one range, however big', () => {
    expect(writer.rangesToTake([planned(1, 3000, 0), planned(101, 10, 0)])).toBe(1);
  });
});
