import { State } from 'node-zookeeper-client';
import { EventEmitter } from 'node:events';
import { backoffDelayMs, type BackoffPolicy } from '@keel/service-runtime';
import { errorMessage } from '@keel/service-runtime';
import { defaultCoordinationLogger, type CoordinationLogger } from './coordination-logger';
import { ZooKeeperSession, type ZooKeeperOptions } from './zookeeper-session';

/**
 * - `connected`: the session answers.
 * - `suspended`: the socket dropped; the client is reconnecting and the session (with its ephemeral
 *   nodes) may still be alive on the server.
 * - `lost`: suspended for longer than the session timeout; assume the ephemeral nodes are gone.
 * - `expired`: the server said the session is gone; a new session is being created.
 * - `closed`: close() was called.
 */
export type ConnectionState = 'connected' | 'suspended' | 'lost' | 'expired' | 'closed';

export interface ConnectionEvents {
  /** Every (re)connection, to the same session or a new one. */
  connected: (session: ZooKeeperSession) => void;
  suspended: () => void;
  lost: () => void;
  /** The old session is gone; its ephemeral nodes and watches with it. */
  expired: (expiredSessionId: string) => void;
  /** A new session replaced an expired one: re-create ephemeral nodes and re-arm watches now. */
  renewed: (session: ZooKeeperSession, expiredSessionId: string) => void;
  closed: () => void;
}

export interface ZooKeeperConnectionOptions extends ZooKeeperOptions {
  /** Delay between attempts to open a new session after an expiry. */
  renewBackoff?: BackoffPolicy;
  logger?: CoordinationLogger;
}

/**
 * A ZooKeeper connection that outlives its sessions. Within the session timeout the client
 * reconnects to the same session on its own (ephemeral nodes and watches survive, even a server
 * restart); when the server declares the session expired, this opens a new session and emits
 * `renewed`, so the registrations, elections and watches built on it re-create themselves.
 */
export class ZooKeeperConnection {
  private readonly events = new EventEmitter();
  private readonly logger: CoordinationLogger;
  private current: ZooKeeperSession;
  private stateValue: ConnectionState = 'connected';
  private stateSince = Date.now();
  private lostTimer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private renewing = false;

  private constructor(
    private readonly options: ZooKeeperConnectionOptions,
    first: ZooKeeperSession,
  ) {
    this.logger = options.logger ?? defaultCoordinationLogger('ZooKeeperConnection');
    this.events.setMaxListeners(0);
    this.current = first;
    this.attach(first);
  }

  /** Connects (failing after `connectTimeoutMs`) and keeps the connection alive until close(). */
  static async open(options: ZooKeeperConnectionOptions): Promise<ZooKeeperConnection> {
    const first = await ZooKeeperSession.connect(options);
    return new ZooKeeperConnection(options, first);
  }

  get connectString(): string {
    return this.options.connectString;
  }

  /** The current session; after an expiry, a new object. */
  get session(): ZooKeeperSession {
    return this.current;
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** Since when (epoch ms) the connection is in its current state. */
  get stateSinceMs(): number {
    return this.stateSince;
  }

  get sessionId(): string {
    return this.current.sessionId;
  }

  isConnected(): boolean {
    return this.stateValue === 'connected';
  }

  /** Subscribes to a connection event; returns the unsubscribe function. */
  on<E extends keyof ConnectionEvents>(event: E, listener: ConnectionEvents[E]): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  async close(): Promise<void> {
    if (this.stateValue === 'closed') return;
    this.setState('closed');
    clearTimeout(this.lostTimer);
    clearTimeout(this.renewTimer);
    await this.current.close();
    this.events.emit('closed');
    this.events.removeAllListeners();
  }

  private setState(state: ConnectionState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.stateSince = Date.now();
  }

  private attach(session: ZooKeeperSession): void {
    session.client.on('state', (state: State) => {
      if (this.current !== session || this.stateValue === 'closed') return;
      if (state === State.SYNC_CONNECTED || state === State.CONNECTED_READ_ONLY) this.onConnected(session);
      else if (state === State.DISCONNECTED) this.onDisconnected(session);
      else if (state === State.EXPIRED) this.onExpired(session);
    });
  }

  private onConnected(session: ZooKeeperSession): void {
    clearTimeout(this.lostTimer);
    const was = this.stateValue;
    this.setState('connected');
    if (was !== 'connected')
      this.logger.log(`ZooKeeper session ${session.sessionId} reconnected (was ${was})`);
    this.events.emit('connected', session);
  }

  private onDisconnected(session: ZooKeeperSession): void {
    // DISCONNECTED also follows EXPIRED; the expiry handling owns that case
    if (this.stateValue !== 'connected') return;
    this.setState('suspended');
    this.logger.warn(`ZooKeeper connection lost; session ${session.sessionId} suspended, reconnecting`);
    this.events.emit('suspended');
    clearTimeout(this.lostTimer);
    this.lostTimer = setTimeout(() => {
      if (this.current !== session || this.stateValue !== 'suspended') return;
      this.setState('lost');
      this.logger.warn(
        `ZooKeeper unreachable for longer than the ${session.sessionTimeoutMs} ms session timeout: ` +
          `treating session ${session.sessionId} as lost`,
      );
      this.events.emit('lost');
    }, session.sessionTimeoutMs);
    this.lostTimer.unref();
  }

  private onExpired(session: ZooKeeperSession): void {
    clearTimeout(this.lostTimer);
    const expiredId = session.sessionId;
    this.setState('expired');
    this.logger.warn(`ZooKeeper session ${expiredId} expired: opening a new session`);
    this.events.emit('expired', expiredId);
    void session.close();
    this.renew(expiredId, 1);
  }

  private renew(expiredId: string, attempt: number): void {
    if (this.renewing || this.stateValue === 'closed') return;
    this.renewing = true;
    ZooKeeperSession.connect({ ...this.options, sessionId: undefined, sessionPassword: undefined })
      .then((session) => {
        this.renewing = false;
        if (this.stateValue === 'closed') {
          void session.close();
          return;
        }
        this.current = session;
        this.attach(session);
        this.setState('connected');
        this.logger.log(`ZooKeeper session ${session.sessionId} replaces expired ${expiredId}`);
        this.events.emit('renewed', session, expiredId);
        this.events.emit('connected', session);
      })
      .catch((error: unknown) => {
        this.renewing = false;
        const delayMs = backoffDelayMs(attempt, {
          jitter: 0.2,
          ...(this.options.renewBackoff ?? { baseMs: 250, maxMs: 5_000 }),
        });
        this.logger.warn(`new ZooKeeper session failed (${errorMessage(error)}); retrying in ${delayMs} ms`);
        this.renewTimer = setTimeout(() => this.renew(expiredId, attempt + 1), delayMs);
      });
  }
}

/** Readiness probe for `/health`: the connection has a live session. */
export function connectionProbe(connection: ZooKeeperConnection) {
  return async () => {
    if (!connection.isConnected()) {
      const forMs = Date.now() - connection.stateSinceMs;
      throw new Error(`ZooKeeper ${connection.connectString} is ${connection.state} for ${forMs} ms`);
    }
    return { state: connection.state, sessionId: connection.sessionId };
  };
}
