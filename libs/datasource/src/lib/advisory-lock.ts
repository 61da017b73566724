import type { DataSource } from 'typeorm';
import { errorMessage } from '@keel/service-runtime';

/** Another process holds the lock. */
export class AdvisoryLockBusy extends Error {
  constructor(readonly key: string) {
    super(`"${key}" is held by another process`);
    this.name = 'AdvisoryLockBusy';
  }
}

/** The lock's connection dropped (or the lock is gone): whatever it guarded must stop now. */
export class AdvisoryLockLost extends Error {
  constructor(
    readonly key: string,
    cause: unknown,
  ) {
    super(`lost the advisory lock "${key}": ${errorMessage(cause)}`);
    this.name = 'AdvisoryLockLost';
  }
}

/** Resolves while the lock is still held by this session; throws `AdvisoryLockLost` otherwise. */
export type AdvisoryLockGuard = () => Promise<void>;

/**
 * Runs `work` holding a PostgreSQL session advisory lock on `key`, on a connection of its own, and
 * throws `busy(key)` at once when another session holds it. The lock dies with the connection, so
 * a killed process never leaves it behind. The same holds for a connection that drops while `work`
 * runs: `work` gets a guard to call before anything another holder must never do at the same time
 * (a swap, a commit of shared state); it asks the lock's own connection and throws
 * `AdvisoryLockLost` when the lock is gone.
 */
export async function withAdvisoryLock<T>(
  db: DataSource,
  key: string,
  work: (stillHeld: AdvisoryLockGuard) => Promise<T>,
  busy: (key: string) => Error = (k) => new AdvisoryLockBusy(k),
): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const [row] = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
    if (!row.locked) throw busy(key);
    const stillHeld: AdvisoryLockGuard = async () => {
      let held: boolean;
      try {
        const [lock] = await runner.query(
          `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
             AND granted AND objsubid = 1 AND objid = (hashtext($1)::bigint & 4294967295)::oid) AS held`,
          [key],
        );
        held = lock?.held === true;
      } catch (error) {
        throw new AdvisoryLockLost(key, error);
      }
      if (!held) throw new AdvisoryLockLost(key, new Error('pg_locks no longer lists it for this session'));
    };
    try {
      return await work(stillHeld);
    } finally {
      // a connection that dropped took the lock with it: nothing is left to unlock, and the error
      // `work` ended with (often AdvisoryLockLost) is the one to report
      if (!runner.isReleased) {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch((error: unknown) => {
          if (!runner.isReleased) throw error;
        });
      }
    }
  } finally {
    if (!runner.isReleased) await runner.release();
  }
}
