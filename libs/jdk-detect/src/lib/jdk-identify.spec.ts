import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { identifyJdk, detectInputKind } from './jdk-identify';
import { loadKnowledge } from './knowledge.loader';

interface Expectation {
  distribution?: string | null;
  vendor?: string | null;
  full?: string;
  feature?: number;
  update?: number;
  build?: number;
  vm?: string;
  os?: string;
  arch?: string;
  bits?: number;
  imageType?: string;
  confidence?: string;
  unknownIncludes?: string[];
}

const fixturesDir = join(__dirname, '../fixtures');
const manifest = JSON.parse(readFileSync(join(fixturesDir, 'fixtures.json'), 'utf8')) as {
  fixtures: Record<string, { source: string; expect: Expectation }>;
};
const knowledge = loadKnowledge();
const cases = Object.entries(manifest.fixtures).map(([file, f]) => ({ file, ...f }));

describe('identifyJdk on real outputs (fixtures.json)', () => {
  it('covers at least 25 fixtures and 12 distributions', () => {
    const distributions = new Set(cases.map((c) => c.expect.distribution).filter(Boolean));
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(distributions.size).toBeGreaterThanOrEqual(12);
  });

  it.each(cases)('$file', ({ file, expect: e }) => {
    const d = identifyJdk(readFileSync(join(fixturesDir, file), 'utf8'), knowledge);
    if (e.distribution !== undefined) expect(d.distribution).toBe(e.distribution);
    if (e.vendor !== undefined) expect(d.vendor).toBe(e.vendor);
    if (e.full !== undefined) expect(d.version?.full).toBe(e.full);
    if (e.feature !== undefined) expect(d.version?.feature).toBe(e.feature);
    if (e.update !== undefined) expect(d.version?.update).toBe(e.update);
    if (e.build !== undefined) expect(d.version?.build).toBe(e.build);
    if (e.vm !== undefined) expect(d.vm).toBe(e.vm);
    if (e.os !== undefined) expect(d.os).toBe(e.os);
    if (e.arch !== undefined) expect(d.arch).toBe(e.arch);
    if (e.bits !== undefined) expect(d.bits).toBe(e.bits);
    if (e.imageType !== undefined) expect(d.imageType).toBe(e.imageType);
    if (e.confidence !== undefined) expect(d.confidence).toBe(e.confidence);
    for (const field of e.unknownIncludes ?? []) expect(d.unknown).toContain(field);
    // every field the detection could not tell is listed, and nothing else
    const nulls = (['vendor', 'distribution', 'version', 'bits', 'os', 'arch', 'vm'] as const).filter(
      (k) => d[k] === null,
    );
    expect(d.unknown.filter((u) => u !== 'imageType').sort()).toEqual([...nulls].sort());
  });
});

describe('detectInputKind', () => {
  it('tells the three formats apart', () => {
    const read = (f: string) => readFileSync(join(fixturesDir, f), 'utf8');
    expect(detectInputKind(read('local-temurin-25.release'))).toBe('release-file');
    expect(detectInputKind(read('local-temurin-25.showsettings.txt'))).toBe('show-settings');
    expect(detectInputKind(read('corretto-8.275.version.txt'))).toBe('java-version');
    expect(detectInputKind('hello world')).toBe('unknown');
  });

  it('never throws on garbage and reports everything unknown', () => {
    const d = identifyJdk('\u0000\u0001 not a jdk (build )', knowledge);
    expect(d.confidence).toBe('low');
    expect(d.unknown).toEqual(['vendor', 'distribution', 'version', 'imageType', 'bits', 'os', 'arch', 'vm']);
  });
});

