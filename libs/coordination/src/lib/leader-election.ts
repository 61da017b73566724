import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { backoffDelayMs } from '@keel/service-runtime';
import { errorMessage } from '@keel/service-runtime';
import { defaultCoordinationLogger, type CoordinationLogger } from './coordination-logger';
import { electionPath } from './job-path';
import { createProtectedSequential } from './protected-create';
import { participantPrefix, queueOrder, standingOf } from './sequential-node';
import type { ZooKeeperConnection } from './zookeeper-connection';
import { isNoNode } from './zookeeper-session';

export type RevokeReason = 'session-lost' | 'session-expired' | 'node-removed' | 'stopped';

export interface LeaderElectionCallbacks {
  /** This participant became the leader. */
  onElected?: () => void | Promise<void>;
  /** It no longer is: stop acting as the leader at once. */
  onRevoked?: (reason: RevokeReason) => void | Promise<void>;
}

export interface LeaderElectionOptions extends LeaderElectionCallbacks {
  name: string;
  logger?: CoordinationLogger;
}

/**
 * The ZooKeeper leader-election recipe: each participant creates an EPHEMERAL_SEQUENTIAL node
 * `/keel/elections/<name>/n_<token>_<counter>`; the lowest counter leads; every other participant
 * watches only the node just before its own (no herd effect when the leader goes).
 *
 * `isLeader()` is true only while the session is connected. Leadership is revoked (`onRevoked`)
 * when the session is lost (disconnected longer than its timeout) or expired, or on `stop()`; after
 * a reconnect or in a new session the participant queues again and may be elected again.
 */
export class LeaderElection {
  private readonly logger: CoordinationLogger;
  private readonly prefix: string;
  private ownNode: string | null = null;
  private leader = false;
  private active = false;
  private dirty = false;
  private running = false;
  private retryAttempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly connection: ZooKeeperConnection,
    private readonly options: LeaderElectionOptions,
  ) {
    electionPath(options.name); // validates the name
    this.logger = options.logger ?? defaultCoordinationLogger(`LeaderElection:${options.name}`);
    this.prefix = participantPrefix(randomBytes(6).toString('hex'));
  }

  get name(): string {
    return this.options.name;
  }

  /** The participant node's name while queued, e.g. `n_3fa2c1d0e9b8_0000000004`. */
  get node(): string | null {
    return this.ownNode;
  }

  isLeader(): boolean {
    return this.leader && this.connection.isConnected();
  }

  /** Joins the election and resolves once the participant is queued (leader or not). */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    this.unsubscribe.push(
      this.connection.on('lost', () => this.revoke('session-lost')),
      this.connection.on('expired', () => {
        this.ownNode = null;
        this.revoke('session-expired');
      }),
      this.connection.on('connected', () => this.schedule()),
    );
    await this.evaluate();
  }

  /**
   * Asks ZooKeeper (not the local flag) whether this participant leads now. Call it right before
   * an action that must never be done by two leaders, e.g. restarting a job.
   */
  async confirmLeadership(): Promise<boolean> {
    if (!this.ownNode || !this.connection.isConnected()) return false;
    const children = await this.connection.session.children(electionPath(this.options.name));
    return standingOf(children, this.ownNode).kind === 'first';
  }

  /**
   * Writes `data` to `path` only while this participant's election node exists, in one atomic
   * ZooKeeper multi-op. Once `confirmLeadership` said first, the node existing means still first
   * (sequence numbers only grow), so a true here fences the action that follows: a leader whose
   * session expired, or who was replaced, between confirming and acting gets false. `path` must
   * exist. Its ZooKeeper leadership version is the node's sequence number.
   */
  async writeAsLeader(path: string, data: Buffer): Promise<boolean> {
    const node = this.ownNode;
    if (!node || !this.connection.isConnected()) return false;
    return this.connection.session.setDataIfExists(`${electionPath(this.options.name)}/${node}`, path, data);
  }

  /** The leader's node name, or null when nobody is queued. */
  async currentLeader(): Promise<string | null> {
    try {
      const children = await this.connection.session.children(electionPath(this.options.name));
      return queueOrder(children)[0] ?? null;
    } catch (error) {
      if (isNoNode(error)) return null;
      throw error;
    }
  }

  /** Leaves the election: removes the node (the next participant takes over at once). */
  async stop(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    clearTimeout(this.retryTimer);
    this.unsubscribe.splice(0).forEach((stop) => stop());
    const node = this.ownNode;
    this.ownNode = null;
    this.revoke('stopped');
    if (node && this.connection.isConnected()) {
      await this.connection.session.removeIfExists(`${electionPath(this.options.name)}/${node}`);
    }
  }

  private schedule(): void {
    if (!this.active) return;
    this.dirty = true;
    if (this.running) return;
    void this.evaluate();
  }

  /** One pass of the recipe; serialised, and repeated while something asked for another pass. */
  private async evaluate(): Promise<void> {
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.dirty = false;
        await this.evaluateOnce();
      } while (this.dirty && this.active);
      this.retryAttempt = 0;
    } catch (error) {
      this.logger.warn(`election ${this.options.name}: ${errorMessage(error)}`);
      if (this.active && (this.dirty || this.connection.isConnected())) {
        // a failure while connected, or with a pass asked for meanwhile (a new session arrived while
        // the old one failed), retries itself; a plain disconnect waits for its reconnect event
        const delayMs = backoffDelayMs(Math.min(++this.retryAttempt, 7), { baseMs: 200, maxMs: 5_000 });
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.schedule(), delayMs);
      }
    } finally {
      this.running = false;
    }
  }

  private async evaluateOnce(): Promise<void> {
    if (!this.active || !this.connection.isConnected()) return;
    const session = this.connection.session;
    const folder = electionPath(this.options.name);
    if (!this.ownNode) {
      const data = Buffer.from(
        JSON.stringify({ host: hostname(), pid: process.pid, sessionId: session.sessionId }),
      );
      this.ownNode = await createProtectedSequential(session, folder, this.prefix, data);
      this.logger.debug?.(`joined election ${this.options.name} as ${this.ownNode}`);
    }
    const children = await session.children(folder);
    const standing = standingOf(children, this.ownNode);
    if (standing.kind === 'absent') {
      // removed by hand, or a stale name from before a reconnect: queue again
      this.ownNode = null;
      this.revoke('node-removed');
      this.dirty = true;
      return;
    }
    if (standing.kind === 'first') {
      this.elect();
      return;
    }
    // watch only the predecessor; if it is already gone, look again at once
    const stat = await session.exists(`${folder}/${standing.predecessor}`, () => this.schedule());
    if (!stat) this.dirty = true;
  }

  private elect(): void {
    if (this.leader) return;
    this.leader = true;
    this.logger.log(`elected leader of ${this.options.name} (${this.ownNode})`);
    this.callback(() => this.options.onElected?.());
  }

  private revoke(reason: RevokeReason): void {
    if (!this.leader) return;
    this.leader = false;
    this.logger.warn(`no longer leader of ${this.options.name}: ${reason}`);
    this.callback(() => this.options.onRevoked?.(reason));
  }

  private callback(run: () => void | Promise<void> | undefined): void {
    Promise.resolve()
      .then(run)
      .catch((error: unknown) =>
        this.logger.error(`election ${this.options.name} callback failed: ${errorMessage(error)}`),
      );
  }
}
