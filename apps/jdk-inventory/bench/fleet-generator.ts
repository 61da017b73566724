import { FLEET_REPORT_SCHEMA_VERSION, type FleetReport, type InstallationReport } from '@keel/jdk-detect';
import { mulberry32 } from '@keel/service-runtime';
import { createHash } from 'node:crypto';

/** Display names as jdk-detect's vendors.json has them. */
export const VENDOR_NAMES: Record<string, string> = {
  temurin: 'Eclipse Temurin',
  corretto: 'Amazon Corretto',
  zulu: 'Azul Zulu',
  oracle: 'Oracle JDK',
  redhat: 'Red Hat build of OpenJDK',
  microsoft: 'Microsoft Build of OpenJDK',
  debian: 'Debian OpenJDK package',
  ubuntu: 'Ubuntu OpenJDK package',
  'adoptopenjdk-hotspot': 'AdoptOpenJDK (HotSpot)',
  liberica: 'BellSoft Liberica',
  semeru: 'IBM Semeru Runtime',
};

/** A detection as `identifyJdk` returns it, for a distribution id and a JEP 223 version (`8.0.202`). */
export function detectionOf(
  distribution: string | null,
  full: string | null,
): InstallationReport['detection'] {
  const parts = full?.split('.').map(Number) ?? null;
  return {
    vendor: distribution ? (VENDOR_NAMES[distribution] ?? distribution) : null,
    distribution,
    version:
      parts === null
        ? null
        : {
            feature: parts[0] ?? 0,
            interim: parts[1] ?? 0,
            update: parts[2] ?? 0,
            patch: parts[3] ?? 0,
            build: null,
            full: full as string,
          },
    imageType: 'jdk',
    bits: 64,
    os: 'Linux',
    arch: 'amd64',
    vm: 'HotSpot',
    confidence: distribution ? 'high' : 'low',
    unknown: distribution ? [] : ['vendor', 'distribution'],
  };
}

export interface JdkSpec {
  distribution: string | null;
  version: string | null;
  path?: string;
  /** JVMs running from it, each with these options. */
  jvms?: { options: string[]; mainClass?: string }[];
}

export interface HostSpec {
  hostname: string;
  labels?: Record<string, string>;
  jdks: JdkSpec[];
  scannedAt?: Date;
  reportId?: string;
  machineId?: string | null;
}

/** A deterministic UUID (v4 layout) from any text: the same host and scan give the same reportId. */
export function uuidFrom(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A valid fleet report for one host, as jdk-scan would send it. */
export function reportOf(spec: HostSpec): FleetReport {
  const scannedAt = spec.scannedAt ?? new Date();
  let pid = 1000;
  const installations: FleetReport['installations'] = [];
  const jvms: FleetReport['jvms'] = [];
  for (const jdk of spec.jdks) {
    const path =
      jdk.path ?? `/usr/lib/jvm/${jdk.distribution ?? 'unknown'}-${jdk.version ?? 'x'}`.replace(/\.+$/, '');
    installations.push({
      path,
      location: { kind: 'host' },
      foundBy: ['jvm_dir'],
      evidence: 'release-file',
      detection: detectionOf(jdk.distribution, jdk.version),
    });
    for (const jvm of jdk.jvms ?? []) {
      jvms.push({
        pid: pid++,
        location: { kind: 'host' },
        executable: `${path}/bin/java`,
        installationPath: path,
        jvmOptions: jvm.options,
        mainClass: jvm.mainClass ?? 'com.example.Main',
        user: 'app',
      });
    }
  }
  return {
    schemaVersion: FLEET_REPORT_SCHEMA_VERSION,
    reportId: spec.reportId ?? uuidFrom(`${spec.hostname}@${scannedAt.toISOString()}`),
    scannedAt: scannedAt.toISOString(),
    agent: { name: 'jdk-scan', version: '1.0.0' },
    host: {
      hostname: spec.hostname,
      machineId: spec.machineId ?? null,
      os: 'Linux',
      osVersion: 'Debian 12',
      arch: 'amd64',
      labels: spec.labels ?? {},
    },
    installations,
    jvms,
    problems: [],
  };
}

const pick = <T>(random: () => number, weighted: readonly (readonly [T, number])[]): T => {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, w] of weighted) {
    r -= w;
    if (r <= 0) return value;
  }
  return weighted[weighted.length - 1]?.[0] as T;
};

