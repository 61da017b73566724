import { FLEET_REPORT_SCHEMA_VERSION, type FleetReport } from '@keel/jdk-detect';
import { mulberry32 } from '@keel/service-runtime';
import { createHash } from 'node:crypto';

/**
 * A generated demo fleet, so a newcomer's console has populated plots and a meaningful upgrade plan:
 * eight teams with different histories (legacy Oracle 8 with PermGen flags, a current Temurin 21 team,
 * an Oracle 11 team, a 32-bit legacy box...), three environments, and one report per host per ISO week
 * for `weeks` weeks, during which some hosts migrate (so the mix moves week by week). Every host is
 * labelled `demo=true` and named `*.demo.keel`. Deterministic: the same options give the same reports
 * (report IDs from host and week), so loading it twice in a week stores nothing new.
 */
export interface DemoFleetOptions {
  hosts: number;
  weeks: number;
  /** The current moment; reports are placed in the `weeks` ISO weeks ending with this one. */
  now: Date;
  seed?: number;
}

interface Jdk {
  distribution: string;
  version: string;
  bits?: 32 | 64;
  options: string[];
}

/** What a host runs before and (from `migratesInWeek`) after its move. */
interface Story {
  before: Jdk;
  after: Jdk | null;
  /** Share of the team's hosts that have moved by the last week. */
  movedShare: number;
}

const VENDORS: Record<string, string> = {
  temurin: 'Eclipse Temurin',
  corretto: 'Amazon Corretto',
  zulu: 'Azul Zulu',
  oracle: 'Oracle JDK',
  redhat: 'Red Hat build of OpenJDK',
};

const G1 = ['-Xmx2g', '-XX:+UseG1GC'];
const LEGACY = ['-Xmx2g', '-XX:MaxPermSize=256m', '-XX:+UseConcMarkSweepGC'];

type Weighted<T> = readonly (readonly [T, number])[];

/** Per team: what its hosts ran and where they are going. */
const TEAMS: Record<string, Weighted<Story>> = {
  payments: [
    [
      {
        before: { distribution: 'oracle', version: '8.0.381', options: LEGACY },
        after: { distribution: 'temurin', version: '21.0.12', options: G1 },
        movedShare: 0.3,
      },
      6,
    ],
    [
      {
        before: { distribution: 'oracle', version: '8.0.202', options: ['-Xmx1g', '-XX:MaxPermSize=128m'] },
        after: null,
        movedShare: 0,
      },
      2,
    ],
    [
      {
        before: { distribution: 'temurin', version: '17.0.16', options: G1 },
        after: { distribution: 'temurin', version: '17.0.20', options: G1 },
        movedShare: 0.5,
      },
      2,
    ],
  ],
  search: [
    [
      {
        before: { distribution: 'temurin', version: '21.0.12', options: ['-Xmx8g', '-XX:+UseZGC'] },
        after: null,
        movedShare: 0,
      },
      1,
    ],
  ],
  checkout: [
    [
      {
        before: { distribution: 'corretto', version: '17.0.14', options: G1 },
        after: { distribution: 'corretto', version: '21.0.12', options: G1 },
        movedShare: 0.6,
      },
      3,
    ],
    [
      {
        before: {
          distribution: 'corretto',
          version: '8.0.452',
          options: ['-Xmx2g', '-XX:+PrintGCDateStamps', '-XX:+UseGCLogFileRotation'],
        },
        after: null,
        movedShare: 0,
      },
      1,
    ],
  ],
  ledger: [
    [
      {
        before: { distribution: 'oracle', version: '11.0.20', options: ['-Xmx4g', '-XX:+UseParallelGC'] },
        after: { distribution: 'zulu', version: '21.0.12', options: G1 },
        movedShare: 0.2,
      },
      3,
    ],
    [{ before: { distribution: 'zulu', version: '11.0.27', options: G1 }, after: null, movedShare: 0 }, 1],
  ],
  identity: [
    [
      {
        before: {
          distribution: 'temurin',
          version: '11.0.28',
          options: ['-Xmx1g', '--add-modules', 'java.xml.bind'],
        },
        after: { distribution: 'temurin', version: '21.0.12', options: G1 },
        movedShare: 0.45,
      },
      1,
    ],
  ],
  'data-platform': [
    [
      {
        before: {
          distribution: 'temurin',
          version: '8.0.462',
          options: ['-Xmx16g', '-XX:+UseConcMarkSweepGC', '-XX:+UseParNewGC'],
        },
        after: { distribution: 'temurin', version: '17.0.20', options: ['-Xmx16g', '-XX:+UseG1GC'] },
        movedShare: 0.25,
      },
      3,
    ],
    [{ before: { distribution: 'redhat', version: '17.0.13', options: G1 }, after: null, movedShare: 0 }, 1],
  ],
  'mobile-api': [
    [{ before: { distribution: 'temurin', version: '25.0.4', options: G1 }, after: null, movedShare: 0 }, 1],
  ],
  reporting: [
    [
      {
        before: {
          distribution: 'oracle',
          version: '8.0.291',
          bits: 32,
          options: ['-Xmx1g', '-XX:MaxPermSize=256m'],
        },
        after: null,
        movedShare: 0,
      },
      1,
    ],
    [
      {
        before: {
          distribution: 'temurin',
          version: '11.0.28',
          options: ['-Xmx512m', '-Djava.security.manager'],
        },
        after: null,
        movedShare: 0,
      },
      2,
    ],
  ],
};

