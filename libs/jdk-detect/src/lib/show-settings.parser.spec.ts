import { parseShowSettings } from './show-settings.parser';

describe('parseShowSettings', () => {
  // verbatim (partial) from https://github.com/adoptium/temurin-build/issues/942: OpenJ9 prints the rest of
  // java.vm.info unindented, so the revision lines sit at column 0 between two property lines
  const openj9 = [
    '    java.vendor.url.bug = https://github.com/eclipse/openj9/issues',
    '    java.version = 12',
    '    java.vm.info = JRE 12 Linux amd64-64-Bit Compressed References 20190304_20 (JIT enabled, AOT enabled)',
    'OpenJ9   - dff29d8c2',
    'OMR      - 89f2015f',
  ].join('\n');

  it("keeps OpenJ9's unindented revision lines in java.vm.info, and reads java.vm.info as VM details", () => {
    const e = parseShowSettings(openj9);
    expect(e.raw['java.vm.info']).toBe(
      'JRE 12 Linux amd64-64-Bit Compressed References 20190304_20 (JIT enabled, AOT enabled)\nOpenJ9   - dff29d8c2\nOMR      - 89f2015f',
    );
    expect(e.vmDetails).toContain('OpenJ9   - dff29d8c2');
  });

  it('still ends a value at a column-0 line that is not a revision line (the version banner)', () => {
    const e = parseShowSettings(
      '    java.vm.info = mixed mode, sharing\nopenjdk version "17.0.2" 2022-01-18\n',
    );
    expect(e.raw['java.vm.info']).toBe('mixed mode, sharing');
  });
});
