import { loadKnowledge } from '@keel/jdk-detect';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordedRunner } from '../runner/recorded-runner';
import { candidateHomes, parseImageList, scanDockerImages } from './docker.scanner';
import { tarFiles } from './tar';

// recorded outputs and where their format comes from: src/fixtures/README.md
const recorded = (name: string) => readFileSync(join(__dirname, '../fixtures', name));
const showSettings = readFileSync(
  join(__dirname, '../../../../libs/jdk-detect/src/fixtures/local-temurin-25.showsettings.txt'),
  'utf8',
);
const knowledge = loadKnowledge();
const DAEMON_DOWN =
  'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

describe('scanDockerImages', () => {
  const options = (runner: RecordedRunner, extra: Partial<Parameters<typeof scanDockerImages>[0]> = {}) => ({
    runner,
    knowledge,
    mode: 'auto' as const,
    run: false,
    timeoutMs: 5000,
    ...extra,
  });

  it('gives one problem and goes on when the CLI is there but the engine does not answer', async () => {
    const runner = new RecordedRunner([
      { prefix: 'docker info', result: { exitCode: 1, stdout: 'null\n', stderr: `${DAEMON_DOWN}\n` } },
    ]);
    const result = await scanDockerImages(options(runner));
    expect(result.installations).toEqual([]);
    expect(result.problems).toEqual([
      { source: 'docker', message: `docker info exited with status 1: ${DAEMON_DOWN}; images not scanned` },
    ]);
    expect(runner.calls).toHaveLength(1);
  });

  it('is silent without a docker CLI unless --docker asked for it, and does nothing with --no-docker', async () => {
    const none = new RecordedRunner([]);
    await expect(scanDockerImages(options(none))).resolves.toEqual({ installations: [], problems: [] });
    const asked = await scanDockerImages(options(none, { mode: 'on' }));
    expect(asked.problems).toEqual([
      { source: 'docker', message: 'docker CLI not found on PATH; images not scanned' },
    ]);
    const off = new RecordedRunner([]);
    await scanDockerImages(options(off, { mode: 'off' }));
    expect(off.calls).toEqual([]);
  });

  it('reads the release file of each image through a created container, then removes the container', async () => {
    const runner = new RecordedRunner([
      { prefix: 'docker info', result: { stdout: '"28.2.2"\n' } },
      { prefix: 'docker image ls', result: { stdout: recorded('docker-image-ls.jsonl') } },
      {
        prefix: 'docker image inspect --format {{json .Config}} 3c1f0b9b2d4e',
        result: { stdout: recorded('docker-image-inspect-temurin.config.json') },
      },
      {
        prefix: 'docker image inspect',
        result: { stdout: recorded('docker-image-inspect-alpine.config.json') },
      },
      { prefix: 'docker create 3c1f0b9b2d4e', result: { stdout: 'c0ffee0001\n' } },
      { prefix: 'docker create', result: { stdout: 'c0ffee0002\n' } },
      {
        prefix: 'docker cp -L c0ffee0001:/opt/java/openjdk/release -',
        result: { stdout: recorded('docker-cp-temurin-25-release.tar') },
      },
      {
        prefix: 'docker cp',
        result: {
          exitCode: 1,
          stderr:
            'Error response from daemon: Could not find the file /usr/lib/jvm/java/release in container c0ffee0002',
        },
      },
      { prefix: 'docker rm -f', result: {} },
    ]);
    const result = await scanDockerImages(options(runner));
    expect(result.problems).toEqual([]);
    expect(result.installations).toEqual([
      {
        path: '/opt/java/openjdk',
        location: { kind: 'container', image: 'eclipse-temurin:25-jdk', containerId: 'c0ffee0001' },
        foundBy: ['image'],
        evidence: 'release-file',
        detection: expect.objectContaining({
          distribution: 'temurin',
          version: expect.objectContaining({ full: '25.0.3' }),
        }),
      },
    ]);
    // one create per image id (the checkout tag shares the Temurin image), every container removed
    expect(runner.calls.filter((c) => c.startsWith('docker create'))).toHaveLength(3);
    expect(runner.calls.filter((c) => c.startsWith('docker rm -f')).sort()).toEqual([
      'docker rm -f c0ffee0001',
      'docker rm -f c0ffee0002',
      'docker rm -f c0ffee0002',
    ]);
  });

  it('asks java inside the image with --docker-run', async () => {
    const runner = new RecordedRunner([
      { prefix: 'docker info', result: { stdout: '"28.2.2"\n' } },
      {
        prefix: 'docker image ls',
        result: { stdout: '{"ID":"3c1f0b9b2d4e","Repository":"eclipse-temurin","Tag":"25-jdk"}\n' },
      },
      // java.home in the fixture is the host path it was captured on; inside an image it is the image's
      { prefix: 'docker run --rm --entrypoint java 3c1f0b9b2d4e', result: { stderr: showSettings } },
    ]);
    const result = await scanDockerImages(options(runner, { run: true }));
    expect(result.installations).toEqual([
      expect.objectContaining({
        path: '/usr/lib/jvm/temurin-25-jdk-amd64',
        evidence: 'show-settings',
        location: { kind: 'container', image: 'eclipse-temurin:25-jdk' },
      }),
    ]);
    expect(runner.calls.some((c) => c.startsWith('docker create'))).toBe(false);
  });
});

describe('parseImageList', () => {
  it('keeps one entry per image id and names untagged images by id', () => {
    expect(parseImageList(recorded('docker-image-ls.jsonl').toString('utf8'))).toEqual([
      { id: '3c1f0b9b2d4e', ref: 'eclipse-temurin:25-jdk' },
      { id: '97662d24417b', ref: 'alpine:3.22' },
      { id: 'a1b2c3d4e5f6', ref: 'a1b2c3d4e5f6' },
    ]);
    expect(parseImageList('not json\n\n')).toEqual([]);
  });
});

describe('candidateHomes', () => {
  it('tries JAVA_HOME and JDK-looking PATH entries first, then the well-known homes', () => {
    const homes = candidateHomes(recorded('docker-image-inspect-temurin.config.json').toString('utf8'));
    expect(homes[0]).toBe('/opt/java/openjdk');
    expect(homes.filter((h) => h === '/opt/java/openjdk')).toHaveLength(1);
    expect(homes).toContain('/usr/lib/jvm/java');
    expect(candidateHomes('garbage')[0]).toBe('/opt/java/openjdk');
  });
});

describe('tarFiles', () => {
  it('reads the file docker cp streams, PAX headers included', () => {
    const files = tarFiles(recorded('docker-cp-temurin-25-release.tar'));
    expect([...files.keys()]).toEqual(['release']);
    expect(files.get('release')?.toString('utf8')).toContain('JAVA_VERSION="25.0.3"');
  });

  it('yields nothing from an empty or truncated archive', () => {
    expect(tarFiles(Buffer.alloc(0)).size).toBe(0);
    expect(tarFiles(recorded('docker-cp-temurin-25-release.tar').subarray(0, 100)).size).toBe(0);
  });
});