describe('a banner quoted in a shell comment (Tribblix build scripts)', () => {
  // verbatim from https://github.com/tribblix/build/blob/19b96c74781304fa8e080a9286d9c3b7a31b32ea/TRIBopenjdk27/build.sh
  const tribblix27 = [
    '# ./build/solaris-x86_64-server-release/images/jdk/bin/java -version',
    '#',
    '# openjdk version "27-34" 2026-09-15',
    '# OpenJDK Runtime Environment (build 27-34-Tribblix)',
    '# OpenJDK 64-Bit Server VM (build 27-34-Tribblix, mixed mode, sharing)',
  ].join('\n');

  it("reads the banner through the '# ' prefixes", () => {
    const d = identifyJdk(tribblix27, knowledge);
    expect(d.version).toMatchObject({ feature: 27, interim: 0, update: 0, patch: 0 });
    expect(d.vm).toBe('HotSpot');
    expect(d.bits).toBe(64);
  });

  it("names Tribblix from its '-Tribblix' version-opt", () => {
    const d = identifyJdk(tribblix27, knowledge);
    expect(d).toMatchObject({ distribution: 'tribblix', confidence: 'high', os: 'SunOS' });
  });

  it('still needs a banner word after the #: a comment that only mentions a version is not a banner', () => {
    expect(identifyJdk('# java 27 is required\n# see the README', knowledge).version).toBeNull();
  });
});

describe('vendor builds found in the j17c held-out corpus batch', () => {
  const banner = (...lines: string[]) => lines.join('\n');

  it("names Apple's J2SE 5 from its build suffix, not Oracle", () => {
    // corpus apple/apple-5.0u13-b05-237-leopard-client-vm, apple/apple-5.0u2-56-tiger-powerbook
    const leopard = banner(
      'java version "1.5.0_13"',
      'Java(TM) 2 Runtime Environment, Standard Edition (build 1.5.0_13-b05-237)',
      'Java HotSpot(TM) Client VM (build 1.5.0_13-119, mixed mode, sharing)',
    );
    const tiger = banner(
      'java version "1.5.0_02"',
      'Java(TM) 2 Runtime Environment, Standard Edition (build 1.5.0_02-56)',
      'Java HotSpot(TM) Client VM (build 1.5.0_02-36, mixed mode, sharing)',
    );
    expect(identifyJdk(leopard, knowledge)).toMatchObject({
      distribution: 'apple',
      version: { feature: 5, update: 13 },
    });
    expect(identifyJdk(tiger, knowledge)).toMatchObject({
      distribution: 'apple',
      version: { feature: 5, update: 2 },
    });
    // Sun's own J2SE 5 build string stops at -bNN: still Oracle
    const sun = banner(
      'java version "1.5.0_22"',
      'Java(TM) 2 Runtime Environment, Standard Edition (build 1.5.0_22-b03)',
      'Java HotSpot(TM) Client VM (build 1.5.0_22-b03, mixed mode, sharing)',
    );
    expect(identifyJdk(sun, knowledge).distribution).toBe('oracle');
  });

  it("names HP's JDK for HP-UX and reads its 1.6.0.06 release number", () => {
    // corpus hp-jdk/hp-jdk-1.6.0.06-hpux-pa-risc
    const d = identifyJdk(
      banner(
        'java version "1.6.0.06" ',
        'Java(TM) SE Runtime Environment (build 1.6.0.06-jinteg_20_jan_2010_05_50-b00) ',
        'Java HotSpot(TM) Server VM (build 14.3-b01-jre1.6.0.06-rc1 PA2.0 (aCC_AP), mixed mode) ',
      ),
      knowledge,
    );
    expect(d).toMatchObject({ distribution: 'hp-jdk', os: 'HP-UX', version: { feature: 6, update: 6 } });
  });

  it('names Raspbian packages apart from the Debian ones they are rebuilt from', () => {
    // corpus raspbian/pi4j-11.0.9+11-post-Raspbian-1deb10u1, debian/pi4j-17.0.7+7-Debian-1deb11u1-rpi-os-64
    const raspbian = banner(
      'openjdk version "11.0.9" 2020-10-20',
      'OpenJDK Runtime Environment (build 11.0.9+11-post-Raspbian-1deb10u1)',
      'OpenJDK Server VM (build 11.0.9+11-post-Raspbian-1deb10u1, mixed mode)',
    );
    const debian = banner(
      'openjdk version "17.0.7" 2023-04-18',
      'OpenJDK Runtime Environment (build 17.0.7+7-Debian-1deb11u1)',
      'OpenJDK 64-Bit Server VM (build 17.0.7+7-Debian-1deb11u1, mixed mode, sharing)',
    );
    expect(identifyJdk(raspbian, knowledge)).toMatchObject({
      distribution: 'raspbian',
      confidence: 'high',
      bits: 32,
    });
    expect(identifyJdk(debian, knowledge).distribution).toBe('debian');
  });

  it('names OmniOS and ev3dev-lang-java builds from their version strings', () => {
    // corpus omnios/omnios-1.8.0_202-r151028-20190219, ev3dev/ev3dev-10+46-zero-vm-ev3-brick
    const omnios = banner(
      'openjdk version "1.8.0_202"',
      'OpenJDK Runtime Environment (build 1.8.0_202-omnios-151028-20190219)',
      'OpenJDK 64-Bit Server VM (build 25.202-b20190219, mixed mode)',
    );
    const ev3 = banner(
      'openjdk version "10" 2018-03-20',
      'OpenJDK Runtime Environment (build 10+46-ev3)',
      'OpenJDK Zero VM (build 10+46-ev3, interpreted mode)',
    );
    expect(identifyJdk(omnios, knowledge)).toMatchObject({
      distribution: 'omnios',
      version: { feature: 8, update: 202 },
    });
    expect(identifyJdk(ev3, knowledge)).toMatchObject({
      distribution: 'ev3dev',
      version: { feature: 10, build: 46 },
    });
  });
});

