import {
  detectJdk,
  FLEET_REPORT_SCHEMA_VERSION,
  parseFleetReport,
  readEvidence,
  type FleetReport,
  type InstallationReport,
  type JdkKnowledge,
  type RunningJvmReport,
} from '@keel/jdk-detect';
import { randomUUID } from 'node:crypto';
import { promises as nodeFs } from 'node:fs';
import { posix } from 'node:path';
import type { ScanSettings } from '../cli/scan-options';
import { scanDockerImages } from '../containers/docker.scanner';
import {
  addFoundBy,
  findJdkHomes,
  homeOfJava,
  isJdkHome,
  outerJdkOf,
  type JdkHome,
} from '../discovery/jdk-home.finder';
import { type HomeIdentity, probeJdkHome } from '../discovery/jdk-home.probe';
import { HostFs } from '../host/host-fs';
import { readHostInfo } from '../host/host-info';
import { scanPods } from '../kubernetes/kubectl.scanner';
import { parsePasswd, readJvmProcesses, type ProcJvm } from '../processes/proc.reader';
import type { CommandRunner } from '../runner/command-runner';
import type { Problem } from './problem';

/** The agent as reports name it; the version follows the platform's (root package.json, image tags). */
export const AGENT = { name: 'keel-jdk-scan', version: '0.1.0' };

const MAX_PROBES_IN_FLIGHT = 4;
const MAX_PROBLEMS = 1000;

export type ScanScope = Pick<
  ScanSettings,
  | 'labels'
  | 'roots'
  | 'processes'
  | 'docker'
  | 'dockerRun'
  | 'kubernetes'
  | 'timeoutMs'
  | 'hostRoot'
  | 'procRoot'
  | 'hostname'
>;

export interface ScanDependencies {
  runner: CommandRunner;
  knowledge: Pick<JdkKnowledge, 'vendors'>;
  /** The agent's environment (JAVA_HOME, PATH, HOME); only used when scanning its own host (root "/"). */
  env?: NodeJS.ProcessEnv;
}

/** One full scan: host info, JDK homes, running JVMs, images and pods; the report is schema-checked. */
export async function scanFleetHost(scope: ScanScope, deps: ScanDependencies): Promise<FleetReport> {
  const fs = new HostFs(scope.hostRoot);
  const ownHost = fs.root === '/';
  const env = deps.env ?? process.env;
  const problems: Problem[] = [];
  const scannedAt = new Date().toISOString();
  const host = await readHostInfo(fs, { hostname: scope.hostname, labels: scope.labels });

  // JVMs first, so the probes' own short-lived java processes are not among them
  const procJvms = scope.processes ? await readProcesses(scope.procRoot, problems) : [];

  const userHomes = ['/root', ...(await fs.list('/home')).map((u) => posix.join('/home', u))];
  if (ownHost && env['HOME'] && !userHomes.includes(env['HOME'])) userHomes.push(env['HOME']);
  const homes = await findJdkHomes(fs, {
    javaHome: ownHost ? env['JAVA_HOME'] : undefined,
    pathEnv: ownHost ? env['PATH'] : undefined,
    userHomes,
    extraRoots: scope.roots,
  });

  const linked = await linkProcesses(fs, homes, procJvms, scope.procRoot, deps.knowledge);
  problems.push(...linked.problems);
  const probeOptions = {
    fs,
    runner: deps.runner,
    knowledge: deps.knowledge,
    timeoutMs: scope.timeoutMs,
    execute: ownHost,
  };
  const identities = await mapLimited(homes, MAX_PROBES_IN_FLIGHT, (home) =>
    probeJdkHome(home.path, probeOptions),
  );
  const installations: InstallationReport[] = [];
  homes.forEach((home, i) => {
    problems.push(...identities[i].problems);
    const identity = identities[i].identity;
    if (identity) installations.push(hostInstallation(home, identity));
  });
  installations.push(...linked.foreign.map((f) => f.installation));
  const reported = new Set(installations.map((i) => i.path));

  const users = parsePasswd((await fs.readText('/etc/passwd')) ?? '');
  const jvms: RunningJvmReport[] = procJvms.map((jvm) => {
    const home = linked.homeOf.get(jvm.pid) ?? null;
    return {
      pid: jvm.pid,
      location: { kind: 'host' },
      executable: jvm.executable.slice(0, 4096) || 'java',
      installationPath: home !== null && reported.has(home) ? home : null,
      jvmOptions: jvm.jvmOptions,
      mainClass: jvm.mainClass,
      user: jvm.uid === null ? null : (users.get(jvm.uid) ?? String(jvm.uid)),
    };
  });

  const [docker, pods] = await Promise.all([
    scanDockerImages({
      runner: deps.runner,
      knowledge: deps.knowledge,
      mode: scope.docker,
      run: scope.dockerRun,
      timeoutMs: scope.timeoutMs,
    }),
    scanPods({
      runner: deps.runner,
      knowledge: deps.knowledge,
      mode: scope.kubernetes,
      timeoutMs: scope.timeoutMs,
    }),
  ]);
  installations.push(...docker.installations, ...pods.installations);
  problems.push(...docker.problems, ...pods.problems);

  const report: FleetReport = {
    schemaVersion: FLEET_REPORT_SCHEMA_VERSION,
    reportId: randomUUID(),
    scannedAt,
    agent: AGENT,
    host,
    installations: installations.slice(0, 10_000),
    jvms: jvms.slice(0, 10_000),
    problems: capProblems(problems),
  };
  const checked = parseFleetReport(report);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`the scan produced an invalid report: "${issue.path.join('.')}" ${issue.message}`);
  }
  return checked.data;
}

