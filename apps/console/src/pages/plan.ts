/// <reference lib="dom" />
import { fieldError, gql } from '../api';
import { chartFigure, color } from '../charts';
import { empty, failure, h, section, stat, table } from '../dom';

interface Group {
  key: string;
  team: string | null;
  environment: string | null;
  vendor: string | null;
  feature: number;
  hosts: number;
  installations: number;
  currentVersion: string | null;
  action: string;
  wave: string | null;
  reason: string;
  target: { vendor: string; version: string; licenceTerms: string | null; supportEnds: string } | null;
  removes: { licenceRisk: number; endOfLife: number; behindBaseline: number };
  blockers: { ruleId: string; found: string; fix: string; jvms: number; hosts: number; effect: string }[];
  candidates: { vendor: string; version: string; chosen: boolean; fatalBlockers: number; note: string }[];
}
interface PlanAnswer {
  jdkUpgradePlan: {
    generatedAt: string;
    knowledgeAsOf: string;
    benchmarksUnavailable: string | null;
    policy: {
      preferredVendors: string[];
      allowedLicences: string[];
      minimumSupportMonths: number;
      minimumTargetFeature: number;
    };
    waves: { order: number; name: string; hosts: number; installations: number; groupKeys: string[] }[];
    csv: string;
    groups: { totalCount: number; edges: { node: Group }[] };
  } | null;
}

export const PLAN_QUERY = `query Plan($scope: JdkScopeInput) { jdkUpgradePlan(scope: $scope, first: 500) {
  generatedAt knowledgeAsOf benchmarksUnavailable csv
  policy { preferredVendors allowedLicences minimumSupportMonths minimumTargetFeature }
  waves { order name hosts installations groupKeys }
  groups { totalCount edges { node {
    key team environment vendor feature hosts installations currentVersion action wave reason
    target { vendor version licenceTerms supportEnds }
    removes { licenceRisk endOfLife behindBaseline }
    blockers { ruleId found fix jvms hosts effect }
    candidates { vendor version chosen fatalBlockers note }
  } } }
} }`;

const WAVE_NAMES: Record<string, string> = {
  'licence-risk': '1 · licence risk',
  'end-of-life': '2 · end of life',
  'behind-baseline': '3 · behind baseline',
};

function groupDetail(g: Group): HTMLElement {
  return h(
    'div',
    { class: 'group-detail' },
    h('p', {}, g.reason),
    h('h3', {}, 'Blockers and their fixes'),
    g.blockers.length === 0
      ? empty('Nothing on the running JVMs blocks this move.')
      : table(
          ['found', 'fix', 'JVMs', 'hosts'],
          g.blockers.map((b) => [b.found, b.fix, b.jvms, b.hosts]),
        ),
    h('h3', {}, 'Candidates weighed'),
    g.candidates.length === 0
      ? empty('No candidate: see the reason above.')
      : table(
          ['build', 'chosen', 'fatal blockers', 'benchmarks'],
          g.candidates.map((c) => [
            `${c.vendor} ${c.version}`,
            c.chosen ? 'yes' : '',
            c.fatalBlockers,
            c.note,
          ]),
        ),
  );
}

