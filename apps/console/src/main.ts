/// <reference lib="dom" />
import './style.css';
import { ConsoleError, gql, session, whenUnauthenticated } from './api';
import { dropCharts } from './charts';
import { clear, failure, h } from './dom';
import { benchmarksPage } from './pages/benchmarks';
import { fleetPage } from './pages/fleet';
import { hostsPage } from './pages/hosts';
import { indexingPage } from './pages/indexing';
import { planPage } from './pages/plan';

/** A page renders into `main` and may return a stop function (for pages that poll). */
export type Page = (main: HTMLElement) => Promise<void | (() => void)>;

const PAGES: { path: string; title: string; page: Page }[] = [
  { path: 'fleet', title: 'Fleet', page: fleetPage },
  { path: 'hosts', title: 'Hosts', page: hostsPage },
  { path: 'plan', title: 'Upgrade plan', page: planPage },
  { path: 'benchmarks', title: 'Benchmarks', page: benchmarksPage },
  { path: 'indexing', title: 'Indexing', page: indexingPage },
];

const root = document.getElementById('app') as HTMLElement;
let stopPage: (() => void) | void = undefined;

function signInForm(message?: string): void {
  clear(root);
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    required: true,
    spellcheck: 'false',
  });
  const status = h('p', { class: 'state', role: 'status' }, message ?? '');
  const form = h(
    'form',
    {
      class: 'signin',
      'aria-label': 'Sign in',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const token = input.value.trim();
        status.textContent = 'Checking the token…';
        try {
          await gql<{ __typename: string }>('{ __typename }', {}, token);
          session.signIn(token);
          // setting the hash renders through hashchange; render directly only when it does not change
          if (location.hash === '' || location.hash === '#/' || location.hash === '#')
            location.hash = '#/fleet';
          else void render();
        } catch (error) {
          status.textContent = error instanceof ConsoleError ? error.message : String(error);
        }
      },
    },
    h('h1', {}, 'Keel console'),
    h('label', { for: 'token' }, 'API token'),
    input,
    h(
      'p',
      { class: 'hint' },
      'Kept for this browser session only (sessionStorage), never in a URL. Create one with: node dist/apps/gateway/cli.js token create --name me --role viewer',
    ),
    h('button', { type: 'submit' }, 'Sign in'),
    status,
  );
  root.append(form);
  input.focus();
}

let renders = 0;

async function render(): Promise<void> {
  // a newer render (another hashchange) wins: an older one that resumes late draws nothing
  const mine = ++renders;
  if (typeof stopPage === 'function') stopPage();
  stopPage = undefined;
  dropCharts();
  if (!session.token()) return signInForm();
  const path = location.hash.replace(/^#\/?/, '') || 'fleet';
  const current = PAGES.find((p) => p.path === path) ?? PAGES[0];
  clear(root);
  const main = h('main', { id: 'main', tabindex: '-1' });
  root.append(
    h(
      'a',
      { class: 'skip', href: '#main', onclick: (e: Event) => (e.preventDefault(), main.focus()) },
      'Skip to content',
    ),
    h(
      'header',
      {},
      h('span', { class: 'brand' }, 'Keel'),
      h(
        'nav',
        { 'aria-label': 'Pages' },
        ...PAGES.map((p) =>
          h('a', { href: `#/${p.path}`, 'aria-current': p === current ? 'page' : undefined }, p.title),
        ),
      ),
      h(
        'button',
        { type: 'button', class: 'signout', onclick: () => (session.signOut(), render()) },
        'Sign out',
      ),
    ),
    main,
  );
  document.title = `${current.title} · Keel console`;
  main.append(h('h1', {}, current.title));
  try {
    const stop = await current.page(main);
    if (mine !== renders) {
      if (typeof stop === 'function') stop();
      return;
    }
    stopPage = stop;
  } catch (error) {
    if (error instanceof ConsoleError && error.code === 'UNAUTHENTICATED') return;
    if (mine !== renders) return;
    main.append(failure(error instanceof Error ? error.message : String(error)));
  }
  main.setAttribute('data-ready', 'true');
}

whenUnauthenticated((message) => {
  session.signOut();
  signInForm(message);
});
window.addEventListener(
  'hashchange',
  () => void render().then(() => document.getElementById('main')?.focus()),
);
void render();
