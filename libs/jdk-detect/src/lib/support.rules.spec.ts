import { loadKnowledge } from './knowledge.loader';
import { supportStatus } from './support.rules';
import { parseJavaVersion } from './version-string.parser';

const knowledge = loadKnowledge();
const on = new Date('2026-11-25T00:00:00Z');

describe('supportStatus', () => {
  it('counts updates behind and the security baseline', () => {
    const s = supportStatus({ distribution: 'temurin', version: parseJavaVersion('17.0.15') }, knowledge, on);
    expect(s.lts).toBe(true);
    expect(s.latestKnown).toBe('17.0.20');
    expect(s.updatesBehind).toBe(5);
    expect(s.updatesBehindAtLeast).toBe(false);
    expect(s.belowSecurityBaseline).toBe(true);
    expect(s.endOfLife).toBe(false);
    expect(s.dataAsOf).toBe(knowledge.latestUpdates.asOf);
  });

  it('says "at least" for builds older than the data lists', () => {
    const s = supportStatus(
      { distribution: 'oracle', version: parseJavaVersion('1.8.0_181') },
      knowledge,
      on,
    );
    expect(s.updatesBehindAtLeast).toBe(true);
    expect(s.updatesBehind).toBe(13);
    expect(s.eolDate).toBe('2030-12-31');
  });

  it('marks non-LTS releases as end of life and AdoptOpenJDK as past its end', () => {
    expect(
      supportStatus({ distribution: 'temurin', version: parseJavaVersion('16.0.2') }, knowledge, on),
    ).toMatchObject({ lts: false, endOfLife: true });
    expect(
      supportStatus(
        { distribution: 'adoptopenjdk-hotspot', version: parseJavaVersion('11.0.8') },
        knowledge,
        on,
      ),
    ).toMatchObject({ endOfLife: true });
  });

  it('is up to date on the latest known update', () => {
    expect(
      supportStatus({ distribution: 'temurin', version: parseJavaVersion('25.0.4') }, knowledge, on),
    ).toMatchObject({ updatesBehind: 0, belowSecurityBaseline: false });
  });
});
