/** `hop`: a window of the schedule's chain; `manual`: one given by hand (CLI, API), outside the chain. */
export type WindowKind = 'hop' | 'manual';
export type WindowStatus = 'running' | 'succeeded' | 'failed';

/** A product the window could not index for good, and why (Elasticsearch's reason or the error). */
export interface RefusedId {
  id: number;
  reason: string;
}

/** One window as recorded in the platform DB's `batch_history`. */
export interface BatchWindowRecord extends WindowCounts {
  id: number;
  writeAlias: string;
  kind: WindowKind;
  windowStart: Date;
  windowEnd: Date;
  startedAt: Date;
  finishedAt: Date | null;
  /** The open transaction that held the window's end back, and its age then (DB clock). */
  heldBySession: string | null;
  heldAgeMs: number | null;
  /** Ids it could not index for good (at most 100 kept): the window succeeded without them. */
  refused: RefusedId[];
  status: WindowStatus;
  error: string | null;
  instance: string;
}

export interface WindowCounts {
  idsSeen: number;
  /** Shop, category and tag rows changed in the window (parent fan-out). */
  parentsSeen: number;
  /** Product ids those parents expanded to (a product may count once per parent). */
  productsExpanded: number;
  written: number;
  stale: number;
  deleted: number;
  failed: number;
}

/** A window's counts before it has seen anything. */
export function emptyWindowCounts(): WindowCounts {
  return { idsSeen: 0, parentsSeen: 0, productsExpanded: 0, written: 0, stale: 0, deleted: 0, failed: 0 };
}
