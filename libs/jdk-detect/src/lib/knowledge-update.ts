import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledge, validateKnowledgeFile } from './knowledge.loader';
import { JdkKnowledge, LatestUpdatesFile, SupportDatesFile } from './knowledge.schema';
import { compareJavaVersions, parseJavaVersion } from './version-string.parser';

/**
 * `keel-jdk knowledge update`: reads public release and end-of-life data (endoflife.date, the foojay
 * Disco API, the Adoptium API), works out what changes in support-dates.json and latest-updates.json,
 * prints the changes and writes them (validated) unless it is a dry run. Fixtures replace the network in
 * tests: a directory with one recorded response per source, named as in SOURCES.
 */
export interface KnowledgeChange {
  file: 'support-dates.json' | 'latest-updates.json';
  what: string;
  from: string | null;
  to: string;
  source: string;
}

/** endoflife.date products → our distribution ids (and the support kind of the entry they feed). */
export const ENDOFLIFE_PRODUCTS: Record<string, { distribution: string; kind: 'community' | 'vendor' }> = {
  'eclipse-temurin': { distribution: 'temurin', kind: 'community' },
  'amazon-corretto': { distribution: 'corretto', kind: 'community' },
  'azul-zulu': { distribution: 'zulu', kind: 'community' },
  sapmachine: { distribution: 'sapmachine', kind: 'community' },
  'ibm-semeru-runtime': { distribution: 'semeru', kind: 'community' },
  'bellsoft-liberica': { distribution: 'liberica', kind: 'community' },
  'redhat-build-of-openjdk': { distribution: 'redhat', kind: 'vendor' },
  'microsoft-build-of-openjdk': { distribution: 'microsoft', kind: 'vendor' },
};

export const SOURCES = {
  endoflife: (product: string) => `https://endoflife.date/api/v1/products/${product}/`,
  disco:
    'https://api.foojay.io/disco/v3.0/major_versions?ea=false&ga=true&maintained=true&include_build=false&include_versions=true',
  adoptium: 'https://api.adoptium.net/v3/info/available_releases',
};

/** The file a fixture directory holds for a source URL. */
export function fixtureName(url: string): string {
  if (url.startsWith('https://endoflife.date/'))
    return `endoflife-${url.split('/').filter(Boolean).at(-1)}.json`;
  if (url.startsWith('https://api.foojay.io/')) return 'foojay-major_versions.json';
  return 'adoptium-available_releases.json';
}

export type Fetcher = (url: string) => Promise<unknown | null>;

/** Reads recorded responses; a missing fixture is a source that did not answer (null). */
export function fixtureFetcher(dir: string): Fetcher {
  return async (url) => {
    try {
      return JSON.parse(readFileSync(join(dir, fixtureName(url)), 'utf8')) as unknown;
    } catch {
      return null;
    }
  };
}

/** The network (global fetch); a source that fails is skipped and reported, never fatal. */
export const networkFetcher: Fetcher = async (url) => {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as unknown;
};

interface EolRelease {
  feature: number;
  lts: boolean;
  eol: string | null;
}

/** endoflife.date v1 (`result.releases[].eolFrom`) or v0 (`[{cycle, eol}]`) into releases. */
export function readEndOfLife(body: unknown): EolRelease[] {
  const v1 = (body as { result?: { releases?: unknown[] } } | null)?.result?.releases;
  const rows = Array.isArray(v1) ? v1 : Array.isArray(body) ? body : [];
  const out: EolRelease[] = [];
  for (const r of rows as Record<string, unknown>[]) {
    const name = String(r['name'] ?? r['cycle'] ?? '');
    const feature = Number(/^(\d+)/.exec(name)?.[1]);
    const eol = r['eolFrom'] ?? r['eol'];
    if (!Number.isInteger(feature)) continue;
    out.push({
      feature,
      lts: r['isLts'] === true || r['lts'] === true,
      eol: typeof eol === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(eol) ? eol : null,
    });
  }
  return out;
}

/** Disco major_versions: the newest GA version of each maintained feature release. */
export function readDiscoLatest(body: unknown): Map<number, string> {
  const latest = new Map<number, string>();
  for (const m of ((body as { result?: unknown[] } | null)?.result ?? []) as Record<string, unknown>[]) {
    const feature = Number(m['major_version']);
    const versions = (Array.isArray(m['versions']) ? m['versions'] : []) as string[];
    const parsed = versions
      .map((v) => String(v).replace(/\+.*$/, ''))
      .filter((v) => !/-ea|ea$/i.test(v))
      .map((v) => parseJavaVersion(v))
      .filter((v): v is NonNullable<typeof v> => v !== null && v.feature === feature);
    parsed.sort((a, b) => compareJavaVersions(b, a));
    if (parsed[0]) latest.set(feature, parsed[0].full);
  }
  return latest;
}

