/// <reference lib="dom" />
import { fieldError, gql } from '../api';
import { chartFigure, color } from '../charts';
import { empty, failure, h, loading, percent, section, stat, table } from '../dom';
import { stackTrends, sumBy, weekLabel, type TrendPoint } from '../format';

interface Trends {
  weeks: string[];
  points: TrendPoint[];
}
interface FleetAnswer {
  jdkSummary: {
    hosts: number;
    installations: number;
    licenceRiskInstallations: number;
    endOfLifeInstallations: number;
    behindBaselineInstallations: number;
    staleHosts: number;
    lastReportAt: string | null;
  } | null;
  byVendor: Trends | null;
  byTrain: Trends | null;
  jdkLicenceRisk: { totals: { risk: string; terms: string | null; installations: number }[] } | null;
  jdkExposure: {
    endOfLife: { feature: number; installations: number }[];
    behindBaseline: { feature: number; installations: number }[];
  } | null;
  jdkTopUpdates:
    | { feature: number; version: string; installations: number; share: number; trainInstallations: number }[]
    | null;
}

export const FLEET_QUERY = `query Fleet($scope: JdkScopeInput) {
  jdkSummary(scope: $scope) { hosts installations licenceRiskInstallations endOfLifeInstallations behindBaselineInstallations staleHosts lastReportAt }
  byVendor: jdkTrends(scope: $scope, weeks: 12, groupBy: "vendor") { weeks points { weekStart key installations } }
  byTrain: jdkTrends(scope: $scope, weeks: 12, groupBy: "feature") { weeks points { weekStart key installations } }
  jdkLicenceRisk(scope: $scope, first: 1, risks: ["paid-licence-required"]) { totals { risk terms installations } }
  jdkExposure(scope: $scope) { endOfLife { feature installations } behindBaseline { feature installations } }
  jdkTopUpdates(scope: $scope) { feature version installations share trainInstallations }
}`;

function area(id: string, title: string, trends: Trends, nameOf?: (k: string) => string): HTMLElement {
  const series = stackTrends(trends.weeks, trends.points, nameOf);
  const labels = trends.weeks.map(weekLabel);
  return chartFigure(
    id,
    title,
    {
      type: 'line',
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.data,
          fill: i === 0 ? 'origin' : '-1',
          backgroundColor: `${color(i)}99`,
          borderColor: color(i),
          pointRadius: 0,
          tension: 0.2,
        })),
      },
      options: {
        scales: { y: { stacked: true, title: { display: true, text: 'installations' } } },
        plugins: { legend: { position: 'bottom' } },
      },
    },
    { headers: ['series', ...labels], rows: series.map((s) => [s.label, ...s.data]) },
  );
}

