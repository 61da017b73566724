/// <reference lib="dom" />
import { fieldError, gql } from '../api';
import { empty, failure, h, loading, number, section, table } from '../dom';

interface HostNode {
  id: string;
  hostname: string;
  team: string | null;
  os: string;
  installationCount: number;
  runningJvmCount: number;
  licenceRisk: boolean;
  endOfLife: boolean;
  behindBaseline: boolean;
  blockedTargets: number[];
  lastSeenAt: string;
}
interface HostsAnswer {
  jdkHosts: {
    totalCount: number;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
    edges: { cursor: string; node: HostNode }[];
  } | null;
}
interface HostDetail {
  jdkHost: {
    hostname: string;
    labels: Record<string, string>;
    problems: { source: string; message: string }[];
    installations: {
      path: string;
      vendor: string | null;
      version: string | null;
      licence: { risk: string; terms: string | null };
      support: {
        endOfLife: boolean | null;
        eolDate: string | null;
        updatesBehind: number | null;
        latestKnown: string | null;
      };
    }[];
    jvms: {
      pid: number;
      mainClass: string | null;
      jvmOptions: string[];
      installationPath: string | null;
      blockers: { target: number; blockers: { ruleId: string; found: string; effect: string }[] }[];
    }[];
  } | null;
}

export const HOSTS_QUERY = `query Hosts($filter: JdkHostFilterInput, $first: Int, $after: String) {
  jdkHosts(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { endCursor hasNextPage }
    edges { cursor node { id hostname team os installationCount runningJvmCount licenceRisk endOfLife behindBaseline blockedTargets lastSeenAt } }
  }
}`;

const PAGE_SIZE = 25;

const flags = (n: HostNode) =>
  h(
    'span',
    { class: 'flags' },
    ...[
      n.licenceRisk && 'licence',
      n.endOfLife && 'end of life',
      n.behindBaseline && 'behind baseline',
      n.blockedTargets.length > 0 && `blocked: ${n.blockedTargets.join(', ')}`,
    ]
      .filter((x): x is string => Boolean(x))
      .map((x) => h('span', { class: 'badge' }, x)),
  );

