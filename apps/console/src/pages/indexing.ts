/// <reference lib="dom" />
import { fieldError, gql } from '../api';
import { chartFigure, color } from '../charts';
import { empty, failure, h, number, section, table } from '../dom';

interface IndexingAnswer {
  aliases: {
    readAlias: string;
    writeAlias: string;
    readIndices: string[];
    indices: { name: string; docs: number; health: string; live: boolean }[];
  } | null;
  batchHistory: {
    edges: {
      node: {
        id: string;
        kind: string;
        status: string;
        windowStart: string;
        windowEnd: string;
        written: number;
        idsSeen: number;
      };
    }[];
  } | null;
  recoveryRuns: {
    edges: {
      node: {
        id: string;
        index: string;
        status: string;
        phase: string;
        progress: number;
        docsPerSecond: number | null;
        startedAt: string;
      };
    }[];
  } | null;
  streamLag: { totalLag: number; partitions: { partition: number; lag: number }[] } | null;
  jobs:
    | {
        name: string;
        instances: { host: string | null; pid: number | null; health: string | null }[];
        restarts: { edges: { node: { reason: string; startedAt: string } }[] };
      }[]
    | null;
}

export const INDEXING_QUERY = `{
  aliases { readAlias writeAlias readIndices indices { name docs health live } }
  batchHistory(first: 30) { edges { node { id kind status windowStart windowEnd written idsSeen } } }
  recoveryRuns(first: 5) { edges { node { id index status phase progress docsPerSecond startedAt } } }
  streamLag { totalLag partitions { partition lag } }
  jobs { name instances { host pid health } restarts(first: 3) { edges { node { reason startedAt } } } }
}`;

const time = (iso: string) => new Date(iso).toISOString().slice(5, 16).replace('T', ' ');

