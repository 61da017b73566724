/** Pure shaping of API answers into chart series (unit-tested in format.spec.ts). */

export interface TrendPoint {
  weekStart: string;
  key: string;
  installations: number;
}

export interface Series {
  label: string;
  data: number[];
}

/** One series per key over the given weeks (0 where a key has no point), largest total first. */
export function stackTrends(
  weeks: string[],
  points: TrendPoint[],
  nameOf: (key: string) => string = (k) => k,
): Series[] {
  const byKey = new Map<string, number[]>();
  const index = new Map(weeks.map((w, i) => [w, i]));
  for (const p of points) {
    const i = index.get(p.weekStart);
    if (i === undefined) continue;
    let row = byKey.get(p.key);
    if (!row) {
      row = weeks.map(() => 0);
      byKey.set(p.key, row);
    }
    row[i] += p.installations;
  }
  const total = (d: number[]) => d.reduce((a, b) => a + b, 0);
  return [...byKey.entries()]
    .map(([key, data]) => ({ label: nameOf(key), data }))
    .sort((a, b) => total(b.data) - total(a.data) || a.label.localeCompare(b.label));
}

/** Sums of `value` per `key`, in first-seen order. */
export function sumBy<T>(
  rows: T[],
  key: (r: T) => string,
  value: (r: T) => number,
): { labels: string[]; data: number[] } {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(key(r), (sums.get(key(r)) ?? 0) + value(r));
  return { labels: [...sums.keys()], data: [...sums.values()] };
}

/** "2026-11-23" → "23 Nov". */
export function weekLabel(weekStart: string): string {
  const d = new Date(`${weekStart}T00:00:00Z`);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
