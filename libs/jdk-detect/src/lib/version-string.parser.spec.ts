import { compareJavaVersions, parseJavaVersion } from './version-string.parser';

describe('parseJavaVersion', () => {
  it.each([
    [
      '1.8.0_181',
      '1.8.0_181-b13',
      { feature: 8, interim: 0, update: 181, patch: 0, build: 13, full: '8.0.181' },
    ],
    [
      '17.0.12',
      '17.0.12+7-LTS',
      { feature: 17, interim: 0, update: 12, patch: 0, build: 7, full: '17.0.12' },
    ],
    [
      '11.0.9.1',
      '11.0.9.1+1-LTS',
      { feature: 11, interim: 0, update: 9, patch: 1, build: 1, full: '11.0.9.1' },
    ],
    ['17', '17+35-LTS', { feature: 17, interim: 0, update: 0, patch: 0, build: 35, full: '17.0.0' }],
    [
      '11.0.2-BellSoft',
      '11.0.2-BellSoft+7',
      { feature: 11, interim: 0, update: 2, patch: 0, build: 7, full: '11.0.2' },
    ],
    [
      '1.8.0_342',
      '1.8.0_342-8u342-b07-0ubuntu1~18.04-b07',
      { feature: 8, interim: 0, update: 342, patch: 0, build: 7, full: '8.0.342' },
    ],
    [
      '1.7.0_171',
      '1.7.0_171-b02',
      { feature: 7, interim: 0, update: 171, patch: 0, build: 2, full: '7.0.171' },
    ],
  ])('%s / %s', (v, rt, expected) => {
    expect(parseJavaVersion(v, rt)).toEqual(expected);
  });

  // corpus hp-jdk/hp-jdk-1.6.0.06-hpux-pa-risc, zulu/openzipkin-zulu-6.22.0.3-1.6.0-119,
  // oracle/oracle-8u73-b02-macos-version-typo-space
  it.each([
    ['1.6.0.06', '1.6.0.06-jinteg_20_jan_2010_05_50-b00', { feature: 6, update: 6, build: 0 }],
    ['1.6.0-119', '1.6.0-119-b119', { feature: 6, update: 119, build: 119 }],
    ['1.8.0', '1.8.0_73-b02', { feature: 8, update: 73, build: 2 }],
  ])('legacy oddities: %s / %s', (v, rt, expected) => {
    expect(parseJavaVersion(v, rt)).toMatchObject({ interim: 0, patch: 0, ...expected });
  });

  it('keeps a GA header without an update when the runtime version has none either', () => {
    expect(parseJavaVersion('1.8.0', '1.8.0-b132')).toMatchObject({ feature: 8, update: 0, build: 132 });
    expect(parseJavaVersion('1.8.0-internal', '1.8.0-internal-b14')).toMatchObject({ update: 0, build: 14 });
    // a runtime version of another release does not lend its update
    expect(parseJavaVersion('1.7.0', '1.8.0_73-b02')).toMatchObject({ feature: 7, update: 0 });
  });

  it('returns null for text without a version', () => {
    expect(parseJavaVersion('latest')).toBeNull();
    expect(parseJavaVersion(undefined)).toBeNull();
  });

  it('orders versions across schemes', () => {
    const a = parseJavaVersion('1.8.0_202');
    const b = parseJavaVersion('1.8.0_211');
    const c = parseJavaVersion('11.0.1');
    expect(a && b && compareJavaVersions(a, b)).toBeLessThan(0);
    expect(b && c && compareJavaVersions(c, b)).toBeGreaterThan(0);
  });
});