export async function planPage(main: HTMLElement): Promise<void> {
  const answer = await gql<PlanAnswer>(PLAN_QUERY, {});
  const plan = answer.data.jdkUpgradePlan;
  if (!plan) return void main.append(failure(fieldError(answer, 'jdkUpgradePlan') ?? 'No plan.'));
  const groups = plan.groups.edges.map((e) => e.node);
  if (groups.length === 0)
    return void main.append(
      empty(
        'No hosts have reported yet, so there is nothing to plan. Load the demo fleet with "npx nx run jdk-inventory:demo-fleet".',
      ),
    );
  const download = h(
    'button',
    {
      type: 'button',
      id: 'download-csv',
      onclick: () => {
        const url = URL.createObjectURL(new Blob([plan.csv], { type: 'text/csv' }));
        const a = h('a', { href: url, download: `keel-upgrade-plan-${plan.generatedAt.slice(0, 10)}.csv` });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      },
    },
    'Download CSV',
  );
  const acting = groups.filter((g) => g.action !== 'none');
  const labels = plan.waves.map((w) => WAVE_NAMES[w.name] ?? w.name);
  const removes = (pick: (g: Group) => number) =>
    plan.waves.map((w) => groups.filter((g) => g.wave === w.name).reduce((n, g) => n + pick(g), 0));
  main.append(
    h(
      'div',
      { class: 'stats' },
      stat('groups', groups.length, 'groups'),
      stat('groups to move', acting.length, 'acting'),
      stat(
        'hosts in waves',
        plan.waves.reduce((n, w) => n + w.hosts, 0),
        'wave-hosts',
      ),
    ),
    h(
      'p',
      { class: 'hint' },
      `Policy: ${plan.policy.preferredVendors.join(', ')}; licences ${plan.policy.allowedLicences.join(', ')}; at least ${plan.policy.minimumSupportMonths} months of support; Java ${plan.policy.minimumTargetFeature}+. Knowledge as of ${plan.knowledgeAsOf}.`,
      ' ',
      download,
    ),
    plan.benchmarksUnavailable ? failure(plan.benchmarksUnavailable) : '',
    h(
      'div',
      { class: 'grid' },
      chartFigure(
        'plan-waves',
        'Waves: hosts to move',
        {
          type: 'bar',
          data: {
            labels,
            datasets: [
              {
                label: 'hosts',
                data: plan.waves.map((w) => w.hosts),
                backgroundColor: plan.waves.map((_, i) => color(i + 2)),
              },
            ],
          },
          options: { plugins: { legend: { display: false } } },
        },
        {
          headers: ['wave', 'hosts', 'installations'],
          rows: plan.waves.map((w, i) => [labels[i], w.hosts, w.installations]),
        },
      ),
      chartFigure(
        'plan-removes',
        'Exposure each wave removes (installations)',
        {
          type: 'bar',
          data: {
            labels,
            datasets: [
              {
                label: 'paid licence',
                data: removes((g) => g.removes.licenceRisk),
                backgroundColor: color(2),
              },
              { label: 'end of life', data: removes((g) => g.removes.endOfLife), backgroundColor: color(3) },
              {
                label: 'behind baseline',
                data: removes((g) => g.removes.behindBaseline),
                backgroundColor: color(4),
              },
            ],
          },
          options: { plugins: { legend: { position: 'bottom' } } },
        },
        {
          headers: ['wave', 'paid licence', 'end of life', 'behind baseline'],
          rows: labels.map((l, i) => [
            l,
            removes((g) => g.removes.licenceRisk)[i],
            removes((g) => g.removes.endOfLife)[i],
            removes((g) => g.removes.behindBaseline)[i],
          ]),
        },
      ),
    ),
  );
  const rows = groups.map((g) => {
    const detailRow = h(
      'tr',
      { class: 'detail-row', hidden: true },
      h('td', { colspan: '8' }, groupDetail(g)),
    );
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'link',
        'aria-expanded': 'false',
        onclick: () => {
          detailRow.hidden = !detailRow.hidden;
          toggle.setAttribute('aria-expanded', String(!detailRow.hidden));
        },
      },
      g.key,
    );
    const row = h(
      'tr',
      { 'data-group': g.key },
      ...[
        toggle,
        g.wave ? (WAVE_NAMES[g.wave] ?? g.wave) : '–',
        g.hosts,
        g.currentVersion ?? '?',
        g.action,
        g.target ? `${g.target.vendor} ${g.target.version}` : '–',
        g.blockers.length,
        g.candidates.find((c) => c.chosen)?.note ?? '',
      ].map((c) => h('td', {}, c)),
    );
    return [row, detailRow];
  });
  main.append(
    section(
      `Groups (${plan.groups.totalCount})`,
      h(
        'table',
        { class: 'plan' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['group', 'wave', 'hosts', 'current', 'action', 'target', 'blockers', 'benchmarks'].map((x) =>
              h('th', { scope: 'col' }, x),
            ),
          ),
        ),
        h('tbody', {}, ...rows.flat()),
      ),
    ),
  );
}