export interface KnowledgeUpdateResult {
  changes: KnowledgeChange[];
  /** Sources that did not answer or that say something the data files do not model. */
  notes: string[];
  written: string[];
}

/** Computes (and, unless dryRun, writes) the data-file changes the public sources imply. */
export async function updateKnowledge(options: {
  dataDir: string;
  fetcher: Fetcher;
  today: string;
  dryRun: boolean;
}): Promise<KnowledgeUpdateResult> {
  const knowledge: JdkKnowledge = loadKnowledge(options.dataDir);
  const support: SupportDatesFile = structuredClone(knowledge.supportDates);
  const latest: LatestUpdatesFile = structuredClone(knowledge.latestUpdates);
  const changes: KnowledgeChange[] = [];
  const notes: string[] = [];
  const get = async (url: string) => {
    try {
      const body = await options.fetcher(url);
      if (body === null) notes.push(`${url}: no response (skipped)`);
      return body;
    } catch (e) {
      notes.push(`${url}: ${(e as Error).message} (skipped)`);
      return null;
    }
  };

  for (const [product, { distribution, kind }] of Object.entries(ENDOFLIFE_PRODUCTS)) {
    const url = SOURCES.endoflife(product);
    const body = await get(url);
    if (body === null) continue;
    for (const r of readEndOfLife(body)) {
      if (!r.lts || r.eol === null) continue; // non-LTS trains follow the next-feature-ga policy
      const entry = support.entries.find((e) => e.distribution === distribution && e.feature === r.feature);
      if (entry && entry.endDate === r.eol) continue;
      changes.push({
        file: 'support-dates.json',
        what: `${distribution} ${r.feature} end of support`,
        from: entry?.endDate ?? null,
        to: r.eol,
        source: url,
      });
      if (entry) {
        entry.endDate = r.eol;
        entry.verified = true;
        entry.source = url;
      } else {
        support.entries.push({
          distribution,
          feature: r.feature,
          kind,
          endDate: r.eol,
          verified: true,
          source: url,
        });
      }
    }
  }

  const disco = await get(SOURCES.disco);
  if (disco !== null) {
    for (const [feature, version] of readDiscoLatest(disco)) {
      const train = latest.trains.find((t) => t.feature === feature && !t.distributions);
      if (!train) {
        notes.push(
          `${SOURCES.disco}: ${version} is maintained but latest-updates.json has no train for ${feature}`,
        );
        continue;
      }
      const last = parseJavaVersion(train.releases.at(-1)?.version);
      const found = parseJavaVersion(version);
      if (!found || (last && compareJavaVersions(found, last) <= 0)) continue;
      changes.push({
        file: 'latest-updates.json',
        what: `${feature} latest update`,
        from: last?.full ?? null,
        to: found.full,
        source: SOURCES.disco,
      });
      // Disco's major_versions has no dates: the day it was first seen, marked unverified
      train.releases.push({ version: found.full, date: options.today, verified: false });
    }
  }

  const adoptium = (await get(SOURCES.adoptium)) as { available_lts_releases?: number[] } | null;
  for (const lts of adoptium?.available_lts_releases ?? []) {
    if (!knowledge.ltsTrains.trains.some((t) => t.feature === lts))
      notes.push(
        `${SOURCES.adoptium}: ${lts} is an LTS release missing from lts-trains.json (add its GA date)`,
      );
  }

  const written: string[] = [];
  const files: [KnowledgeChange['file'], { asOf: string; sources: string[] }][] = [
    ['support-dates.json', support],
    ['latest-updates.json', latest],
  ];
  for (const [file, content] of files) {
    const mine = changes.filter((c) => c.file === file);
    if (mine.length === 0) continue;
    content.asOf = options.today;
    content.sources = [...new Set([...content.sources, ...mine.map((c) => c.source)])];
    validateKnowledgeFile(file, content);
    if (!options.dryRun) {
      writeFileSync(join(options.dataDir, file), `${JSON.stringify(content, null, 2)}\n`);
      written.push(file);
    }
  }
  return { changes, notes, written };
}

/** The changes as a diff-like listing. */
export function formatKnowledgeChanges(result: KnowledgeUpdateResult): string {
  const lines = result.changes.map(
    (c) => `${c.file}: ${c.what}: ${c.from ?? '(none)'} -> ${c.to}   [${c.source}]`,
  );
  if (lines.length === 0) lines.push('no changes: the data files already match the sources');
  for (const n of result.notes) lines.push(`note: ${n}`);
  for (const w of result.written) lines.push(`wrote ${w}`);
  return `${lines.join('\n')}\n`;
}
