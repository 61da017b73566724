import {
  Client,
  CreateMode,
  Exception,
  State,
  createClient,
  type ACL,
  type Event,
  type Option,
  type Stat,
} from 'node-zookeeper-client';
import { ownerOnlyAcls, zooKeeperAuthFromEnv, type ZooKeeperAuth } from './zookeeper-auth';

export interface ZooKeeperOptions {
  connectString: string;
  /** Asked of the server, which clamps it to [2, 20] × tickTime (4–40 s on the local stack). */
  sessionTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Reattach to an existing session (tests use it to expire a session on purpose). */
  sessionId?: Buffer;
  sessionPassword?: Buffer;
  /** Digest identity of the session; default ZOOKEEPER_DIGEST. Nodes it creates are its alone. */
  auth?: ZooKeeperAuth;
}

// node-zookeeper-client accepts these, its type definitions do not list them
type ClientOptions = Partial<Option> & { sessionId?: Buffer; sessionPassword?: Buffer };

const CLOSE_TIMEOUT_MS = 3_000;

/** A ZooKeeper error code, e.g. `Exception.NO_NODE`, or undefined for anything else. */
export function zooKeeperErrorCode(error: unknown): number | undefined {
  if (error instanceof Exception) return error.getCode();
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

export const isNoNode = (error: unknown) => zooKeeperErrorCode(error) === Exception.NO_NODE;
export const isNodeExists = (error: unknown) => zooKeeperErrorCode(error) === Exception.NODE_EXISTS;
/** The answer was lost: the request may or may not have been applied. */
export const isConnectionLoss = (error: unknown) => zooKeeperErrorCode(error) === Exception.CONNECTION_LOSS;

/** Thin promise wrappers around node-zookeeper-client's callback API: one client, one session. */
export class ZooKeeperSession {
  private closed = false;

  private constructor(
    readonly client: Client,
    /** The ACLs of the nodes this session creates (undefined: ZooKeeper's open default). */
    readonly defaultAcls?: ACL[],
  ) {}

  static async connect(options: ZooKeeperOptions): Promise<ZooKeeperSession> {
    const clientOptions: ClientOptions = {
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      spinDelay: 500,
      retries: 3,
      sessionId: options.sessionId,
      sessionPassword: options.sessionPassword,
    };
    const client = createClient(options.connectString, clientOptions);
    const auth = options.auth ?? zooKeeperAuthFromEnv();
    if (auth) client.addAuthInfo('digest', Buffer.from(`${auth.user}:${auth.password}`));
    const session = new ZooKeeperSession(client, auth ? ownerOnlyAcls(auth) : undefined);
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        void session.close();
        reject(new Error(`ZooKeeper at ${options.connectString} did not connect within ${timeoutMs} ms`));
      }, timeoutMs);
      client.once('connected', () => {
        clearTimeout(timer);
        resolve();
      });
      client.once('expired', () => {
        clearTimeout(timer);
        reject(new Error(`ZooKeeper at ${options.connectString} refused the session: expired`));
      });
      client.connect();
    });
    return session;
  }

  get sessionId(): string {
    return this.client.getSessionId().toString('hex');
  }

  /** The timeout the server granted (it may differ from the one asked). */
  get sessionTimeoutMs(): number {
    return this.client.getSessionTimeout();
  }

  get isConnected(): boolean {
    const state = this.client.getState();
    return state === State.SYNC_CONNECTED || state === State.CONNECTED_READ_ONLY;
  }

  /** Creates every missing node of a persistent path, like `mkdir -p`. */
  mkdirp(path: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.defaultAcls
        ? this.client.mkdirp(path, this.defaultAcls, (error) => (error ? reject(error) : resolve()))
        : this.client.mkdirp(path, (error) => (error ? reject(error) : resolve())),
    );
  }

  create(path: string, data: Buffer | undefined, mode: number, acls?: ACL[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const done = (error: Error | Exception, created: string) => (error ? reject(error) : resolve(created));
      const payload = data ?? Buffer.alloc(0);
      const chosen = acls ?? this.defaultAcls;
      if (chosen) this.client.create(path, payload, chosen, mode, done);
      else this.client.create(path, payload, mode, done);
    });
  }

  createEphemeralSequential(path: string, data: Buffer): Promise<string> {
    return this.create(path, data, CreateMode.EPHEMERAL_SEQUENTIAL);
  }

  /** Stat of a node or null; `onChange` fires once, at its next creation, change or deletion. */
  exists(path: string, onChange?: (event: Event) => void): Promise<Stat | null> {
    return new Promise((resolve, reject) => {
      const callback = (error: Error | Exception, stat: Stat) =>
        error ? reject(error) : resolve(stat ?? null);
      if (onChange) this.client.exists(path, onChange, callback);
      else this.client.exists(path, callback);
    });
  }

  /** Children of a node; `onChange` fires once, at the next change (ZooKeeper watches are one-shot). */
  children(path: string, onChange?: (event: Event) => void): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const callback = (error: Error | Exception, children: string[]) =>
        error ? reject(error) : resolve(children);
      if (onChange) this.client.getChildren(path, onChange, callback);
      else this.client.getChildren(path, callback);
    });
  }

  getData(path: string): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) =>
      this.client.getData(path, (error, data) => (error ? reject(error) : resolve(data ?? undefined))),
    );
  }

  setData(path: string, data: Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.setData(path, data, (error) => (error ? reject(error) : resolve())),
    );
  }

  /**
   * Sets `path` only if `guard` still exists, atomically (one ZooKeeper multi-op): the fence of an
   * action that only the owner of `guard` (an ephemeral election node) may take. Resolves false,
   * writing nothing, when `guard` is gone (the session expired, or the node was removed).
   */
  setDataIfExists(guard: string, path: string, data: Buffer): Promise<boolean> {
    return new Promise((resolve, reject) =>
      this.client
        .transaction()
        .check(guard)
        .setData(path, data)
        .commit((error) => {
          if (!error) return resolve(true);
          // the failing op is named in the results; a missing guard is NO_NODE
          if (isNoNode(error)) return resolve(false);
          reject(error);
        }),
    );
  }

  remove(path: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.remove(path, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** Removes a node if it is there; a node already gone is not an error. */
  async removeIfExists(path: string): Promise<void> {
    try {
      await this.remove(path);
    } catch (error) {
      if (!isNoNode(error)) throw error;
    }
  }

  /**
   * Closes the session (its ephemeral nodes go at once). Idempotent. When the server cannot be
   * reached the close cannot be acknowledged: the socket is dropped after a few seconds and the
   * server expires the session on its own.
   */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.dropSocket();
        resolve();
      }, CLOSE_TIMEOUT_MS);
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      const state = this.client.getState();
      if (state === State.EXPIRED || (state === State.DISCONNECTED && !this.hasSocket())) {
        this.dropSocket();
        finish();
        return;
      }
      this.client.once('disconnected', finish);
      this.client.close();
    });
  }

  // node-zookeeper-client keeps reconnecting a client that never reached the server, even after
  // close(); its internal socket is the only handle to stop it.
  private internals(): { socket?: { destroy(): void; destroyed?: boolean } } | undefined {
    return (this.client as unknown as { connectionManager?: { socket?: { destroy(): void } } })
      .connectionManager;
  }

  private hasSocket(): boolean {
    const socket = this.internals()?.socket;
    return !!socket && !socket.destroyed;
  }

  private dropSocket(): void {
    const manager = this.internals() as { socket?: { destroy(): void }; state?: number } | undefined;
    if (!manager) return;
    // -1 is ConnectionManager's CLOSING: its onSocketClosed then does not reconnect
    manager.state = -1;
    manager.socket?.destroy();
  }
}

/** Readiness probe: the session is connected. */
export function zooKeeperProbe(session: ZooKeeperSession) {
  return async () => {
    const state = session.client.getState();
    if (state !== State.SYNC_CONNECTED && state !== State.CONNECTED_READ_ONLY) {
      throw new Error(`ZooKeeper session is ${state.name}`);
    }
    return { state: state.name, sessionId: session.sessionId };
  };
}
