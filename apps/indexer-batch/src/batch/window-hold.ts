import type { OpenTransaction, OpenTransactionsSnapshot } from '@keel/catalog';

/**
 * Pure rule of the long-transaction hold. A window's end must not pass the start of the oldest
 * transaction still open on the shop DB (less a margin for clock resolution: MariaDB reports
 * `trx_started` in whole seconds), or that transaction's rows, stamped before the end but committed
 * after the window ran, would fall behind the chain for good. A transaction open longer than
 * `maxHoldMs` no longer holds: the chain proceeds and the continuous repairer fixes its rows.
 */
export interface HoldRule {
  marginMs: number;
  maxHoldMs: number;
}

export interface WindowHold {
  /** Windows end at or before this instant; null: nothing holds them. */
  horizon: Date | null;
  /** The transaction that sets the horizon, and its age by the DB's clock. */
  blocking: (OpenTransaction & { ageMs: number }) | null;
  /** Transactions open longer than the maximum hold: passed, left to the repairer. */
  passed: (OpenTransaction & { ageMs: number })[];
}

export function windowHold(
  snapshot: OpenTransactionsSnapshot,
  rule: HoldRule,
  listLimit = Infinity,
): WindowHold {
  const nowMs = snapshot.now.getTime();
  const aged = [...snapshot.transactions]
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
    .map((t) => ({ ...t, ageMs: Math.max(0, nowMs - t.startedAt.getTime()) }));
  const passed = aged.filter((t) => t.ageMs > rule.maxHoldMs);
  let blocking = aged.find((t) => t.ageMs <= rule.maxHoldMs) ?? null;
  // every listed transaction was too old, but the list was cut: an unlisted younger one may exist,
  // so hold at the youngest listed one's start rather than not at all
  if (!blocking && aged.length > 0 && aged.length >= listLimit) blocking = aged[aged.length - 1];
  const horizon = blocking ? new Date(blocking.startedAt.getTime() - rule.marginMs) : null;
  return { horizon, blocking, passed: blocking ? passed.filter((t) => t !== blocking) : passed };
}
