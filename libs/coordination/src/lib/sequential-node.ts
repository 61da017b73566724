/**
 * Pure helpers for the ZooKeeper recipes built on EPHEMERAL_SEQUENTIAL nodes (leader election,
 * locks): ZooKeeper appends a 10-digit, zero-padded counter to the name we ask for, and the order of
 * that counter (not of the names) is the queue order.
 */

/** The participant prefix `n_<token>_`: the token finds our own node again after a connection loss. */
export function participantPrefix(token: string): string {
  if (!/^[a-z0-9]+$/.test(token)) throw new Error(`invalid participant token "${token}": [a-z0-9]+ only`);
  return `n_${token}_`;
}

/** The counter ZooKeeper appended to a sequential node's name, or null when the name has none. */
export function sequenceOf(nodeName: string): number | null {
  const match = /(\d{10})$/.exec(nodeName);
  return match ? Number(match[1]) : null;
}

/** Participants (names starting `n_` and ending in a counter) in queue order, others left out. */
export function queueOrder(children: readonly string[]): string[] {
  return children
    .filter((name) => name.startsWith('n_') && sequenceOf(name) !== null)
    .sort((a, b) => (sequenceOf(a) as number) - (sequenceOf(b) as number) || a.localeCompare(b));
}

/** Where a participant stands in its queue. */
export type Standing =
  { kind: 'first' } | { kind: 'waiting'; predecessor: string; position: number } | { kind: 'absent' };

/**
 * The standing of `ownNode` among `children`: first in the queue (the leader, the lock holder), or
 * waiting behind exactly one predecessor, the node just before it. Each participant watches only
 * its predecessor, so one departure wakes one participant (no herd effect).
 */
export function standingOf(children: readonly string[], ownNode: string): Standing {
  const queue = queueOrder(children);
  const position = queue.indexOf(ownNode);
  if (position < 0) return { kind: 'absent' };
  if (position === 0) return { kind: 'first' };
  return { kind: 'waiting', predecessor: queue[position - 1] as string, position };
}

/** Our own node among `children`, found by its prefix (after a create whose answer was lost). */
export function findOwnNode(children: readonly string[], prefix: string): string | null {
  return queueOrder(children).find((name) => name.startsWith(prefix)) ?? null;
}

/** The last segment of a path: `/keel/elections/x/n_a_0000000001` → `n_a_0000000001`. */
export function nodeName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