// the mix seen in public surveys: mostly 17/21/11/8 OpenJDK builds, some Oracle, a tail of EOL
const JDKS: readonly (readonly [[string | null, string], number])[] = [
  [['temurin', '17.0.16'], 14],
  [['temurin', '21.0.8'], 12],
  [['temurin', '11.0.28'], 6],
  [['temurin', '8.0.462'], 5],
  [['corretto', '17.0.15'], 8],
  [['corretto', '8.0.452'], 6],
  [['corretto', '21.0.7'], 5],
  [['zulu', '11.0.27'], 4],
  [['zulu', '8.0.442'], 3],
  [['oracle', '8.0.202'], 3],
  [['oracle', '8.0.291'], 3],
  [['oracle', '8.0.211'], 1],
  [['oracle', '17.0.12'], 2],
  [['oracle', '17.0.14'], 2],
  [['oracle', '11.0.20'], 1],
  [['redhat', '11.0.22'], 3],
  [['redhat', '17.0.13'], 3],
  [['microsoft', '17.0.11'], 2],
  [['debian', '17.0.15'], 4],
  [['ubuntu', '11.0.26'], 2],
  [['adoptopenjdk-hotspot', '8.0.282'], 2],
  [['temurin', '25.0.2'], 3],
  [['temurin', '15.0.2'], 1],
  [[null, '11.0.17'], 1],
];

const OPTION_SETS: readonly (readonly [string[], number])[] = [
  [['-Xmx2g', '-XX:+UseG1GC'], 30],
  [['-Xmx4g', '-XX:+UseG1GC', '-Xlog:gc*'], 15],
  [['-Xmx1g', '-XX:MaxPermSize=256m'], 6],
  [['-Xmx2g', '-XX:+UseConcMarkSweepGC', '-XX:+UseParNewGC'], 5],
  [['-Xmx2g', '-XX:+PrintGCDateStamps', '-XX:+UseGCLogFileRotation'], 4],
  [['-Xmx512m', '-Djava.security.manager'], 2],
  [['-Xms1g', '-Xmx1g'], 20],
  [[], 10],
];

export interface FleetOptions {
  hosts: number;
  teams?: number;
  seed?: number;
  scannedAt?: Date;
}

/** A realistic fleet: vendor/version mix, ~200 teams, services and environments, JVM options. */
export function* generateFleet(options: FleetOptions): Generator<FleetReport> {
  const random = mulberry32(options.seed ?? 42);
  const teams = options.teams ?? 200;
  const scannedAt = options.scannedAt ?? new Date();
  for (let n = 0; n < options.hosts; n++) {
    const team = `team-${String(Math.floor(random() * teams)).padStart(3, '0')}`;
    const jdkCount = pick(random, [
      [1, 25],
      [2, 30],
      [4, 25],
      [6, 20],
    ] as const);
    const jdks: JdkSpec[] = [];
    for (let j = 0; j < jdkCount; j++) {
      const [distribution, version] = pick(random, JDKS);
      jdks.push({
        distribution,
        version,
        path: `/opt/java/${distribution ?? 'jdk'}-${version}-${j}`,
        jvms: j === 0 || random() < 0.2 ? [{ options: pick(random, OPTION_SETS) }] : [],
      });
    }
    yield reportOf({
      hostname: `host-${String(n).padStart(7, '0')}.fleet.example`,
      machineId: createHash('md5').update(`m${n}`).digest('hex'),
      labels: {
        team,
        service: `svc-${Math.floor(random() * 2000)}`,
        environment: pick(random, [
          ['prod', 5],
          ['staging', 2],
          ['dev', 3],
        ] as const),
      },
      jdks,
      scannedAt: new Date(scannedAt.getTime() - Math.floor(random() * 3_600_000)),
    });
  }
}