export async function fleetPage(main: HTMLElement): Promise<void> {
  const teams = await gql<{ jdkMix: { rows: { team: string | null }[] } | null }>(
    '{ jdkMix(groupBy: ["team"], limit: 200) { rows { team } } }',
  );
  const teamSelect = h(
    'select',
    { id: 'team', name: 'team' },
    h('option', { value: '' }, 'all teams'),
    ...(teams.data.jdkMix?.rows ?? [])
      .filter((r) => r.team)
      .map((r) => h('option', { value: String(r.team) }, String(r.team))),
  );
  const envSelect = h(
    'select',
    { id: 'environment', name: 'environment' },
    ...['', 'prod', 'staging', 'dev'].map((e) => h('option', { value: e }, e || 'all environments')),
  );
  const body = h('div', { class: 'page-body' });
  const filters = h(
    'form',
    { class: 'filters', 'aria-label': 'Filters', onsubmit: (e: Event) => (e.preventDefault(), void draw()) },
    h('label', { for: 'team' }, 'Team'),
    teamSelect,
    h('label', { for: 'environment' }, 'Environment'),
    envSelect,
    h('button', { type: 'submit' }, 'Apply'),
  );
  main.append(filters, body);

  async function draw(): Promise<void> {
    body.replaceChildren(loading('the fleet'));
    const scope: Record<string, unknown> = {};
    if (teamSelect.value) scope['team'] = teamSelect.value;
    if (envSelect.value) scope['labels'] = { environment: envSelect.value };
    const answer = await gql<FleetAnswer>(FLEET_QUERY, { scope });
    const d = answer.data;
    const parts: HTMLElement[] = [];
    const s = d.jdkSummary;
    parts.push(
      s
        ? h(
            'div',
            { class: 'stats' },
            stat('hosts', s.hosts, 'hosts'),
            stat('installations', s.installations, 'installations'),
            stat('need a paid licence', s.licenceRiskInstallations, 'licence'),
            stat('past end of life', s.endOfLifeInstallations, 'eol'),
            stat('behind the security baseline', s.behindBaselineInstallations, 'baseline'),
          )
        : failure(fieldError(answer, 'jdkSummary') ?? 'no summary'),
    );
    if (s && s.hosts === 0) {
      body.replaceChildren(
        ...parts,
        empty(
          'No hosts have reported yet. Run "npx nx run jdk-scan:scan -- --send http://127.0.0.1:3004", or load the demo fleet with "npx nx run jdk-inventory:demo-fleet".',
        ),
      );
      return;
    }
    const charts = h('div', { class: 'grid' });
    charts.append(
      d.byVendor
        ? area('fleet-vendor', 'Installations by vendor, week by week', d.byVendor)
        : failure(fieldError(answer, 'byVendor') ?? ''),
    );
    charts.append(
      d.byTrain
        ? area('fleet-train', 'Installations by Java train, week by week', d.byTrain, (k) => `Java ${k}`)
        : failure(fieldError(answer, 'byTrain') ?? ''),
    );
    if (d.jdkLicenceRisk) {
      const by = sumBy(
        d.jdkLicenceRisk.totals.filter((t) => t.risk !== 'free'),
        (t) => `${t.risk}${t.terms ? ` (${t.terms})` : ''}`,
        (t) => t.installations,
      );
      charts.append(
        chartFigure(
          'fleet-licence',
          'Licence exposure (installations)',
          {
            type: 'bar',
            data: {
              labels: by.labels,
              datasets: [
                {
                  label: 'installations',
                  data: by.data,
                  backgroundColor: by.labels.map((_, i) => color(i + 2)),
                },
              ],
            },
            options: { indexAxis: 'y', plugins: { legend: { display: false } } },
          },
          { headers: ['risk', 'installations'], rows: by.labels.map((l, i) => [l, by.data[i]]) },
        ),
      );
    } else charts.append(failure(fieldError(answer, 'jdkLicenceRisk') ?? ''));
    if (d.jdkExposure) {
      const trains = [
        ...new Set([
          ...d.jdkExposure.endOfLife.map((r) => r.feature),
          ...d.jdkExposure.behindBaseline.map((r) => r.feature),
        ]),
      ].sort((a, b) => a - b);
      const eol = trains.map(
        (f) =>
          d.jdkExposure?.endOfLife.filter((r) => r.feature === f).reduce((n, r) => n + r.installations, 0) ??
          0,
      );
      const behind = trains.map(
        (f) =>
          d.jdkExposure?.behindBaseline
            .filter((r) => r.feature === f)
            .reduce((n, r) => n + r.installations, 0) ?? 0,
      );
      const labels = trains.map((f) => `Java ${f}`);
      charts.append(
        chartFigure(
          'fleet-exposure',
          'End of life and behind baseline, per train',
          {
            type: 'bar',
            data: {
              labels,
              datasets: [
                { label: 'end of life', data: eol, backgroundColor: color(2) },
                { label: 'behind baseline', data: behind, backgroundColor: color(3) },
              ],
            },
            options: { plugins: { legend: { position: 'bottom' } } },
          },
          {
            headers: ['train', 'end of life', 'behind baseline'],
            rows: labels.map((l, i) => [l, eol[i], behind[i]]),
          },
        ),
      );
    } else charts.append(failure(fieldError(answer, 'jdkExposure') ?? ''));
    parts.push(charts);
    parts.push(
      section(
        'Most used update per train',
        d.jdkTopUpdates
          ? table(
              ['train', 'update', 'installations', 'share of the train'],
              d.jdkTopUpdates.map((r) => [
                `Java ${r.feature}`,
                r.version,
                r.installations.toLocaleString('en'),
                percent(r.share),
              ]),
            )
          : failure(fieldError(answer, 'jdkTopUpdates') ?? ''),
      ),
    );
    body.replaceChildren(...parts);
  }
  await draw();
}
