import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { errorMessage } from '@keel/service-runtime';
import { defaultCoordinationLogger, type CoordinationLogger } from './coordination-logger';
import { jobPath, nodeSafe } from './job-path';
import { createProtectedSequential } from './protected-create';
import type { ZooKeeperConnection } from './zookeeper-connection';
import { isNoNode } from './zookeeper-session';

export const jobHealthSchema = z.enum(['starting', 'ok', 'degraded']);
export type JobHealth = z.infer<typeof jobHealthSchema>;

/** The JSON data of `/keel/jobs/<job>/<instance>`. */
export const jobInstanceMetadataSchema = z.object({
  job: z.string(),
  role: z.string(),
  host: z.string(),
  pid: z.number().int(),
  version: z.string(),
  startedAt: z.string(),
  registeredAt: z.string(),
  health: jobHealthSchema,
  sessionId: z.string(),
});
export type JobInstanceMetadata = z.infer<typeof jobInstanceMetadataSchema>;

export interface JobRegistrationOptions {
  job: string;
  role?: string;
  version?: string;
  health?: JobHealth;
  logger?: CoordinationLogger;
}

const processStartedAt = new Date(Date.now() - Math.round(process.uptime() * 1000)).toISOString();

/**
 * This process's ephemeral node `/keel/jobs/<job>/<host>-<pid>-<token>-<counter>`: it lives as long
 * as the session. After a session expiry it is created again (a new name) in the new session.
 */
export class JobRegistration {
  private readonly logger: CoordinationLogger;
  private readonly prefix: string;
  private nodeNameValue: string | null = null;
  private health: JobHealth;
  private active = false;
  private readonly unsubscribe: (() => void)[] = [];
  private ensuring: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly connection: ZooKeeperConnection,
    private readonly options: JobRegistrationOptions,
  ) {
    jobPath(options.job); // validates the name before anything touches ZooKeeper
    this.logger = options.logger ?? defaultCoordinationLogger('JobRegistration');
    this.health = options.health ?? 'ok';
    this.prefix = `${nodeSafe(hostname())}-${process.pid}-${randomBytes(3).toString('hex')}-`;
  }

  /** `/keel/jobs/<job>/<instance>` while registered, else null. */
  get path(): string | null {
    return this.nodeNameValue ? `${jobPath(this.options.job)}/${this.nodeNameValue}` : null;
  }

  get instance(): string | null {
    return this.nodeNameValue;
  }

  /**
   * The name that tells this process apart where its work is recorded (batch_history, repair
   * cycles): the ZooKeeper instance, the one the supervisor and the registry show, or `<host>-<pid>`
   * while not registered (a CLI run).
   */
  instanceName(): string {
    return this.nodeNameValue ?? `${hostname()}-${process.pid}`;
  }

  async register(): Promise<string> {
    if (this.active) return this.path as string;
    this.active = true;
    this.unsubscribe.push(
      this.connection.on('renewed', () => {
        this.nodeNameValue = null;
        this.ensureInBackground();
      }),
      // a reconnect to the same session keeps the node, unless someone removed it meanwhile
      this.connection.on('connected', () => this.ensureInBackground()),
    );
    await this.ensure();
    return this.path as string;
  }

  /** Updates the `health` field others read from the registry. */
  async setHealth(health: JobHealth): Promise<void> {
    this.health = health;
    const path = this.path;
    if (!path) return;
    await this.connection.session.setData(path, this.metadata());
  }

  async unregister(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    this.unsubscribe.splice(0).forEach((stop) => stop());
    await this.ensuring?.catch(() => undefined);
    const path = this.path;
    this.nodeNameValue = null;
    if (path && this.connection.isConnected()) await this.connection.session.removeIfExists(path);
  }

  private metadata(): Buffer {
    const metadata: JobInstanceMetadata = {
      job: this.options.job,
      role: this.options.role ?? 'worker',
      host: hostname(),
      pid: process.pid,
      version: this.options.version ?? process.env['npm_package_version'] ?? '0.0.0',
      startedAt: processStartedAt,
      registeredAt: new Date().toISOString(),
      health: this.health,
      sessionId: this.connection.sessionId,
    };
    return Buffer.from(JSON.stringify(metadata));
  }

  private ensureInBackground(): void {
    this.ensure().catch((error: unknown) =>
      // the next `connected` or `renewed` event tries again
      this.logger.warn(`could not register job ${this.options.job}: ${errorMessage(error)}`),
    );
  }

  /**
   * Makes sure our node exists in the current session. Serialised: a request during a pass (say a
   * new session while the old one was being checked) runs one more pass after it, never in parallel.
   */
  private ensure(): Promise<void> {
    if (this.ensuring) {
      this.again = true;
      return this.ensuring;
    }
    this.ensuring = (async () => {
      try {
        for (;;) {
          this.again = false;
          try {
            await this.doEnsure();
          } catch (error) {
            // a pass on a session that just expired fails; the pass asked for meanwhile must still run
            if (!this.again) throw error;
          }
          if (!this.again || !this.active) break;
        }
      } finally {
        this.ensuring = null;
      }
    })();
    return this.ensuring;
  }

  private async doEnsure(): Promise<void> {
    if (!this.active) return;
    const session = this.connection.session;
    const existing = this.path;
    if (existing) {
      try {
        if (await session.exists(existing)) return;
      } catch (error) {
        if (!isNoNode(error)) throw error;
      }
    }
    const name = await createProtectedSequential(
      session,
      jobPath(this.options.job),
      this.prefix,
      this.metadata(),
    );
    if (!this.active) {
      await session.removeIfExists(`${jobPath(this.options.job)}/${name}`);
      return;
    }
    this.nodeNameValue = name;
    this.logger.log(`registered ${this.path} (session ${session.sessionId})`);
  }
}