export async function hostsPage(main: HTMLElement): Promise<void> {
  const field = (id: string, label: string, input: HTMLElement) =>
    h('span', { class: 'field' }, h('label', { for: id }, label), input);
  const prefix = h('input', { id: 'hostname', type: 'search', placeholder: 'host name starts with' });
  const vendor = h('input', { id: 'vendor', type: 'text', placeholder: 'e.g. oracle' });
  const feature = h('input', { id: 'feature', type: 'number', min: '1', max: '99', placeholder: 'e.g. 8' });
  const team = h('input', { id: 'hteam', type: 'text', placeholder: 'team' });
  const risk = h(
    'select',
    { id: 'risk' },
    ...[
      ['', 'any'],
      ['licence', 'licence risk'],
      ['eol', 'end of life'],
      ['behind-baseline', 'behind baseline'],
      ['migration-blocked', 'migration blocked (17)'],
    ].map(([v, t]) => h('option', { value: v }, t)),
  );
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const detail = h('div', { class: 'detail' });
  const cursors: (string | null)[] = [null];
  let page = 0;

  const filter = () => {
    const f: Record<string, unknown> = {};
    if (prefix.value.trim()) f['hostnamePrefix'] = prefix.value.trim();
    if (vendor.value.trim()) f['vendor'] = vendor.value.trim();
    if (feature.value) f['feature'] = Number(feature.value);
    if (team.value.trim()) f['team'] = team.value.trim();
    if (risk.value) f['risk'] = [risk.value];
    return f;
  };

  async function showHost(id: string): Promise<void> {
    detail.replaceChildren(loading('the host'));
    const answer = await gql<HostDetail>(
      `query Host($id: ID!) { jdkHost(id: $id) { hostname labels problems { source message }
        installations { path vendor version licence { risk terms } support { endOfLife eolDate updatesBehind latestKnown } }
        jvms { pid mainClass jvmOptions installationPath blockers { target blockers { ruleId found effect } } } } }`,
      { id },
    );
    const host = answer.data.jdkHost;
    if (!host)
      return void detail.replaceChildren(
        failure(fieldError(answer, 'jdkHost') ?? 'No such host (it may have been aged out).'),
      );
    detail.replaceChildren(
      section(
        `Host ${host.hostname}`,
        h(
          'p',
          {},
          Object.entries(host.labels)
            .map(([k, v]) => `${k}=${v}`)
            .join('  '),
        ),
        h('h3', {}, 'Installations'),
        host.installations.length === 0
          ? empty('No JDK found on this host.')
          : table(
              ['path', 'vendor', 'version', 'licence', 'support'],
              host.installations.map((i) => [
                i.path,
                i.vendor ?? 'unknown',
                i.version ?? '?',
                `${i.licence.risk}${i.licence.terms ? ` (${i.licence.terms})` : ''}`,
                i.support.endOfLife
                  ? `end of life ${i.support.eolDate ?? ''}`
                  : `${i.support.updatesBehind ?? '?'} update(s) behind ${i.support.latestKnown ?? ''}`,
              ]),
            ),
        h('h3', {}, 'Running JVMs and their blockers'),
        host.jvms.length === 0
          ? empty('No JVM was running at the last scan.')
          : table(
              ['pid', 'main class', 'options', 'blockers'],
              host.jvms.map((j) => [
                j.pid,
                j.mainClass ?? '',
                j.jvmOptions.join(' '),
                j.blockers
                  .filter((b) => b.blockers.length > 0)
                  .map((b) => `→${b.target}: ${b.blockers.map((x) => x.found).join(', ')}`)
                  .join('; ') || 'none',
              ]),
            ),
        h('h3', {}, 'Problems'),
        host.problems.length === 0
          ? empty('The scan reported no problems.')
          : h('ul', {}, ...host.problems.map((p) => h('li', {}, `${p.source}: ${p.message}`))),
      ),
    );
    detail.querySelector('h2')?.setAttribute('tabindex', '-1');
    (detail.querySelector('h2') as HTMLElement | null)?.focus();
  }

  async function load(): Promise<void> {
    results.replaceChildren(loading('hosts'));
    const answer = await gql<HostsAnswer>(HOSTS_QUERY, {
      filter: filter(),
      first: PAGE_SIZE,
      after: cursors[page],
    });
    const hosts = answer.data.jdkHosts;
    if (!hosts) return void results.replaceChildren(failure(fieldError(answer, 'jdkHosts') ?? ''));
    if (hosts.edges.length === 0)
      return void results.replaceChildren(
        empty('No host matches these filters. Clear a filter to see more.'),
      );
    cursors[page + 1] = hosts.pageInfo.endCursor;
    const rows = hosts.edges.map(({ node }) => [
      h('button', { type: 'button', class: 'link', onclick: () => void showHost(node.id) }, node.hostname),
      node.team ?? '–',
      node.os,
      node.installationCount,
      node.runningJvmCount,
      flags(node),
    ]);
    results.replaceChildren(
      h(
        'p',
        { 'data-total': String(hosts.totalCount) },
        `${number(hosts.totalCount)} hosts match; page ${page + 1} of ${Math.max(1, Math.ceil(hosts.totalCount / PAGE_SIZE))}`,
      ),
      table(['host', 'team', 'OS', 'JDKs', 'JVMs', 'risk'], rows),
      h(
        'div',
        { class: 'pager' },
        h(
          'button',
          { type: 'button', disabled: page === 0, onclick: () => ((page -= 1), void load()) },
          '← Previous page',
        ),
        h(
          'button',
          {
            type: 'button',
            disabled: !hosts.pageInfo.hasNextPage,
            onclick: () => ((page += 1), void load()),
          },
          'Next page →',
        ),
      ),
    );
  }

  main.append(
    h(
      'form',
      {
        class: 'filters',
        'aria-label': 'Search hosts',
        onsubmit: (e: Event) => (e.preventDefault(), (page = 0), cursors.splice(1), void load()),
      },
      field('hostname', 'Host', prefix),
      field('vendor', 'Vendor', vendor),
      field('feature', 'Train', feature),
      field('hteam', 'Team', team),
      field('risk', 'Risk', risk),
      h('button', { type: 'submit' }, 'Search'),
    ),
    results,
    detail,
  );
  await load();
}
