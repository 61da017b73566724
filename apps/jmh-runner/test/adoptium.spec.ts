import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openRunner, temurin25, type TestRunner } from './support';

const fixturePath = path.join(__dirname, '../src/builds/fixtures/adoptium-feature-releases-25-ga.json');
const fixture = () => JSON.parse(readFileSync(fixturePath, 'utf8')) as Record<string, unknown>[];

/** A fetch that answers the feature_releases query from the recorded response: never the network. */
function recordedApi(body: unknown, asked: string[]): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    asked.push(url);
    if (!url.startsWith('https://api.adoptium.net/v3/assets/feature_releases/25/ga?'))
      return new Response('not recorded', { status: 404 });
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
}

describe('jmh-runner: Adoptium discovery', () => {
  let t: TestRunner | undefined;
  let mirror: Server | undefined;

  afterEach(async () => {
    await t?.close();
    t = undefined;
    if (mirror) await new Promise((resolve) => mirror?.close(resolve));
    mirror = undefined;
  });

  it('lists the builds of the recorded response once, without downloading them', async () => {
    const asked: string[] = [];
    t = await openRunner('jmh_adoptium', {
      discovery: { adoptiumUrl: 'https://api.adoptium.net', adoptiumFeatures: [25] },
      fetchImpl: recordedApi(fixture(), asked),
    });
    const first = await t.runner.discover();
    expect(first.errors).toEqual([]);
    expect(first.created.map((b) => b.label)).toEqual([
      'temurin-25.0.3+9',
      'temurin-25.0.2+10',
      'temurin-25.0.1+8',
      'temurin-25.0.0+36',
    ]);
    expect(first.created.every((b) => b.source === 'adoptium' && b.javaHome === null)).toBe(true);
    expect(first.created[0].downloadUrl).toContain('OpenJDK25U-jdk_x64_linux_hotspot_25.0.3_9.tar.gz');
    // nothing to run without a java home
    expect(first.queued).toEqual([]);
    expect(asked).toHaveLength(1);
    const again = await t.runner.discover();
    expect(again.created).toEqual([]);
    expect(again.found).toHaveLength(4);
    expect((await t.stores.builds.listBuilds({ source: 'adoptium', limit: 10, offset: 0 })).total).toBe(4);
  });

  it('a response in another format is a reported source error, not a crash', async () => {
    t = await openRunner('jmh_adoptium', {
      discovery: { adoptiumUrl: 'https://api.adoptium.net', adoptiumFeatures: [25] },
      fetchImpl: recordedApi({ message: 'rate limited' }, []),
    });
    const report = await t.runner.discover();
    expect(report.created).toEqual([]);
    expect(report.errors).toEqual([
      { source: 'adoptium feature 25', error: expect.stringContaining('InvalidAdoptiumResponse') },
    ]);
  });

  it('behind the download flag, fetches the archive from a local mirror, checks its SHA-256, unpacks and identifies it', async () => {
    // an archive shaped like Temurin's: one top-level jdk-25.0.3+9 directory with bin/java
    t = await openRunner('jmh_adoptium');
    const staging = path.join(t.workDir, 'staging');
    const home = path.join(staging, 'jdk-25.0.3+9');
    mkdirSync(path.join(home, 'bin'), { recursive: true });
    writeFileSync(path.join(home, 'bin', 'java'), `#!/bin/sh\nexec ${temurin25}/bin/java "$@"\n`);
    chmodSync(path.join(home, 'bin', 'java'), 0o755);
    const archive = path.join(t.workDir, 'OpenJDK25U-jdk_x64_linux_hotspot_25.0.3_9.tar.gz');
    execFileSync('tar', ['-czf', archive, '-C', staging, 'jdk-25.0.3+9']);
    const bytes = readFileSync(archive);
    const served: string[] = [];
    mirror = createServer((req, res) => {
      served.push(req.url ?? '');
      if (req.url === '/mirror/OpenJDK25U-jdk_x64_linux_hotspot_25.0.3_9.tar.gz') res.end(bytes);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => mirror?.listen(0, '127.0.0.1', resolve));
    const mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/mirror`;

    const latestOnly = fixture().slice(0, 1);
    const pkg = (latestOnly[0]['binaries'] as { package: Record<string, unknown> }[])[0].package;
    pkg['checksum'] = createHash('sha256').update(bytes).digest('hex');
    const api = recordedApi(latestOnly, []);
    const mirrorFetch = ((input: string | URL | Request, init?: RequestInit) =>
      String(input).startsWith(mirrorUrl) ? fetch(input, init) : api(input, init)) as typeof fetch;
    /** A runner (fresh schema) that downloads Temurin 25 from the mirror, with the package as it is now. */
    const reopenWithMirror = async () => {
      await t?.close();
      t = await openRunner('jmh_adoptium', {
        discovery: {
          adoptiumUrl: 'https://api.adoptium.net',
          adoptiumFeatures: [25],
          adoptiumDownload: true,
          adoptiumMirrorUrl: mirrorUrl,
        },
        fetchImpl: mirrorFetch,
      });
    };
    await reopenWithMirror();
    const report = await t.runner.discover();
    expect(report.errors).toEqual([]);
    expect(served).toEqual(['/mirror/OpenJDK25U-jdk_x64_linux_hotspot_25.0.3_9.tar.gz']);
    const [build] = report.created;
    expect(build).toMatchObject({ source: 'adoptium', label: 'temurin-25.0.3+9', vendor: 'Eclipse Temurin' });
    expect(build.javaHome).toMatch(/jdk-25\.0\.3\+9-linux-x64\/jdk-25\.0\.3\+9$/);
    // a downloaded build is runnable: it was queued with the discovery profile
    expect(report.queued.map((r) => r.buildId)).toEqual([build.id]);

    // a wrong checksum is refused and reported
    pkg['checksum'] = '0'.repeat(64);
    await reopenWithMirror();
    const refused = await t.runner.discover();
    expect(refused.created).toEqual([]);
    expect(refused.errors[0].error).toContain('does not match the listed 0000');
  });
});