describe('release files of the 2026-12-04 held-out batch (corpus/samples, each verbatim with its source)', () => {
  const sample = (path: string) => readFileSync(join(__dirname, '../../corpus/samples', path), 'utf8');

  it('names the Arch Linux package from IMPLEMENTOR="Arch Linux"', () => {
    const d = identifyJdk(sample('archlinux/release-21.0.11+10-arch-linux-x64.txt'), knowledge);
    expect(d).toMatchObject({ distribution: 'archlinux', confidence: 'high', os: 'Linux', vm: 'HotSpot' });
    expect(d.version).toMatchObject({ full: '21.0.11', build: 10 });
  });

  it("does not take Zulu's own +build for the platform build", () => {
    // IMPLEMENTOR_VERSION="Zulu17.34+19-CA" on JAVA_VERSION="17.0.3": 19 is Azul's numbering, the file has no JDK build
    const zulu = identifyJdk(sample('zulu/release-zulu17.34+19-fx-windows-x64-jre.txt'), knowledge);
    expect(zulu.version).toMatchObject({ full: '17.0.3', build: null });
    const ga = identifyJdk(sample('zulu/release-zulu19.28+81-macos-aarch64-modules-elided.txt'), knowledge);
    expect(ga.version).toMatchObject({ feature: 19, build: null });
  });

  it("still reads Dragonwell's build from a vendor text that repeats the platform version", () => {
    const d = identifyJdk(sample('dragonwell/21.0.2.0.2+13-standard-edition.txt'), knowledge);
    expect(d.version).toMatchObject({ feature: 21, update: 2, build: 13 });
  });

  it('calls a MODULES list the author shortened with "..." an unknown image, not a JRE', () => {
    const elided = identifyJdk(
      sample('zulu/release-zulu19.28+81-macos-aarch64-modules-elided.txt'),
      knowledge,
    );
    expect(elided.imageType).toBe('unknown');
    // a full list without jdk.compiler stays a JRE
    expect(identifyJdk(sample('zulu/release-zulu17.34+19-fx-windows-x64-jre.txt'), knowledge).imageType).toBe(
      'jre',
    );
  });

  it('marks Corretto -Nightly and GraalVM -dev builds early access', () => {
    const nightly = 'corretto/release-corretto-25.0.0.32.1-nightly-linux-aarch64.txt';
    expect(identifyJdk(sample(nightly), knowledge).ea).toBe(true);
    const dev = identifyJdk(
      sample('graalvm-ce/release-graalvm-ce-25-dev+25.1-jvmci-b01-linux-x64.txt'),
      knowledge,
    );
    expect(dev).toMatchObject({ distribution: 'graalvm-ce', ea: true });
    expect(identifyJdk(sample('corretto/release-corretto-21.0.8.9.1-linux-x64.txt'), knowledge).ea).toBe(
      false,
    );
  });
});
