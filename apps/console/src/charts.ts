/// <reference lib="dom" />
import Chart from 'chart.js/auto';
import type { ChartConfiguration } from 'chart.js';
import { h, number, table } from './dom';

Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.maintainAspectRatio = false;

export const PALETTE = [
  '#2563eb',
  '#16a34a',
  '#dc2626',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#475569',
  '#ea580c',
  '#0d9488',
  '#9333ea',
];

/** What each chart on the page was drawn from, by id: what the browser test compares with the API. */
export interface DrawnChart {
  type: string;
  labels: string[];
  datasets: { label: string; data: unknown[] }[];
}
declare global {
  interface Window {
    keelCharts: Record<string, DrawnChart>;
  }
}
window.keelCharts = window.keelCharts ?? {};

const live = new Map<string, Chart>();

/**
 * A chart in a figure, with its numbers as a table beside it (for screen readers and keyboard users,
 * and to read exact values). `rows` is the table; the chart is drawn from `config` only.
 */
export function chartFigure(
  id: string,
  title: string,
  config: ChartConfiguration,
  rows: { headers: string[]; rows: (string | number)[][] },
): HTMLElement {
  live.get(id)?.destroy();
  const canvas = h('canvas', { role: 'img', 'aria-label': title, id: `chart-${id}` });
  const figure = h(
    'figure',
    { class: 'chart', 'data-chart': id },
    h('figcaption', {}, title),
    h('div', { class: 'chart-box' }, canvas),
    h(
      'details',
      {},
      h('summary', {}, 'Data'),
      table(
        rows.headers,
        rows.rows.map((r) => r.map((c) => (typeof c === 'number' ? number(c) : c))),
      ),
    ),
  );
  // drawn once the figure is in the page (Chart.js needs a laid-out canvas)
  queueMicrotask(() => {
    // a page left before it finished drawing: its charts are never drawn, nor recorded
    if (!canvas.isConnected) return;
    const chart = new Chart(canvas, config);
    live.set(id, chart);
    window.keelCharts[id] = {
      type: String((config as { type: string }).type),
      labels: (config.data.labels ?? []).map(String),
      datasets: config.data.datasets.map((d) => ({
        label: String(d.label ?? ''),
        data: [...(d.data as unknown[])],
      })),
    };
  });
  return figure;
}

/** Forget the charts of a page being left. */
export function dropCharts(): void {
  for (const chart of live.values()) chart.destroy();
  live.clear();
  window.keelCharts = {};
}

export const color = (i: number) => PALETTE[i % PALETTE.length];
