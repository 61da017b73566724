import {
  Client,
  CreateMode,
  Exception,
  State,
  createClient,
  type ACL,
  type Stat,
} from 'node-zookeeper-client';

export interface ZooKeeperOptions {
  connectString: string;
  sessionTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/** Thin promise wrappers around node-zookeeper-client's callback API. */
export class ZooKeeperSession {
  private constructor(readonly client: Client) {}

  static async connect(options: ZooKeeperOptions): Promise<ZooKeeperSession> {
    const client = createClient(options.connectString, {
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      spinDelay: 500,
      retries: 3,
    });
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.close();
        reject(new Error(`ZooKeeper at ${options.connectString} did not connect within ${timeoutMs} ms`));
      }, timeoutMs);
      client.once('connected', () => {
        clearTimeout(timer);
        resolve();
      });
      client.connect();
    });
    return new ZooKeeperSession(client);
  }

  get sessionId(): string {
    return this.client.getSessionId().toString('hex');
  }

  /** Creates every missing node of a persistent path, like `mkdir -p`. */
  mkdirp(path: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.mkdirp(path, (error) => (error ? reject(error) : resolve())),
    );
  }

  create(path: string, data: Buffer | undefined, mode: number, acls?: ACL[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const done = (error: Error | Exception, created: string) => (error ? reject(error) : resolve(created));
      const payload = data ?? Buffer.alloc(0);
      if (acls) this.client.create(path, payload, acls, mode, done);
      else this.client.create(path, payload, mode, done);
    });
  }

  createEphemeralSequential(path: string, data: Buffer): Promise<string> {
    return this.create(path, data, CreateMode.EPHEMERAL_SEQUENTIAL);
  }

  exists(path: string): Promise<Stat | null> {
    return new Promise((resolve, reject) =>
      this.client.exists(path, (error, stat) => (error ? reject(error) : resolve(stat ?? null))),
    );
  }

  /** Children of a node; `onChange` fires once, at the next change (ZooKeeper watches are one-shot). */
  children(path: string, onChange?: () => void): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const callback = (error: Error | Exception, children: string[]) =>
        error ? reject(error) : resolve(children);
      if (onChange) this.client.getChildren(path, () => onChange(), callback);
      else this.client.getChildren(path, callback);
    });
  }

  getData(path: string): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) =>
      this.client.getData(path, (error, data) => (error ? reject(error) : resolve(data ?? undefined))),
    );
  }

  remove(path: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.remove(path, (error) => (error ? reject(error) : resolve())),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.client.getState() === State.DISCONNECTED) {
        resolve();
        return;
      }
      this.client.once('disconnected', () => resolve());
      this.client.close();
    });
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