export async function indexingPage(main: HTMLElement): Promise<() => void> {
  const body = h('div', { class: 'page-body' });
  const lagSamples: { at: string; lag: number }[] = [];
  main.append(
    h(
      'p',
      { class: 'hint' },
      'Refreshed every 5 s while this page is open; stream lag over time is sampled here. Index freshness (commit to searchable) appears once the freshness probe reports to the gateway.',
    ),
    body,
  );
  let stopped = false;
  async function draw(): Promise<void> {
    const answer = await gql<IndexingAnswer>(INDEXING_QUERY);
    const d = answer.data;
    if (d.streamLag)
      lagSamples.push({ at: new Date().toISOString().slice(11, 19), lag: d.streamLag.totalLag });
    if (lagSamples.length > 60) lagSamples.shift();
    const grid = h('div', { class: 'grid' });
    if (d.aliases) {
      const idx = d.aliases.indices;
      grid.append(
        idx.length === 0
          ? section(
              'Indices',
              empty(
                `No index of "${d.aliases.readAlias}" yet: build one with "npx nx run indexer-recovery:run".`,
              ),
            )
          : chartFigure(
              'index-docs',
              `Documents per index (read alias ${d.aliases.readAlias} → ${d.aliases.readIndices.join(', ') || 'nothing'})`,
              {
                type: 'bar',
                data: {
                  labels: idx.map((i) => `${i.name}${i.live ? ' (live)' : ''}`),
                  datasets: [
                    {
                      label: 'documents',
                      data: idx.map((i) => i.docs),
                      backgroundColor: idx.map((i) => (i.live ? color(1) : color(8))),
                    },
                  ],
                },
                options: { indexAxis: 'y', plugins: { legend: { display: false } } },
              },
              {
                headers: ['index', 'documents', 'health', 'live'],
                rows: idx.map((i) => [i.name, i.docs, i.health, i.live ? 'yes' : '']),
              },
            ),
      );
    } else grid.append(section('Indices', failure(fieldError(answer, 'aliases') ?? '')));
    if (d.batchHistory) {
      const windows = d.batchHistory.edges.map((e) => e.node).reverse();
      // the first window of a chain may reach far back: show the last two days, clip what starts earlier
      const newest = Math.max(...windows.map((w) => Date.parse(w.windowEnd)));
      const oldest = Math.min(...windows.map((w) => Date.parse(w.windowStart)));
      const from = Math.max(oldest, newest - 2 * 86_400_000);
      grid.append(
        windows.length === 0
          ? section(
              'Batch windows',
              empty('No batch window has run yet (indexer-batch runs one every 5 minutes).'),
            )
          : chartFigure(
              'index-batches',
              'Batch windows as a timeline (each bar: [windowStart, windowEnd))',
              {
                type: 'bar',
                data: {
                  labels: windows.map((w) => `#${w.id} ${w.kind}`),
                  datasets: [
                    {
                      label: 'window',
                      data: windows.map((w) => [
                        Date.parse(w.windowStart),
                        Date.parse(w.windowEnd),
                      ]) as unknown as number[],
                      backgroundColor: windows.map((w) =>
                        w.status === 'failed' ? color(2) : w.status === 'running' ? color(3) : color(0),
                      ),
                    },
                  ],
                },
                options: {
                  indexAxis: 'y',
                  scales: {
                    x: {
                      type: 'linear',
                      min: from,
                      max: newest,
                      ticks: { callback: (v) => time(new Date(Number(v)).toISOString()) },
                    },
                  },
                  plugins: { legend: { display: false } },
                },
              },
              {
                headers: ['window', 'kind', 'status', 'from', 'to', 'ids', 'written'],
                rows: windows.map((w) => [
                  w.id,
                  w.kind,
                  w.status,
                  time(w.windowStart),
                  time(w.windowEnd),
                  w.idsSeen,
                  w.written,
                ]),
              },
            ),
      );
    } else grid.append(section('Batch windows', failure(fieldError(answer, 'batchHistory') ?? '')));
    grid.append(
      d.streamLag
        ? chartFigure(
            'index-lag',
            `Stream lag over time (now ${number(d.streamLag.totalLag)} messages)`,
            {
              type: 'line',
              data: {
                labels: lagSamples.map((s) => s.at),
                datasets: [
                  {
                    label: 'total lag',
                    data: lagSamples.map((s) => s.lag),
                    borderColor: color(5),
                    pointRadius: 2,
                  },
                ],
              },
              options: { plugins: { legend: { display: false } } },
            },
            { headers: ['time', 'lag'], rows: lagSamples.map((s) => [s.at, s.lag]) },
          )
        : section('Stream lag', failure(fieldError(answer, 'streamLag') ?? '')),
    );
    const runs = d.recoveryRuns?.edges.map((e) => e.node) ?? null;
    const parts: HTMLElement[] = [grid];
    parts.push(
      section(
        'Recovery runs',
        runs === null
          ? failure(fieldError(answer, 'recoveryRuns') ?? '')
          : runs.length === 0
            ? empty('No rebuild has run.')
            : table(
                ['run', 'index', 'status', 'phase', 'progress', 'docs/s'],
                runs.map((r) => [
                  r.id,
                  r.index,
                  r.status,
                  r.phase,
                  h(
                    'progress',
                    { max: '1', value: String(r.progress), 'aria-label': `run ${r.id} progress` },
                    `${Math.round(r.progress * 100)}%`,
                  ),
                  r.docsPerSecond === null ? '–' : Math.round(r.docsPerSecond),
                ]),
              ),
      ),
      section(
        'Live jobs and restarts',
        d.jobs === null
          ? failure(fieldError(answer, 'jobs') ?? '')
          : d.jobs.length === 0
            ? empty('No job is registered in ZooKeeper.')
            : table(
                ['job', 'instances', 'health', 'last restarts'],
                d.jobs.map((j) => [
                  j.name,
                  j.instances.length,
                  j.instances.map((i) => i.health ?? '?').join(', '),
                  j.restarts.edges.map((e) => `${time(e.node.startedAt)} ${e.node.reason}`).join('; ') ||
                    'none',
                ]),
              ),
      ),
    );
    if (!stopped) body.replaceChildren(...parts);
  }
  await draw();
  const timer = setInterval(() => void draw().catch(() => undefined), 5000);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
