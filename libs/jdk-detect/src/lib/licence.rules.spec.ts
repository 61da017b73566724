import { JdkVersion } from './jdk-build';
import { loadKnowledge } from './knowledge.loader';
import { assessLicence } from './licence.rules';
import { parseJavaVersion } from './version-string.parser';

const knowledge = loadKnowledge();
const v = (s: string): JdkVersion => {
  const parsed = parseJavaVersion(s);
  if (!parsed) throw new Error(s);
  return parsed;
};
const on = new Date('2026-11-25T00:00:00Z');

describe('assessLicence', () => {
  it.each([
    ['oracle', '1.8.0_202', 'BCL', 'free-with-conditions'],
    ['oracle', '1.8.0_211', 'OTN', 'paid-licence-required'],
    ['oracle', '11.0.20', 'OTN', 'paid-licence-required'],
    ['oracle', '17.0.12', 'NFTC', 'free-with-conditions'],
    ['oracle', '17.0.13', 'OTN', 'paid-licence-required'],
    ['oracle', '21.0.12', 'NFTC', 'free-with-conditions'],
    ['oracle', '21.0.13', 'OTN', 'paid-licence-required'],
    ['oracle', '25.0.3', 'NFTC', 'free-with-conditions'],
    ['graalvm', '21.0.9', 'GFTC', 'free-with-conditions'],
    ['oracle-openjdk', '17.0.2', 'GPLv2+CE', 'free'],
    ['temurin', '8.0.472', 'GPLv2+CE', 'free'],
    ['corretto', '21.0.5', 'GPLv2+CE', 'free'],
  ])('%s %s → %s', (distribution, version, terms, risk) => {
    const a = assessLicence({ distribution, version: v(version) }, knowledge, on);
    expect(a.terms).toBe(terms);
    expect(a.risk).toBe(risk);
    expect(a.reason.length).toBeGreaterThan(10);
  });

  it('puts a 25 update after the NFTC window (one year after the next LTS) under OTN by its release date', () => {
    const a = assessLicence(
      { distribution: 'oracle', version: v('25.0.9'), releaseDate: '2028-10-17' },
      knowledge,
      new Date('2028-11-01'),
    );
    expect(a.terms).toBe('OTN');
  });

  it('says unknown when the distribution is unknown', () => {
    expect(assessLicence({ distribution: null, version: v('17.0.1') }, knowledge, on)).toMatchObject({
      risk: 'unknown',
      terms: null,
    });
  });
});
