import type { DataSource } from 'typeorm';

/** Another process holds the lock. */
export class AdvisoryLockBusy extends Error {
  constructor(readonly key: string) {
    super(`"${key}" is held by another process`);
    this.name = 'AdvisoryLockBusy';
  }
}

/**
 * Runs `work` holding a PostgreSQL session advisory lock on `key`, on a connection of its own, and
 * throws `busy(key)` at once when another session holds it. The lock dies with the connection, so
 * a killed process never leaves it behind.
 */
export async function withAdvisoryLock<T>(
  db: DataSource,
  key: string,
  work: () => Promise<T>,
  busy: (key: string) => Error = (k) => new AdvisoryLockBusy(k),
): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const [row] = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
    if (!row.locked) throw busy(key);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await runner.release();
  }
}