async function readProcesses(procDir: string, problems: Problem[]): Promise<ProcJvm[]> {
  const scan = await readJvmProcesses(procDir, { excludePpid: process.pid });
  if (scan.processes > 0 && scan.unreadable === scan.processes) {
    problems.push({
      source: 'processes',
      message: `none of ${scan.processes} processes in ${procDir} was readable`,
    });
  } else if (scan.processes === 0) {
    problems.push({
      source: 'processes',
      message: `no processes in ${procDir} (not mounted, or not a proc filesystem)`,
    });
  }
  return scan.jvms;
}

/**
 * Ties each JVM to the JDK home it runs from: a home already found gets 'process' among its reasons; a
 * home found only through a process (a JDK unpacked in some build directory) joins the homes; a JVM in
 * another mount namespace (a container) is identified from the release file under /proc/<pid>/root.
 */
async function linkProcesses(
  fs: HostFs,
  homes: JdkHome[],
  jvms: ProcJvm[],
  procRoot: string,
  knowledge: Pick<JdkKnowledge, 'vendors'>,
): Promise<{
  homeOf: Map<number, string>;
  foreign: { installation: InstallationReport }[];
  problems: Problem[];
}> {
  const homeOf = new Map<number, string>();
  const foreign = new Map<string, { installation: InstallationReport }>();
  const problems: Problem[] = [];
  for (const jvm of jvms) {
    if (jvm.deleted) {
      // the files at that path now belong to another build (a package upgrade): linking would lie
      problems.push({
        source: `process:${jvm.pid}`,
        message: `runs ${jvm.executable}, replaced or removed since the JVM started: its JDK build is unknown until it restarts`,
      });
      continue;
    }
    const declared = jvm.executable.startsWith('/') ? homeOfJava(jvm.executable) : null;
    if (!declared) continue;
    const real = await fs.realpath(declared);
    const home = real && (await outerJdkOf(fs, real));
    if (home && (await isJdkHome(fs, home))) {
      let entry = homes.find((h) => h.path === home);
      if (!entry) {
        entry = { path: home, foundBy: [], aliases: [] };
        homes.push(entry);
      }
      addFoundBy(entry.foundBy, 'process');
      homeOf.set(jvm.pid, home);
      continue;
    }
    const release = await nodeFs
      .readFile(posix.join(procRoot, String(jvm.pid), 'root', declared, 'release'), 'utf8')
      .catch(() => null);
    const read = release !== null ? readEvidence(release) : null;
    if (!read || read.kind !== 'release-file' || !read.evidence.versionString) continue;
    const key = `${declared}\0${release}`;
    if (!foreign.has(key)) {
      foreign.set(key, {
        installation: {
          path: declared,
          location: { kind: 'host' },
          foundBy: ['process'],
          evidence: 'release-file',
          detection: detectJdk(read.evidence, knowledge),
        },
      });
    }
    homeOf.set(jvm.pid, declared);
  }
  homes.sort((a, b) => a.path.localeCompare(b.path));
  return { homeOf, foreign: [...foreign.values()], problems };
}

function hostInstallation(home: JdkHome, identity: HomeIdentity): InstallationReport {
  return {
    path: home.path,
    location: { kind: 'host' },
    foundBy: home.foundBy,
    evidence: identity.evidence,
    detection: identity.detection,
  };
}

function capProblems(problems: Problem[]): Problem[] {
  // NUL cannot be stored in PostgreSQL text: a binary's garbage output must not sink the whole report
  const clean = (text: string) => text.replace(/\0/g, '').slice(0, 4096) || '(empty)';
  const clipped = problems.map((p) => ({
    source: clean(p.source),
    message: clean(p.message),
  }));
  if (clipped.length <= MAX_PROBLEMS) return clipped;
  return [
    ...clipped.slice(0, MAX_PROBLEMS - 1),
    { source: 'agent', message: `${clipped.length - MAX_PROBLEMS + 1} more problems not listed` },
  ];
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