const TEAM_WEIGHTS: Weighted<string> = [
  ['payments', 5],
  ['search', 3],
  ['checkout', 4],
  ['ledger', 2],
  ['identity', 2],
  ['data-platform', 3],
  ['mobile-api', 2],
  ['reporting', 1],
];

const ENVIRONMENTS: Weighted<string> = [
  ['prod', 5],
  ['staging', 2],
  ['dev', 3],
];

function pick<T>(random: () => number, weighted: Weighted<T>): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, w] of weighted) {
    r -= w;
    if (r <= 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

function uuidFrom(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Monday 00:00 UTC of the ISO week holding `date`. */
export function isoWeekStart(date: Date): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

function installation(jdk: Jdk, path: string): FleetReport['installations'][number] {
  const [feature, interim, update] = jdk.version.split('.').map(Number);
  return {
    path,
    location: { kind: 'host' },
    foundBy: ['jvm_dir'],
    evidence: 'release-file',
    detection: {
      vendor: VENDORS[jdk.distribution] ?? jdk.distribution,
      distribution: jdk.distribution,
      version: { feature, interim, update, patch: 0, build: null, full: jdk.version },
      imageType: 'jdk',
      bits: jdk.bits ?? 64,
      os: 'Linux',
      arch: jdk.bits === 32 ? 'x86' : 'amd64',
      vm: 'HotSpot',
      confidence: 'high',
      unknown: [],
    },
  };
}

/** The demo fleet's reports, week by week (oldest week first), one per host per week. */
export function* demoFleetReports(options: DemoFleetOptions): Generator<FleetReport> {
  const random = mulberry32(options.seed ?? 20);
  const thisWeek = isoWeekStart(options.now);
  const hosts = Array.from({ length: options.hosts }, (_, n) => {
    const team = pick(random, TEAM_WEIGHTS);
    const environment = pick(random, ENVIRONMENTS);
    const story = pick(random, TEAMS[team]);
    // the week it moves (never, for the share that stays); spread over the period
    const moves = story.after !== null && random() < story.movedShare;
    const migratesInWeek = moves ? 1 + Math.floor(random() * Math.max(1, options.weeks - 1)) : Infinity;
    return {
      hostname: `${team}-${environment}-${String(n).padStart(5, '0')}.demo.keel`,
      team,
      environment,
      service: `${team}-svc-${Math.floor(random() * 12)}`,
      story,
      migratesInWeek,
      hourOffset: Math.floor(random() * 96),
    };
  });
  for (let w = 0; w < options.weeks; w++) {
    const weekStart = new Date(thisWeek.getTime() - (options.weeks - 1 - w) * 7 * 86_400_000);
    for (const host of hosts) {
      // inside its week, never in the future
      const at = Math.min(weekStart.getTime() + host.hourOffset * 3_600_000, options.now.getTime() - 60_000);
      const jdk = w >= host.migratesInWeek && host.story.after ? host.story.after : host.story.before;
      const path = `/usr/lib/jvm/${jdk.distribution}-${jdk.version}`;
      yield {
        schemaVersion: FLEET_REPORT_SCHEMA_VERSION,
        reportId: uuidFrom(`demo:${host.hostname}@${weekStart.toISOString()}`),
        scannedAt: new Date(Math.max(at, weekStart.getTime())).toISOString(),
        agent: { name: 'keel-demo-fleet', version: '1.0.0' },
        host: {
          hostname: host.hostname,
          machineId: null,
          os: 'Linux',
          osVersion: 'Debian 12',
          arch: jdk.bits === 32 ? 'x86' : 'amd64',
          labels: { team: host.team, environment: host.environment, service: host.service, demo: 'true' },
        },
        installations: [installation(jdk, path)],
        jvms: [
          {
            pid: 4000,
            location: { kind: 'host' },
            executable: `${path}/bin/java`,
            installationPath: path,
            jvmOptions: jdk.options,
            mainClass: `com.example.${host.team.replace('-', '')}.Main`,
            user: 'app',
          },
        ],
        problems: [],
      };
    }
  }
}
