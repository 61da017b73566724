import { readFileSync } from 'node:fs';
import path from 'node:path';
import { adoptiumReleasesUrl, downloadUrlFor, parseAdoptiumReleases } from './adoptium';

const fixture = JSON.parse(
  readFileSync(path.join(__dirname, 'fixtures', 'adoptium-feature-releases-25-ga.json'), 'utf8'),
) as unknown;

describe('Adoptium v3 feature_releases', () => {
  it('lists one build per release from the recorded response, newest first', () => {
    const builds = parseAdoptiumReleases(fixture);
    expect(builds.map((b) => `${b.releaseName} ${b.version}+${b.build}`)).toEqual([
      'jdk-25.0.3+9 25.0.3+9',
      'jdk-25.0.2+10 25.0.2+10',
      'jdk-25.0.1+8 25.0.1+8',
      'jdk-25+36 25.0.0+36',
    ]);
    expect(builds[0]).toMatchObject({
      feature: 25,
      os: 'linux',
      architecture: 'x64',
      imageType: 'jdk',
      jvmImpl: 'hotspot',
      packageName: 'OpenJDK25U-jdk_x64_linux_hotspot_25.0.3_9.tar.gz',
      link: 'https://github.com/adoptium/temurin25-binaries/releases/download/jdk-25.0.3%2B9/OpenJDK25U-jdk_x64_linux_hotspot_25.0.3_9.tar.gz',
    });
    expect(builds[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the field of a response that is not the documented format', () => {
    expect(() => parseAdoptiumReleases({ releases: [] })).toThrow('InvalidAdoptiumResponse');
    const broken = JSON.parse(JSON.stringify(fixture)) as { version_data: Record<string, unknown> }[];
    delete broken[1].version_data['build'];
    expect(() => parseAdoptiumReleases(broken, 'api')).toThrow('api: [1].version_data.build: Required');
  });

  it('asks for GA JDK builds of Linux x64 and downloads from a mirror when one is set', () => {
    const url = new URL(adoptiumReleasesUrl('https://api.adoptium.net', 25));
    expect(url.pathname).toBe('/v3/assets/feature_releases/25/ga');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      image_type: 'jdk',
      os: 'linux',
      architecture: 'x64',
    });
    const [latest] = parseAdoptiumReleases(fixture);
    expect(downloadUrlFor(latest, undefined)).toBe(latest.link);
    expect(downloadUrlFor(latest, 'http://127.0.0.1:8080/mirror')).toBe(
      'http://127.0.0.1:8080/mirror/OpenJDK25U-jdk_x64_linux_hotspot_25.0.3_9.tar.gz',
    );
  });
});
