/**
 * Pure window arithmetic of the batch indexer. A window is the half-open interval `[from, to)` of
 * `update_ts` values; every instant comes from the shop DB's clock, which also sets `update_ts`.
 *
 *   previous success  |------------------|
 *   next window                  |<-overlap->|------------------|
 *                                                               ^ now - lag (or from + maxWindow)
 */

export interface HoppingWindow {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface WindowRule {
  /** A window starts this long before the previous successful window's end: late commits land there. */
  overlapMs: number;
  /** A window ends this long before now: rows of transactions still committing. */
  lagMs: number;
  /** A backlog is cut into windows of at most this length, so each is recorded and retried alone. */
  maxWindowMs: number;
  /** With no successful window yet, the first starts this long before now (minus the lag). */
  initialLookbackMs: number;
}

export class InvalidWindowRule extends Error {
  constructor(rule: WindowRule, reason: string) {
    super(`invalid window rule ${JSON.stringify(rule)}: ${reason}`);
    this.name = 'InvalidWindowRule';
  }
}

export class InvalidWindow extends Error {
  constructor(from: string, to: string, reason: string) {
    super(`invalid window --from ${from} --to ${to}: ${reason}`);
    this.name = 'InvalidWindow';
  }
}

export function assertWindowRule(rule: WindowRule): void {
  const keys = ['overlapMs', 'lagMs', 'maxWindowMs', 'initialLookbackMs'] as const;
  for (const key of keys) {
    const value = rule[key];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidWindowRule(rule, `${key} must be a non-negative integer`);
    }
  }
  // with maxWindowMs <= overlapMs a window would never reach past the previous end
  if (rule.maxWindowMs <= rule.overlapMs) {
    throw new InvalidWindowRule(rule, 'maxWindowMs must be greater than overlapMs');
  }
  if (rule.initialLookbackMs < 1) throw new InvalidWindowRule(rule, 'initialLookbackMs must be positive');
}

/**
 * The window to run after the last successful one (null: none yet), or null when nothing new has
 * become old enough since (the end `now - lag` is not past the previous end). `horizon` caps the
 * end further: the start of the oldest transaction still open on the shop DB (`window-hold.ts`).
 */
export function nextWindow(
  lastSuccessEnd: Date | null,
  now: Date,
  rule: WindowRule,
  horizon: Date | null = null,
): HoppingWindow | null {
  assertWindowRule(rule);
  const endMs = Math.min(now.getTime() - rule.lagMs, horizon?.getTime() ?? Infinity);
  let fromMs: number;
  if (lastSuccessEnd) {
    if (endMs <= lastSuccessEnd.getTime()) return null;
    fromMs = lastSuccessEnd.getTime() - rule.overlapMs;
  } else {
    fromMs = endMs - rule.initialLookbackMs;
  }
  return { from: new Date(fromMs), to: new Date(Math.min(endMs, fromMs + rule.maxWindowMs)) };
}

/**
 * Every window from the last success up to `now`, oldest first, as the scheduler runs them when
 * each succeeds: each one starts `overlapMs` before the previous one's end.
 */
export function backlogWindows(
  lastSuccessEnd: Date | null,
  now: Date,
  rule: WindowRule,
  horizon: Date | null = null,
): HoppingWindow[] {
  const windows: HoppingWindow[] = [];
  let last = lastSuccessEnd;
  for (
    let window = nextWindow(last, now, rule, horizon);
    window;
    window = nextWindow(last, now, rule, horizon)
  ) {
    windows.push(window);
    last = window.to;
  }
  return windows;
}

/** A window given by hand (`--from ISO --to ISO`, or the API), checked. */
export function parseWindow(from: string | undefined, to: string | undefined): HoppingWindow {
  const shown = (value: string | undefined) => value ?? '(missing)';
  if (from === undefined || to === undefined) {
    throw new InvalidWindow(shown(from), shown(to), 'both --from and --to are required');
  }
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
  if (!iso.test(from) || !iso.test(to)) {
    throw new InvalidWindow(from, to, 'expected ISO 8601 instants with a zone, e.g. 2025-01-31T12:00:00Z');
  }
  const window = { from: new Date(from), to: new Date(to) };
  if (Number.isNaN(window.from.getTime()) || Number.isNaN(window.to.getTime())) {
    throw new InvalidWindow(from, to, 'not a valid date');
  }
  if (window.from >= window.to) throw new InvalidWindow(from, to, '--from must be before --to');
  return window;
}

export const windowLengthMs = (window: HoppingWindow) => window.to.getTime() - window.from.getTime();
