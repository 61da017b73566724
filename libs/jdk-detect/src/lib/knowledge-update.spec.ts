import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/keel-jdk';
import { defaultKnowledgeDir, loadKnowledge } from './knowledge.loader';
import { fixtureFetcher, updateKnowledge, type Fetcher } from './knowledge-update';

const FIXTURES = join(__dirname, '../fixtures/knowledge');
const copy = (from: string, prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(from, dir, { recursive: true });
  return dir;
};
const today = '2026-12-02';

describe('knowledge update', () => {
  it('reproduces the data files from the recorded responses: nothing to change', async () => {
    const data = copy(defaultKnowledgeDir(), 'jdk-data-');
    const before = readFileSync(join(data, 'support-dates.json'), 'utf8');
    const result = await updateKnowledge({
      dataDir: data,
      fetcher: fixtureFetcher(FIXTURES),
      today,
      dryRun: false,
    });
    expect(result.changes).toEqual([]);
    expect(result.written).toEqual([]);
    expect(readFileSync(join(data, 'support-dates.json'), 'utf8')).toBe(before);
  });

  it('shows what a newer response changes, writes it only without --dry-run, and the result validates', async () => {
    const data = copy(defaultKnowledgeDir(), 'jdk-data-');
    const fixtures = copy(FIXTURES, 'jdk-fixtures-');
    const sap = JSON.parse(readFileSync(join(fixtures, 'endoflife-sapmachine.json'), 'utf8')) as {
      result: { releases: { name: string; eolFrom: string }[] };
    };
    const sap21 = sap.result.releases.find((r) => r.name === '21');
    if (!sap21) throw new Error('fixture lacks SapMachine 21');
    sap21.eolFrom = '2029-09-30';
    writeFileSync(join(fixtures, 'endoflife-sapmachine.json'), JSON.stringify(sap));
    const disco = JSON.parse(readFileSync(join(fixtures, 'foojay-major_versions.json'), 'utf8')) as {
      result: { major_version: number; versions: string[] }[];
    };
    const disco25 = disco.result.find((m) => m.major_version === 25);
    if (!disco25) throw new Error('fixture lacks 25');
    // a simulated later update than the data lists (25.0.5, October 2026)
    disco25.versions.unshift('25.0.6+8');
    writeFileSync(join(fixtures, 'foojay-major_versions.json'), JSON.stringify(disco));

    const before = readFileSync(join(data, 'latest-updates.json'), 'utf8');
    const dry = await updateKnowledge({
      dataDir: data,
      fetcher: fixtureFetcher(fixtures),
      today,
      dryRun: true,
    });
    expect(dry.changes.map((c) => [c.file, c.what, c.from, c.to])).toEqual([
      ['support-dates.json', 'sapmachine 21 end of support', '2028-09-30', '2029-09-30'],
      ['latest-updates.json', '25 latest update', '25.0.5', '25.0.6'],
    ]);
    expect(readFileSync(join(data, 'latest-updates.json'), 'utf8')).toBe(before);

    const wet = await updateKnowledge({
      dataDir: data,
      fetcher: fixtureFetcher(fixtures),
      today,
      dryRun: false,
    });
    expect(wet.written.sort()).toEqual(['latest-updates.json', 'support-dates.json']);
    const k = loadKnowledge(data);
    expect(k.supportDates.asOf).toBe(today);
    expect(
      k.supportDates.entries.find((e) => e.distribution === 'sapmachine' && e.feature === 21),
    ).toMatchObject({
      endDate: '2029-09-30',
      verified: true,
    });
    expect(k.latestUpdates.trains.find((t) => t.feature === 25 && !t.distributions)?.releases.at(-1)).toEqual(
      {
        version: '25.0.6',
        date: today,
        verified: false,
      },
    );
    // a second run finds nothing more to do
    const again = await updateKnowledge({
      dataDir: data,
      fetcher: fixtureFetcher(fixtures),
      today,
      dryRun: false,
    });
    expect(again.changes).toEqual([]);
  });

  it('skips a source that fails and says so, without touching the data', async () => {
    const data = copy(defaultKnowledgeDir(), 'jdk-data-');
    const failing: Fetcher = async (url) => {
      if (url.includes('foojay')) throw new Error('HTTP 503');
      return fixtureFetcher(FIXTURES)(url);
    };
    const result = await updateKnowledge({ dataDir: data, fetcher: failing, today, dryRun: false });
    expect(result.notes).toContainEqual(expect.stringContaining('HTTP 503 (skipped)'));
    expect(result.changes).toEqual([]);
  });

  it('keel-jdk knowledge update --dry-run --from-fixtures prints the diff and exits 0', async () => {
    let out = '';
    const code = await runCli(['knowledge', 'update', '--dry-run', '--from-fixtures', FIXTURES], {
      out: (s) => (out += s),
      err: () => undefined,
      stdin: () => '',
      now: () => new Date(`${today}T00:00:00Z`),
    });
    expect(code).toBe(0);
    expect(out).toContain('no changes: the data files already match the sources');
  });
});
