import type { FleetReport } from '@keel/jdk-detect';
import type { IngestItem, IngestOutcome, ReportIngestService } from './report-ingest.service';
import { ReportBatcher } from './report-batcher';

const item = (reportId: string): IngestItem => ({ report: { reportId } as FleetReport, source: 'http' });

/** A stand-in for the DB write: refuses any batch holding the poison report, records each batch. */
function fakeIngest(poison?: string) {
  const batches: string[][] = [];
  const ingest = {
    ingest: async (items: readonly IngestItem[]): Promise<IngestOutcome[]> => {
      const ids = items.map((i) => i.report.reportId);
      batches.push(ids);
      if (poison && ids.includes(poison)) throw new Error(`refused ${poison}`);
      const seen = new Set<string>();
      return ids.map((reportId) => {
        const status = seen.has(reportId) ? 'duplicate' : 'stored';
        seen.add(reportId);
        return { reportId, status };
      });
    },
  } as unknown as ReportIngestService;
  return { ingest, batches };
}

describe('ReportBatcher (HTTP group commit)', () => {
  it('writes reports arriving together in one batch and answers each caller with its own outcome', async () => {
    const { ingest, batches } = fakeIngest();
    const batcher = new ReportBatcher(ingest, 100, 20);
    const outcomes = await Promise.all(['a', 'b', 'a', 'c'].map((id) => batcher.submit(item(id))));
    expect(batches).toEqual([['a', 'b', 'a', 'c']]);
    expect(outcomes.map((o) => `${o.reportId}:${o.status}`)).toEqual([
      'a:stored',
      'b:stored',
      'a:duplicate',
      'c:stored',
    ]);
  });

  it('cuts a batch at its maximum size', async () => {
    const { ingest, batches } = fakeIngest();
    const batcher = new ReportBatcher(ingest, 2, 1000, 2);
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => batcher.submit(item(id))));
    expect(batches).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('while the transactions in flight write, arriving reports gather into the next batch', async () => {
    const { ingest, batches } = fakeIngest();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = {
      ingest: async (items: readonly IngestItem[]) => {
        if (batches.length === 0) {
          batches.push(['(writing)']);
          await gate;
          batches.pop();
        }
        return ingest.ingest(items);
      },
    } as unknown as ReportIngestService;
    const batcher = new ReportBatcher(slow, 100, 0, 1);
    const first = batcher.submit(item('a'));
    for (let n = 0; n < 1000 && batches.length === 0; n++) await new Promise((r) => setTimeout(r, 1));
    const rest = ['b', 'c', 'd'].map((id) => batcher.submit(item(id)));
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('a report the database refuses fails only its own request: the others are written alone', async () => {
    const { ingest, batches } = fakeIngest('bad');
    const batcher = new ReportBatcher(ingest, 100, 10);
    const settled = await Promise.allSettled(['a', 'bad', 'c'].map((id) => batcher.submit(item(id))));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('refused bad'));
    expect(batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });
});
