import { detectJdk, readEvidence, type InstallationReport, type JdkKnowledge } from '@keel/jdk-detect';
import type { ToolMode } from '../containers/docker.scanner';
import type { Problem } from '../report/problem';
import { type CommandRunner, describeFailure, succeeded } from '../runner/command-runner';

export interface KubernetesScanOptions {
  runner: CommandRunner;
  knowledge: Pick<JdkKnowledge, 'vendors'>;
  mode: ToolMode;
  timeoutMs: number;
  kubectl?: string;
}

/** A running container that may run a JVM, from `kubectl get pods -A -o json`. */
export interface PodContainer {
  namespace: string;
  pod: string;
  container: string;
  image: string | null;
  /** JAVA_HOME from the container spec's env, when set there. */
  javaHome: string | null;
}

// image names and env that say "a JVM runs here"; a container matching none is not exec'd into
const JAVA_IMAGE =
  /(java|jdk|jre|temurin|adoptium|corretto|zulu|liberica|semeru|graalvm|sapmachine|dragonwell|tomcat|jetty|wildfly|jboss|keycloak|kafka|zookeeper|elasticsearch|opensearch|logstash|cassandra|solr|spring|quarkus|maven|gradle|jenkins|sonarqube|nexus|flink|spark|hadoop)/i;
const JAVA_ENV = new Set(['JAVA_HOME', 'JAVA_OPTS', 'JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS', 'JAVA_VERSION']);

interface PodList {
  items?: {
    metadata?: { name?: string; namespace?: string };
    spec?: {
      containers?: {
        name?: string;
        image?: string;
        command?: string[];
        args?: string[];
        env?: { name?: string; value?: string }[];
      }[];
    };
    status?: {
      phase?: string;
      containerStatuses?: { name?: string; state?: { running?: unknown } }[];
    };
  }[];
}

/**
 * JDKs in the pods of the current kubectl context: for every running container that looks like Java,
 * `kubectl exec ... -- java -XshowSettings:properties -version`. Only when kubectl is installed and has
 * a current context.
 */
export async function scanPods(
  options: KubernetesScanOptions,
): Promise<{ installations: InstallationReport[]; problems: Problem[] }> {
  const none = { installations: [], problems: [] };
  if (options.mode === 'off') return none;
  const kubectl = options.kubectl ?? 'kubectl';
  const run = (args: string[]) => options.runner.run(kubectl, args, { timeoutMs: options.timeoutMs });
  const requestTimeout = `--request-timeout=${Math.max(1, Math.floor(options.timeoutMs / 1000))}s`;

  const context = await run(['config', 'current-context']);
  if (context.spawnError === 'ENOENT') {
    return options.mode === 'on'
      ? {
          installations: [],
          problems: [{ source: 'kubernetes', message: 'kubectl not found on PATH; pods not scanned' }],
        }
      : none;
  }
  if (!succeeded(context) || context.stdout.toString('utf8').trim() === '') {
    return {
      installations: [],
      problems: [
        {
          source: 'kubernetes',
          message: `kubectl config current-context ${describeFailure(context, options.timeoutMs)}; pods not scanned`,
        },
      ],
    };
  }
  const pods = await run(['get', 'pods', '--all-namespaces', '-o', 'json', requestTimeout]);
  if (!succeeded(pods)) {
    return {
      installations: [],
      problems: [
        { source: 'kubernetes', message: `kubectl get pods ${describeFailure(pods, options.timeoutMs)}` },
      ],
    };
  }
  let containers: PodContainer[];
  try {
    containers = javaContainers(JSON.parse(pods.stdout.toString('utf8')) as PodList);
  } catch (error) {
    return {
      installations: [],
      problems: [
        { source: 'kubernetes', message: `kubectl get pods: not JSON (${(error as Error).message})` },
      ],
    };
  }
  const installations: InstallationReport[] = [];
  const problems: Problem[] = [];
  for (const c of containers) {
    const location = {
      kind: 'pod' as const,
      namespace: c.namespace,
      pod: c.pod,
      container: c.container,
      ...(c.image ? { image: c.image } : {}),
    };
    const probe = ['-XshowSettings:properties', '-version'];
    const attempts = [
      ['java', ...probe],
      ...(c.javaHome ? [[`${c.javaHome}/bin/java`, ...probe]] : []),
      // java not on PATH but JAVA_HOME set by the image (not the pod spec): needs a shell in the image
      ['sh', '-c', `exec "$JAVA_HOME/bin/java" ${probe.join(' ')}`],
    ];
    let failure = '';
    for (const command of attempts) {
      const java = command[0] === 'sh' ? '$JAVA_HOME/bin/java' : command[0];
      const result = await run([
        'exec',
        '-n',
        c.namespace,
        c.pod,
        '-c',
        c.container,
        requestTimeout,
        '--',
        ...command,
      ]);
      const read = readEvidence(`${result.stderr}\n${result.stdout.toString('utf8')}`);
      if (succeeded(result) && read.kind === 'show-settings') {
        installations.push({
          path: read.evidence.javaHome ?? c.javaHome ?? java,
          location,
          foundBy: ['pod'],
          evidence: 'show-settings',
          detection: detectJdk(read.evidence, options.knowledge),
        });
        failure = '';
        break;
      }
      failure = `kubectl exec ${java} ${describeFailure(result, options.timeoutMs)}`;
    }
    if (failure) problems.push({ source: `pod:${c.namespace}/${c.pod}/${c.container}`, message: failure });
  }
  return { installations, problems };
}

/** The running containers of running pods that look like Java (image name, env, command). Pure. */
export function javaContainers(list: PodList): PodContainer[] {
  const found: PodContainer[] = [];
  for (const pod of list.items ?? []) {
    const namespace = pod.metadata?.namespace;
    const name = pod.metadata?.name;
    if (!namespace || !name || pod.status?.phase !== 'Running') continue;
    const running = new Set(
      (pod.status.containerStatuses ?? []).filter((s) => s.state?.running !== undefined).map((s) => s.name),
    );
    for (const container of pod.spec?.containers ?? []) {
      if (!container.name || !running.has(container.name)) continue;
      const env = container.env ?? [];
      const commandLine = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
      const looksJava =
        JAVA_IMAGE.test(container.image ?? '') ||
        env.some((e) => e.name !== undefined && JAVA_ENV.has(e.name)) ||
        /(^|[\s/])java(\s|$)/.test(commandLine);
      if (!looksJava) continue;
      found.push({
        namespace,
        pod: name,
        container: container.name,
        image: container.image ?? null,
        javaHome: env.find((e) => e.name === 'JAVA_HOME')?.value ?? null,
      });
    }
  }
  return found;
}
