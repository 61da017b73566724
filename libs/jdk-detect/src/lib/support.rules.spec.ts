import { loadKnowledge } from './knowledge.loader';
import { staleDataWarning, supportStatus } from './support.rules';
import { parseJavaVersion } from './version-string.parser';

const knowledge = loadKnowledge();
const on = new Date('2026-12-02T00:00:00Z');
const status = (distribution: string, version: string, date: Date = on) =>
  supportStatus({ distribution, version: parseJavaVersion(version) }, knowledge, date);

describe('supportStatus', () => {
  it('counts updates behind and the security baseline', () => {
    const s = status('temurin', '17.0.15');
    expect(s.lts).toBe(true);
    expect(s.latestKnown).toBe('17.0.21');
    expect(s.updatesBehind).toBe(7);
    expect(s.updatesBehindAtLeast).toBe(false);
    expect(s.belowSecurityBaseline).toBe(true);
    expect(s.endOfLife).toBe(false);
  });

  it('says "at least" for builds older than the data lists', () => {
    const s = status('oracle', '1.8.0_181');
    expect(s.updatesBehindAtLeast).toBe(true);
    expect(s.eolDate).toBe('2030-12-31');
  });

  it('counts Oracle JDK 8 against Oracle CPU numbers, one below OpenJDK (8u501 is current, not one behind)', () => {
    expect(status('oracle', '1.8.0_501')).toMatchObject({ updatesBehind: 0, belowSecurityBaseline: false });
    expect(status('oracle', '1.8.0_491')).toMatchObject({ updatesBehind: 1 });
    // an OpenJDK 8 build uses OpenJDK's numbers
    expect(status('temurin', '1.8.0_502')).toMatchObject({ updatesBehind: 2, latestKnown: '8.0.512' });
  });

  it('keeps the current non-LTS release supported until the next GA, and ends it on that day', () => {
    expect(status('temurin', '27.0.0')).toMatchObject({
      lts: false,
      endOfLife: false,
      eolDate: '2027-03-16',
    });
    expect(status('temurin', '27.0.0', new Date('2027-03-15T12:00:00Z')).endOfLife).toBe(false);
    expect(status('temurin', '27.0.0', new Date('2027-03-16T00:00:00Z')).endOfLife).toBe(true);
    // 26 ended when 27 shipped (2026-09-15)
    expect(status('temurin', '26.0.2', new Date('2026-09-14T23:59:59Z')).endOfLife).toBe(false);
    expect(status('temurin', '26.0.2', new Date('2026-09-15T00:00:00Z')).endOfLife).toBe(true);
    expect(status('temurin', '26.0.2')).toMatchObject({ endOfLife: true, eolDate: '2026-09-15' });
  });

  it('ends Oracle OpenJDK builds at the next feature release, LTS or not', () => {
    expect(status('oracle-openjdk', '17.0.2')).toMatchObject({ endOfLife: true, eolDate: '2022-03-22' });
    expect(status('oracle-openjdk', '27.0.0').endOfLife).toBe(false);
  });

  it.each([
    ['sapmachine', 17, '2026-09-30'],
    ['sapmachine', 21, '2028-09-30'],
    ['dragonwell', 8, '2026-06-30'],
    ['dragonwell', 21, '2029-11-30'],
    ['semeru', 11, '2027-10-31'],
    ['semeru', 8, '2030-12-31'],
    ['liberica', 17, '2027-10-31'],
    ['zulu', 25, '2033-09-30'],
    ['redhat', 25, '2031-10-31'],
    ['microsoft', 25, '2030-09-30'],
  ])('%s %i is supported through %s and ends the day after', (distribution, feature, end) => {
    const version = feature === 8 ? '1.8.0_402' : `${feature}.0.1`;
    expect(status(distribution, version, new Date(`${end}T12:00:00Z`))).toMatchObject({
      eolDate: end,
      endOfLife: false,
    });
    const after = new Date(`${end}T00:00:00Z`);
    after.setUTCDate(after.getUTCDate() + 1);
    expect(status(distribution, version, after).endOfLife).toBe(true);
  });

  it('reports SapMachine 17 as ended on 2026-12-02 (it looked alive without a date)', () => {
    expect(status('sapmachine', '17.0.16').endOfLife).toBe(true);
  });

  it("ends Red Hat's trains on the days of Red Hat's lifecycle API (endoflife-date/endoflife.date#7131)", () => {
    const at = (d: string) => new Date(`${d}T12:00:00Z`);
    for (const [version, last] of [
      ['1.8.0_472', '2026-11-30'],
      ['17.0.20', '2027-10-31'],
      ['21.0.12', '2029-12-31'],
    ]) {
      const dayAfter = new Date(at(last).getTime() + 86_400_000).toISOString().slice(0, 10);
      expect([version, status('redhat', version, at(last))]).toMatchObject([
        version,
        { eolDate: last, endOfLife: false },
      ]);
      expect([version, status('redhat', version, at(dayAfter)).endOfLife]).toEqual([version, true]);
    }
  });

  it('AdoptOpenJDK is past its end', () => {
    expect(status('adoptopenjdk-hotspot', '11.0.8')).toMatchObject({ endOfLife: true });
  });

  it('is up to date on the latest known update', () => {
    expect(status('temurin', '25.0.5')).toMatchObject({ updatesBehind: 0, belowSecurityBaseline: false });
  });

  it('counts the October 2026 CPU (8u512, 11.0.33, 17.0.21, 21.0.13, 25.0.5) as the security baseline', () => {
    // the August 2026 out-of-band updates are one behind and below the October CPU's baseline
    for (const [before, cpu] of [
      ['1.8.0_503', '1.8.0_512'],
      ['11.0.32.1', '11.0.33'],
      ['17.0.20.1', '17.0.21'],
      ['21.0.12.1', '21.0.13'],
      ['25.0.4.1', '25.0.5'],
    ]) {
      expect([before, status('temurin', before)]).toMatchObject([
        before,
        { updatesBehind: 1, belowSecurityBaseline: true },
      ]);
      expect([cpu, status('temurin', cpu)]).toMatchObject([
        cpu,
        { updatesBehind: 0, belowSecurityBaseline: false },
      ]);
    }
    // Oracle's own 8 train is unchanged: its October number (8u511) is not confirmed
    expect(status('oracle', '1.8.0_501')).toMatchObject({ updatesBehind: 0 });
  });

  it('carries dataAsOf, and a warning once the data is older than 100 days', () => {
    const s = status('temurin', '21.0.1');
    expect(s.dataAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const asOf = new Date(`${s.dataAsOf}T00:00:00Z`);
    const day100 = new Date(asOf.getTime() + 100 * 86_400_000);
    const day101 = new Date(asOf.getTime() + 101 * 86_400_000);
    expect(status('temurin', '21.0.1', day100).warnings).toEqual([]);
    expect(status('temurin', '21.0.1', day101).warnings).toEqual([expect.stringContaining('101 days old')]);
    expect(staleDataWarning('2026-01-01', new Date('2026-04-11T00:00:00Z'))).toBeNull();
  });
});
