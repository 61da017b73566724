import {
  detectJdk,
  readEvidence,
  type InstallationReport,
  type JdkDetection,
  type JdkEvidence,
  type JdkKnowledge,
} from '@keel/jdk-detect';
import { posix } from 'node:path';
import type { HostFs } from '../host/host-fs';
import { type CommandRunner, describeFailure, succeeded } from '../runner/command-runner';
import type { Problem } from '../report/problem';

export type EvidenceKind = InstallationReport['evidence'];

export interface HomeIdentity {
  evidence: EvidenceKind;
  detection: JdkDetection;
  /** java.home as the JVM reported it (show-settings only). */
  javaHome: string | null;
}

export interface ProbeOptions {
  fs: HostFs;
  runner: CommandRunner;
  knowledge: Pick<JdkKnowledge, 'vendors'>;
  timeoutMs: number;
  /** false under a host root: the node's binaries need the node's libraries, which the pod does not have. */
  execute: boolean;
}

// Options in these would be applied to (or printed by) every probe; the scan must see the JDK as built.
const JAVA_ENV_OPTIONS = ['JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS'];

/**
 * Identifies the JDK in `home`: `bin/java -XshowSettings:properties -version` first (the most precise:
 * the JVM's own properties), then the `release` file, then `java -version`. A java that does not run is a
 * problem, not an exception; null when nothing identifies the home.
 */
export async function probeJdkHome(
  home: string,
  options: ProbeOptions,
): Promise<{ identity: HomeIdentity | null; problems: Problem[] }> {
  const problems: Problem[] = [];
  const source = `jdk:${home}`;
  const release = await options.fs.readText(posix.join(home, 'release'), 256 * 1024);
  const releaseEvidence = release !== null ? readEvidence(release) : null;
  // the image's licence texts are evidence too: Oracle JDK ships the OTN/NFTC/BCL text where an OpenJDK
  // build ships the GPL (vendors.json rule oracle-legal)
  const legalNotices = await readLegalNotices(options.fs, home);
  if (releaseEvidence && legalNotices) releaseEvidence.evidence.legalNotices = legalNotices;
  const java = posix.join(home, 'bin/java');
  const runJava = options.execute && (await options.fs.isFile(java));

  let startFailed = false;
  let showSettingsFailure: Problem | null = null;
  if (runJava) {
    const result = await runJavaCommand(options, java, ['-XshowSettings:properties', '-version']);
    const text = outputText(result);
    const read = readEvidence(text);
    if (succeeded(result) && read.kind === 'show-settings') {
      // the JVM's properties do not say jdk or jre; the release file's IMAGE_TYPE / MODULES do
      const evidence: JdkEvidence = {
        ...read.evidence,
        imageType: read.evidence.imageType ?? releaseEvidence?.evidence.imageType,
        modules: read.evidence.modules ?? releaseEvidence?.evidence.modules,
        legalNotices: legalNotices ?? undefined,
      };
      return {
        identity: {
          evidence: 'show-settings',
          detection: detectJdk(evidence, options.knowledge),
          javaHome: read.evidence.javaHome ?? null,
        },
        problems,
      };
    }
    startFailed = Boolean(result.spawnError) || result.timedOut;
    showSettingsFailure = {
      source,
      message: `${java} -XshowSettings:properties -version ${describeFailure(result, options.timeoutMs)}`,
    };
  }

  if (releaseEvidence?.kind === 'release-file' && releaseEvidence.evidence.versionString) {
    // a JDK with a release file (7+) knows -XshowSettings: its java failing is a broken installation
    if (showSettingsFailure) problems.push(showSettingsFailure);
    return {
      identity: {
        evidence: 'release-file',
        detection: detectJdk(releaseEvidence.evidence, options.knowledge),
        javaHome: null,
      },
      problems,
    };
  }

  // a java too old for -XshowSettings (6 and before, no release file either) still answers -version
  if (runJava && !startFailed) {
    const result = await runJavaCommand(options, java, ['-version']);
    const read = readEvidence(outputText(result));
    if (read.kind === 'java-version') {
      if (legalNotices) read.evidence.legalNotices = legalNotices;
      return {
        identity: {
          evidence: 'java-version',
          detection: detectJdk(read.evidence, options.knowledge),
          javaHome: null,
        },
        problems,
      };
    }
    if (showSettingsFailure) problems.push(showSettingsFailure);
    problems.push({ source, message: `${java} -version ${describeFailure(result, options.timeoutMs)}` });
  } else if (showSettingsFailure) {
    problems.push(showSettingsFailure);
  }
  problems.push({
    source,
    message: runJava
      ? 'not identified: java gave no usable output and there is no release file naming a version'
      : options.execute
        ? 'not identified: no bin/java and no release file naming a version'
        : 'not identified: no release file naming a version (java is not run under KEEL_HOST_ROOT)',
  });
  return { identity: null, problems };
}

// 9+: legal/java.base/LICENSE; 8 and older: LICENSE (Oracle's points at java.com/license) and COPYRIGHT
const LEGAL_FILES = ['legal/java.base/LICENSE', 'LICENSE', 'COPYRIGHT', 'jre/LICENSE'];

/** The first 16 KiB of each licence file the image has, joined; null when it has none. */
async function readLegalNotices(fs: HostFs, home: string): Promise<string | null> {
  const texts: string[] = [];
  for (const file of LEGAL_FILES) {
    const text = await fs.readText(posix.join(home, file), 16 * 1024);
    if (text) texts.push(text);
  }
  return texts.length > 0 ? texts.join('\n') : null;
}

function runJavaCommand(options: ProbeOptions, java: string, args: string[]) {
  const env = { ...process.env };
  for (const name of JAVA_ENV_OPTIONS) delete env[name];
  return options.runner.run(options.fs.local(java), args, { timeoutMs: options.timeoutMs, env });
}

/** java prints both listings on stderr; stdout is included in case a wrapper script redirected them. */
function outputText(result: { stdout: Buffer; stderr: string }): string {
  return `${result.stderr}\n${result.stdout.toString('utf8')}`;
}
