import { hostPortList, loadConfig, urlWithProtocol } from '@keel/service-runtime';
import { z } from 'zod';

/** A label key as Kubernetes allows one (without the prefix part): team, service, app.kubernetes.io/name. */
export const LABEL_KEY = /^[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?$/;
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

/** "team=payments,service=checkout" → { team: 'payments', service: 'checkout' }; throws naming the bad pair. */
export function parseLabels(text: string, separator = /,/): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(separator).map((p) => p.trim())) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq) : '';
    const value = eq > 0 ? pair.slice(eq + 1) : '';
    if (!LABEL_KEY.test(key))
      throw new Error(`expected key=value with a key of letters, digits, "._/-" (got "${pair}")`);
    if (value.length > 256) throw new Error(`the value of "${key}" is longer than 256 characters`);
    labels[key] = value;
  }
  return labels;
}

const absolutePath = z.string().regex(/^\//, 'expected an absolute path');
const toolMode = z.enum(['auto', 'on', 'off']).default('auto');

/** The agent's environment (the container / DaemonSet way to configure it); flags override it. */
export const jdkScanConfigSchema = z.object({
  KEEL_INVENTORY_URL: urlWithProtocol('http', 'https').optional(),
  KAFKA_BROKERS: hostPortList.optional(),
  KEEL_REPORTS_TOPIC: z.string().regex(TOPIC, 'expected a Kafka topic name').default('jdk.reports'),
  KEEL_LABELS: z
    .string()
    .default('')
    .superRefine((text, ctx) => {
      try {
        parseLabels(text);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
      }
    })
    .transform((text) => parseLabels(text)),
  KEEL_SCAN_ROOTS: z
    .string()
    .default('')
    .transform((text) => text.split(/[:,]/).filter((p) => p !== ''))
    .refine((roots) => roots.every((r) => r.startsWith('/')), 'expected absolute paths separated by ":"'),
  /** Where the node's / is mounted in a DaemonSet pod (e.g. /host); "/" on a host. */
  KEEL_HOST_ROOT: absolutePath.default('/'),
  /** The /proc to read JVMs from; default <KEEL_HOST_ROOT>/proc. */
  KEEL_PROC_ROOT: absolutePath.optional(),
  KEEL_HOSTNAME: z.string().min(1).max(253).optional(),
  /** Reports that could not be delivered wait here and go out first on the next delivery. */
  KEEL_SPOOL_DIR: absolutePath.optional(),
  KEEL_SCAN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  KEEL_SEND_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  KEEL_DOCKER: toolMode,
  KEEL_KUBERNETES: toolMode,
  /**
   * This host's agent key (issued by an admin with `jdk-inventory agent-key issue --host <name>`), or
   * the file holding it (default /etc/keel/agent.key when it exists): it proves the reports are
   * this host's, over HTTP and Kafka alike.
   */
  KEEL_AGENT_KEY: z
    .string()
    .regex(/^kak1\./, 'expected an agent key (kak1...)')
    .optional(),
  KEEL_AGENT_KEY_FILE: absolutePath.default('/etc/keel/agent.key'),
});

export type JdkScanConfig = z.infer<typeof jdkScanConfigSchema>;

/** An empty variable counts as unset (a DaemonSet template often renders "" for an unset value). */
export function loadJdkScanConfig(env: NodeJS.ProcessEnv = process.env): JdkScanConfig {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  return loadConfig('jdk-scan', jdkScanConfigSchema, set);
}
