/// <reference lib="dom" />
/** Tiny DOM helpers: text always goes in as text (never HTML), so data from the API cannot inject markup. */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export const loading = (what: string) =>
  h('p', { class: 'state loading', role: 'status' }, `Loading ${what}…`);
export const empty = (what: string) => h('p', { class: 'state empty' }, what);
export const failure = (advice: string) => h('p', { class: 'state error', role: 'alert' }, advice);

/** A titled section of a page. */
export const section = (title: string, ...children: Child[]) =>
  h('section', { class: 'panel', 'aria-label': title }, h('h2', {}, title), ...children);

export function table(headers: string[], rows: Child[][], caption?: string): HTMLTableElement {
  return h(
    'table',
    {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

export const number = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : n.toLocaleString('en');
export const percent = (n: number) => `${(n * 100).toFixed(1)}%`;

/** A figure card: a big number and what it counts. */
export const stat = (label: string, value: number | string, id: string) =>
  h(
    'div',
    { class: 'stat', 'data-stat': id },
    h('span', { class: 'stat-value' }, typeof value === 'number' ? number(value) : value),
    h('span', { class: 'stat-label' }, label),
  );
