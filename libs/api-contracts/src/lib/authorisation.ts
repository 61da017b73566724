/**
 * Who may call what, per app: the authorisation tables the apps' RPC servers and admin HTTP routes
 * enforce (@keel/service-runtime). A caller is a service identity (its signed token names it). A
 * pattern or route that is not listed is refused to everyone: declare a new one here with the
 * callers it needs, nothing more.
 */
import { INDEXING_PATTERNS } from './indexing';
import { JDK_PATTERNS } from './jdk-inventory';
import { JDK_UPGRADE_PATTERNS } from './jdk-upgrade-plan';
import { JMH_RUNNER_PATTERNS } from './jmh-runner';
import type { RpcApp } from './rpc-ports';

/** The identities Keel knows. `operator` is a person's CLI key (curl on an admin route, a script). */
export const SERVICE_IDENTITIES = [
  'gateway',
  'indexer-stream',
  'indexer-batch',
  'indexer-recovery',
  'jdk-inventory',
  'jmh-runner',
  'supervisor',
  'jdk-scan',
  'operator',
] as const;
export type ServiceIdentity = (typeof SERVICE_IDENTITIES)[number];

/** `cmd` of a message pattern → who may send it. */
export type RpcAuthorisation = Readonly<Record<string, readonly ServiceIdentity[]>>;
/**
 * `METHOD /route/:param` (the Nest route as declared) → who may call it. `agent` routes are
 * authenticated by the app itself with per-host agent keys instead of a service identity.
 */
export type HttpAuthorisation = Readonly<Record<string, readonly ServiceIdentity[] | 'agent'>>;

export interface AppAuthorisation {
  rpc: RpcAuthorisation;
  http: HttpAuthorisation;
}

const only = <P extends Record<string, { cmd: string }>>(
  patterns: P,
  callers: readonly ServiceIdentity[],
): RpcAuthorisation => Object.fromEntries(Object.values(patterns).map((p) => [p.cmd, callers]));

const gateway = ['gateway'] as const;
const indexing = (keys: (keyof typeof INDEXING_PATTERNS)[]) =>
  only(Object.fromEntries(keys.map((k) => [k, INDEXING_PATTERNS[k]])), gateway);

export const AUTHORISATION: Record<RpcApp, AppAuthorisation> = {
  'indexer-recovery': {
    rpc: indexing([
      'recoveryStart',
      'aliasSwap',
      'aliasRollback',
      'verifyRange',
      'recoveryRuns',
      'recoveryRun',
    ]),
    http: {
      'GET /recovery/runs': ['operator', 'gateway'],
      'GET /recovery/runs/:id': ['operator', 'gateway'],
      'POST /recovery/runs': ['operator'],
    },
  },
  'indexer-batch': {
    rpc: indexing(['batchRunWindow', 'indexFreshness', 'batchWindows']),
    http: {
      'GET /batch/windows': ['operator', 'gateway'],
      'GET /batch/windows/:id': ['operator', 'gateway'],
      'POST /batch/windows': ['operator'],
    },
  },
  'indexer-stream': { rpc: indexing(['streamStatus']), http: {} },
  supervisor: { rpc: indexing(['supervisorStatus', 'supervisorRestarts']), http: {} },
  'jdk-inventory': {
    rpc: { ...only(JDK_PATTERNS, gateway), ...only(JDK_UPGRADE_PATTERNS, gateway) },
    http: { 'POST /reports': 'agent' },
  },
  'jmh-runner': {
    rpc: {
      ...only(JMH_RUNNER_PATTERNS, gateway),
      // the upgrade planner's benchmark evidence: the builds, and a comparison of two of them
      [JMH_RUNNER_PATTERNS.listBuilds.cmd]: ['gateway', 'jdk-inventory'],
      [JMH_RUNNER_PATTERNS.compare.cmd]: ['gateway', 'jdk-inventory'],
    },
    http: {
      'GET /builds': ['operator'],
      'POST /builds/discover': ['operator'],
      'GET /builds/:id': ['operator'],
      'GET /builds/:id/runs': ['operator'],
      'GET /builds/:id/digest': ['operator'],
      'GET /builds/:id/digest.json': ['operator'],
      'POST /runs': ['operator'],
      'GET /runs/:id': ['operator'],
      'POST /comparisons': ['operator'],
      'GET /comparisons/:id': ['operator'],
    },
  },
};
