import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { lockPath } from './job-path';
import { createProtectedSequential } from './protected-create';
import { participantPrefix, standingOf } from './sequential-node';
import type { ZooKeeperConnection } from './zookeeper-connection';

export interface LockOptions {
  /** How long to wait for the lock before giving up with LockTimeout. */
  timeoutMs?: number;
}

/** The lock was not acquired in time. */
export class LockTimeout extends Error {
  constructor(
    readonly lock: string,
    readonly timeoutMs: number,
  ) {
    super(`LockTimeout: lock "${lock}" not acquired within ${timeoutMs} ms`);
    this.name = 'LockTimeout';
  }
}

/**
 * Runs `fn` while holding the distributed lock `/keel/locks/<name>` (the election recipe: lowest
 * EPHEMERAL_SEQUENTIAL node holds it; each waiter watches only its predecessor). The lock is
 * released when `fn` settles. `signal` aborts if the session is lost or expires while `fn` runs:
 * from then on another process may hold the lock, so `fn` should stop writing.
 */
export async function withLock<T>(
  connection: ZooKeeperConnection,
  name: string,
  fn: (signal: AbortSignal) => Promise<T> | T,
  options: LockOptions = {},
): Promise<T> {
  const folder = lockPath(name);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const session = connection.session;
  const data = Buffer.from(JSON.stringify({ host: hostname(), pid: process.pid }));
  const node = await createProtectedSequential(
    session,
    folder,
    participantPrefix(randomBytes(6).toString('hex')),
    data,
  );
  const release = () => session.removeIfExists(`${folder}/${node}`);
  try {
    await waitForTurn(connection, folder, node, deadline, name, timeoutMs);
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }

  const holding = new AbortController();
  const offLost = connection.on('lost', () => holding.abort(new Error(`lock "${name}": session lost`)));
  const offExpired = connection.on('expired', () =>
    holding.abort(new Error(`lock "${name}": session expired`)),
  );
  try {
    return await fn(holding.signal);
  } finally {
    offLost();
    offExpired();
    if (session === connection.session && connection.isConnected()) await release();
  }
}

async function waitForTurn(
  connection: ZooKeeperConnection,
  folder: string,
  node: string,
  deadline: number,
  name: string,
  timeoutMs: number,
): Promise<void> {
  const session = connection.session;
  for (;;) {
    if (session !== connection.session) throw new Error(`lock "${name}": session expired while waiting`);
    const standing = standingOf(await session.children(folder), node);
    if (standing.kind === 'first') return;
    if (standing.kind === 'absent')
      throw new Error(`lock "${name}": our node ${node} vanished while waiting`);
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) throw new LockTimeout(name, timeoutMs);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, remainingMs);
      session
        .exists(`${folder}/${standing.predecessor}`, () => {
          clearTimeout(timer);
          resolve();
        })
        .then(
          (stat) => {
            if (!stat) {
              clearTimeout(timer);
              resolve();
            }
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
    });
  }
}
