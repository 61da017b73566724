import { posix } from 'node:path';
import os from 'node:os';
import { type JdkScanConfig, parseLabels } from '../config';
import type { ToolMode } from '../containers/docker.scanner';

/** A bad command line: exit 2, the message names the option. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `usage: jdk-scan scan [options]

Finds every JDK and running JVM on this host (and its Docker images and Kubernetes pods when the tools
answer) and prints the report JSON, or sends it to jdk-inventory.

  --print                      print the report JSON to stdout (the default without --send/--kafka)
  --send <url>                 POST it to <url>/reports (jdk-inventory), retrying with backoff
  --kafka <brokers>            produce it to Kafka (host:port[,host:port]), key = hostname
  --topic <name>               Kafka topic (default jdk.reports)
  --label key=value            a host label (repeatable), e.g. --label team=payments
  --root <dir>                 one more install root to look in (repeatable)
  --no-processes               do not read running JVMs from /proc
  --docker | --no-docker       scan local images (default: when docker is on PATH)
  --docker-run                 also run java inside each image (docker run --rm --entrypoint java)
  --kubernetes | --no-kubernetes   scan pods of the current kubectl context (default: when kubectl is on PATH)
  --output <file>              also write the report to <file>
  --timeout-ms <n>             per external command and per HTTP attempt (default 15000)
  --host-root <dir>            the host's / as mounted in a DaemonSet pod (default /)
  --proc-root <dir>            the /proc to read JVMs from (default <host-root>/proc)

Exit status: 0 done, 2 usage error, 3 inventory/Kafka refused or unreachable (report spooled),
78 bad configuration. Environment: KEEL_INVENTORY_URL, KAFKA_BROKERS, KEEL_REPORTS_TOPIC, KEEL_LABELS,
KEEL_SCAN_ROOTS, KEEL_HOST_ROOT, KEEL_PROC_ROOT, KEEL_HOSTNAME, KEEL_SPOOL_DIR, KEEL_SCAN_TIMEOUT_MS,
KEEL_SEND_ATTEMPTS, KEEL_DOCKER, KEEL_KUBERNETES (see README).`;

/** Everything one scan run needs, flags and environment merged. */
export interface ScanSettings {
  print: boolean;
  inventoryUrl: string | null;
  kafkaBrokers: string[] | null;
  topic: string;
  labels: Record<string, string>;
  roots: string[];
  processes: boolean;
  docker: ToolMode;
  dockerRun: boolean;
  kubernetes: ToolMode;
  output: string | null;
  timeoutMs: number;
  hostRoot: string;
  procRoot: string;
  hostname: string | undefined;
  spoolDir: string;
  sendAttempts: number;
}

const FLAGS = new Set([
  'print',
  'no-processes',
  'docker',
  'no-docker',
  'docker-run',
  'kubernetes',
  'no-kubernetes',
  'help',
]);
const VALUES = new Set([
  'send',
  'kafka',
  'topic',
  'label',
  'root',
  'output',
  'timeout-ms',
  'host-root',
  'proc-root',
]);
const REPEATABLE = new Set(['label', 'root']);

export type ParsedCommand = { command: 'help' } | { command: 'scan'; settings: ScanSettings };

/**
 * Reads `scan [options]` against the environment's configuration. Flags win over the environment; the
 * environment's destinations (KEEL_INVENTORY_URL, KAFKA_BROKERS) apply when the command line names no
 * destination and does not ask for --print alone. Throws UsageError naming the option. Pure.
 */
