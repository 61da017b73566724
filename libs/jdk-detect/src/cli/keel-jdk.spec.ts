import { join } from 'node:path';
import { runCli } from './keel-jdk';

function run(argv: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = runCli(argv, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    stdin: () => stdin,
    now: () => new Date('2026-11-25T00:00:00Z'),
  });
  return { code, out, err };
}

describe('keel-jdk identify', () => {
  it('prints one JSON object with the contract fields for a file', () => {
    const { code, out } = run(['identify', join(__dirname, '../fixtures/corretto-11.0.2.version.txt')]);
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, unknown>;
    for (const key of [
      'vendor',
      'distribution',
      'version',
      'imageType',
      'bits',
      'os',
      'arch',
      'vm',
      'confidence',
      'unknown',
    ])
      expect(json).toHaveProperty(key);
    expect(json).toMatchObject({
      vendor: 'Amazon Corretto',
      distribution: 'corretto',
      version: { feature: 11, interim: 0, update: 2, patch: 0, build: 9, full: '11.0.2' },
    });
  });

  it('reads stdin for -', () => {
    const { code, out } = run(
      ['identify', '-'],
      'java version "1.8.0_181"\nJava(TM) SE Runtime Environment (build 1.8.0_181-b13)\nJava HotSpot(TM) 64-Bit Server VM (build 25.181-b13, mixed mode)\n',
    );
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      distribution: 'oracle',
      version: { full: '8.0.181', update: 181, build: 13 },
      licence: { terms: 'BCL' },
    });
  });

  it('exits 2 with a message for an unreadable file', () => {
    const { code, err } = run(['identify', '/nonexistent/java-version.txt']);
    expect(code).toBe(2);
    expect(err).toMatch(/cannot read \/nonexistent\/java-version.txt/);
  });

  it('prints usage and exits 2 for an unknown command', () => {
    expect(run(['frobnicate']).code).toBe(2);
  });
});
