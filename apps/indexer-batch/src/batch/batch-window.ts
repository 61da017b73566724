/** `hop`: a window of the schedule's chain; `manual`: one given by hand (CLI, API), outside the chain. */
export type WindowKind = 'hop' | 'manual';
export type WindowStatus = 'running' | 'succeeded' | 'failed';

/** One window as recorded in the platform DB's `batch_history`. */
export interface BatchWindowRecord {
  id: number;
  writeAlias: string;
  kind: WindowKind;
  windowStart: Date;
  windowEnd: Date;
  startedAt: Date;
  finishedAt: Date | null;
  idsSeen: number;
  written: number;
  stale: number;
  deleted: number;
  failed: number;
  status: WindowStatus;
  error: string | null;
  instance: string;
}

export interface WindowCounts {
  idsSeen: number;
  written: number;
  stale: number;
  deleted: number;
  failed: number;
}