export function parseScanArgs(argv: readonly string[], config: JdkScanConfig): ParsedCommand {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    if (FLAGS.has(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value (got "${arg}")`);
      flags.add(name);
      continue;
    }
    if (!VALUES.has(name)) throw new UsageError(`unknown option "--${name}"`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value`);
    if (values.has(name) && !REPEATABLE.has(name)) throw new UsageError(`--${name} given twice`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  if (flags.has('help')) return { command: 'help' };
  if (positionals.length === 0) throw new UsageError('missing command: expected "scan"');
  if (positionals[0] !== 'scan') throw new UsageError(`unknown command "${positionals[0]}": expected "scan"`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  for (const [on, off] of [
    ['docker', 'no-docker'],
    ['kubernetes', 'no-kubernetes'],
  ]) {
    if (flags.has(on) && flags.has(off)) throw new UsageError(`--${on} and --${off} contradict each other`);
  }

  const one = (name: string) => values.get(name)?.[0];
  const send = one('send');
  if (send !== undefined && !isHttpUrl(send))
    throw new UsageError(`--send expects an http(s) URL (got "${send}")`);
  const kafka = one('kafka');
  const brokers = kafka?.split(',').map((b) => b.trim());
  if (brokers && !brokers.every((b) => /^[^\s:]+:\d{1,5}$/.test(b))) {
    throw new UsageError(`--kafka expects host:port[,host:port...] (got "${kafka}")`);
  }
  const topic = one('topic');
  if (topic !== undefined && !/^[A-Za-z0-9._-]{1,249}$/.test(topic)) {
    throw new UsageError(`--topic expects a Kafka topic name (got "${topic}")`);
  }
  const labels = { ...config.KEEL_LABELS };
  for (const pair of values.get('label') ?? []) {
    try {
      Object.assign(labels, parseLabels(pair, /$^/));
    } catch (error) {
      throw new UsageError(`--label ${(error as Error).message}`);
    }
  }
  const roots = [...config.KEEL_SCAN_ROOTS];
  for (const root of values.get('root') ?? []) {
    if (!root.startsWith('/')) throw new UsageError(`--root expects an absolute path (got "${root}")`);
    roots.push(posix.normalize(root));
  }
  const timeout = one('timeout-ms');
  if (timeout !== undefined && !/^\d+$/.test(timeout)) {
    throw new UsageError(`--timeout-ms expects a whole number of milliseconds (got "${timeout}")`);
  }
  const timeoutMs = timeout !== undefined ? Number(timeout) : config.KEEL_SCAN_TIMEOUT_MS;
  if (timeoutMs < 100 || timeoutMs > 600_000) {
    throw new UsageError(`--timeout-ms must be between 100 and 600000 (got ${timeoutMs})`);
  }
  const hostRoot = one('host-root') ?? config.KEEL_HOST_ROOT;
  if (!hostRoot.startsWith('/'))
    throw new UsageError(`--host-root expects an absolute path (got "${hostRoot}")`);
  const procRoot = one('proc-root') ?? config.KEEL_PROC_ROOT ?? posix.join(hostRoot, 'proc');
  if (!procRoot.startsWith('/'))
    throw new UsageError(`--proc-root expects an absolute path (got "${procRoot}")`);
  const output = one('output');

  const namedDestination = send !== undefined || kafka !== undefined;
  const useEnvDestinations = !namedDestination && !flags.has('print');
  const inventoryUrl = send ?? (useEnvDestinations ? (config.KEEL_INVENTORY_URL ?? null) : null);
  const kafkaBrokers = brokers ?? (useEnvDestinations ? (config.KAFKA_BROKERS ?? null) : null);
  if (topic !== undefined && !kafkaBrokers) throw new UsageError('--topic needs --kafka (or KAFKA_BROKERS)');

  return {
    command: 'scan',
    settings: {
      print: flags.has('print') || (!inventoryUrl && !kafkaBrokers),
      inventoryUrl,
      kafkaBrokers,
      topic: topic ?? config.KEEL_REPORTS_TOPIC,
      labels,
      roots,
      processes: !flags.has('no-processes'),
      docker: flags.has('docker') ? 'on' : flags.has('no-docker') ? 'off' : config.KEEL_DOCKER,
      dockerRun: flags.has('docker-run'),
      kubernetes: flags.has('kubernetes')
        ? 'on'
        : flags.has('no-kubernetes')
          ? 'off'
          : config.KEEL_KUBERNETES,
      output: output ?? null,
      timeoutMs,
      hostRoot: posix.normalize(hostRoot),
      procRoot: posix.normalize(procRoot),
      hostname: config.KEEL_HOSTNAME,
      spoolDir: config.KEEL_SPOOL_DIR ?? posix.join(os.tmpdir(), 'keel-jdk-scan-spool'),
      sendAttempts: config.KEEL_SEND_ATTEMPTS,
    },
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
