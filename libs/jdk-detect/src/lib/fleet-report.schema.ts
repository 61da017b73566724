import { z } from 'zod/v4';

/**
 * The versioned report a scan agent (`apps/jdk-scan`) sends to `jdk-inventory` over HTTP
 * (`POST /reports`) or Kafka (`jdk.reports`): one host, every JDK installation found on it or in its
 * containers and pods, and every running JVM with its options. The inventory validates it with this
 * schema, so a bad report is refused naming the field (`installations.3.detection.bits`).
 * Bump FLEET_REPORT_SCHEMA_VERSION on a breaking change and keep reading the old one.
 */
export const FLEET_REPORT_SCHEMA_VERSION = 1;

const text = z.string().min(1).max(4096);

/** A missing field says `Required` (zod 4's default names only the types); otherwise `what`, or zod's own. */
const requiredOr =
  (what?: string) =>
  (issue: { input?: unknown }): string | undefined =>
    issue.input === undefined ? 'Required' : what;
/** A field's own message for a wrong value; a missing one still says `Required`. */
const expected = (what: string) => ({ error: requiredOr(what) });

export const jdkVersionSchema = z.object({
  feature: z.number().int().min(1).max(99),
  interim: z.number().int().min(0),
  update: z.number().int().min(0),
  patch: z.number().int().min(0),
  build: z.number().int().min(0).nullable(),
  full: text,
});

/** A `JdkDetection` as `identifyJdk` returns it. */
export const jdkDetectionSchema = z.object({
  vendor: text.nullable(),
  distribution: text.nullable(),
  version: jdkVersionSchema.nullable(),
  imageType: z.enum(['jdk', 'jre', 'unknown']),
  bits: z.union([z.literal(64), z.literal(32)], expected('expected 32 or 64')).nullable(),
  os: text.nullable(),
  arch: text.nullable(),
  vm: text.nullable(),
  confidence: z.enum(['high', 'medium', 'low']),
  unknown: z.array(z.enum(['vendor', 'distribution', 'version', 'imageType', 'bits', 'os', 'arch', 'vm'])),
  // optional (older agents omit them): what the licence verdict needs beyond distribution and version
  ea: z.boolean().optional(),
  conflicts: z.array(text).max(50).optional(),
  oracleTermsPossible: z.boolean().optional(),
  traits: z.array(z.string().min(1).max(64)).max(20).optional(),
});

/** Where something was found: on the host itself, in a local container (image), or in a Kubernetes pod. */
export const scanLocationSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('host') }),
    z.object({
      kind: z.literal('container'),
      image: text,
      containerId: text.optional(),
    }),
    z.object({
      kind: z.literal('pod'),
      namespace: text,
      pod: text,
      container: text,
      image: text.optional(),
    }),
  ],
  expected("expected kind 'host', 'container' or 'pod'"),
);

export const installationSchema = z.object({
  /** The JDK's home directory (or the image path of it inside a container). */
  path: text,
  location: scanLocationSchema,
  /** How the agent came to it: JAVA_HOME, PATH, a JVM directory, an install root, a process, an image. */
  foundBy: z
    .array(z.enum(['java_home', 'path', 'jvm_dir', 'install_root', 'process', 'image', 'pod']))
    .min(1),
  /** Which evidence the detection rests on. */
  evidence: z.enum(['show-settings', 'release-file', 'java-version']),
  detection: jdkDetectionSchema,
});

export const runningJvmSchema = z.object({
  pid: z.number().int().positive(),
  location: scanLocationSchema,
  /** The java executable the process runs, and the installation path it belongs to when known. */
  executable: text,
  installationPath: text.nullable(),
  /** The JVM options (-X..., -XX:..., -D...) from its command line, in order. */
  jvmOptions: z.array(z.string().max(4096)).max(2000),
  mainClass: z.string().max(4096).nullable(),
  user: z.string().max(256).nullable(),
});

export const hostInfoSchema = z.object({
  hostname: z.string().min(1).max(253),
  /** A stable ID (/etc/machine-id) where there is one; the hostname is the key otherwise. */
  machineId: z.string().max(128).nullable(),
  os: text,
  osVersion: z.string().max(256).nullable(),
  arch: text,
  /** team, service, environment, ... from the agent's --label options or KEEL_LABELS. */
  labels: z.record(z.string().min(1).max(63), z.string().max(256)),
});

export const fleetReportSchema = z.object({
  schemaVersion: z.literal(FLEET_REPORT_SCHEMA_VERSION),
  /** Unique per scan; the inventory ignores a report it has already stored (idempotent ingest). */
  reportId: z.guid(expected('expected a UUID')),
  scannedAt: z.iso.datetime({ offset: true }),
  agent: z.object({ name: text, version: text }),
  host: hostInfoSchema,
  installations: z.array(installationSchema).max(10_000),
  jvms: z.array(runningJvmSchema).max(10_000),
  /** What the agent could not scan (docker not reachable, a permission denied), never fatal. */
  problems: z.array(z.object({ source: text, message: text })).max(1000),
});

/** Validates a report (agent or inventory side) with the schema's messages: every issue names its field. */
export const parseFleetReport = (body: unknown) => fleetReportSchema.safeParse(body, { error: requiredOr() });

export type JdkVersionReport = z.infer<typeof jdkVersionSchema>;
export type ScanLocation = z.infer<typeof scanLocationSchema>;
export type InstallationReport = z.infer<typeof installationSchema>;
export type RunningJvmReport = z.infer<typeof runningJvmSchema>;
export type HostInfo = z.infer<typeof hostInfoSchema>;
export type FleetReport = z.infer<typeof fleetReportSchema>;
