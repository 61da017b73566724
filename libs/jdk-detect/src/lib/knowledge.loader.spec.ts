import { mkdtempSync, readFileSync, writeFileSync, cpSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultKnowledgeDir,
  importKnowledge,
  InvalidKnowledgeFile,
  loadKnowledge,
} from './knowledge.loader';

function copyOfData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jdk-knowledge-'));
  cpSync(defaultKnowledgeDir(), dir, { recursive: true });
  return dir;
}

describe('knowledge loader', () => {
  it('loads and validates every shipped data file, each with sources and asOf', () => {
    const k = loadKnowledge();
    for (const file of [
      k.vendors,
      k.ltsTrains,
      k.licenceTerms,
      k.supportDates,
      k.latestUpdates,
      k.migrationRules,
    ]) {
      expect(file.sources.length).toBeGreaterThan(0);
      expect(file.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(k.ltsTrains.trains.map((t) => t.feature)).toEqual([8, 11, 17, 21, 25]);
  });

  it('names the file and the field when a file is invalid', () => {
    const dir = copyOfData();
    const vendors = JSON.parse(readFileSync(join(dir, 'vendors.json'), 'utf8')) as {
      vendors: { rules: { priority: unknown }[] }[];
    };
    vendors.vendors[2].rules[0].priority = 'high';
    writeFileSync(join(dir, 'vendors.json'), JSON.stringify(vendors));
    expect(() => loadKnowledge(dir)).toThrow(InvalidKnowledgeFile);
    expect(() => loadKnowledge(dir)).toThrow('vendors.json: "vendors.2.rules.0.priority"');
  });

  it('rejects an invalid regular expression in a vendor pattern', () => {
    const dir = copyOfData();
    const text = readFileSync(join(dir, 'vendors.json'), 'utf8').replace('"Temurin|', '"Temurin(|');
    writeFileSync(join(dir, 'vendors.json'), text);
    expect(() => loadKnowledge(dir)).toThrow(/not a valid regular expression/);
  });

  it('imports a valid file into place, keeping a backup', () => {
    const dir = copyOfData();
    const incoming = join(mkdtempSync(join(tmpdir(), 'jdk-import-')), 'latest-updates.json');
    const updated = JSON.parse(readFileSync(join(dir, 'latest-updates.json'), 'utf8')) as {
      asOf: string;
      trains: { feature: number; releases: { version: string; date: string }[] }[];
    };
    updated.asOf = '2026-10-31';
    updated.trains.find((t) => t.feature === 25)?.releases.push({ version: '25.0.5', date: '2026-10-20' });
    writeFileSync(incoming, JSON.stringify(updated));
    const result = importKnowledge(incoming, dir);
    expect(result).toMatchObject({ file: 'latest-updates.json', asOf: '2026-10-31' });
    expect(existsSync(join(dir, 'latest-updates.json.bak'))).toBe(true);
    expect(loadKnowledge(dir).latestUpdates.asOf).toBe('2026-10-31');
  });

  it('refuses an invalid import and leaves the data untouched', () => {
    const dir = copyOfData();
    const incoming = join(mkdtempSync(join(tmpdir(), 'jdk-import-')), 'support-dates.json');
    writeFileSync(incoming, JSON.stringify({ asOf: 'yesterday', sources: ['x'], entries: [] }));
    expect(() => importKnowledge(incoming, dir)).toThrow(
      'support-dates.json: "asOf" expected a YYYY-MM-DD date',
    );
    expect(() => importKnowledge(incoming, dir, 'colours.json')).toThrow(/is not one of/);
    expect(loadKnowledge(dir).supportDates.asOf).toBe(loadKnowledge().supportDates.asOf);
  });
});
