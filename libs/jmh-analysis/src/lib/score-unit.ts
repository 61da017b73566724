/**
 * Which way is "better" for a JMH score. Throughput units (`ops/ms`) grow when code gets faster; time
 * units (`ns/op`) shrink. Sample (`sample`) and single-shot (`ss`) modes always report time per op.
 */
export type Direction = 'higher-is-better' | 'lower-is-better';

/** JMH's short mode names as they appear in `-rf json` (`mode`). */
export type JmhMode = 'thrpt' | 'avgt' | 'sample' | 'ss';

export const JMH_MODES: readonly JmhMode[] = ['thrpt', 'avgt', 'sample', 'ss'];

const TIME_UNITS = ['ns', 'us', 'µs', 'ms', 's', 'min', 'hr', 'day'];

export class UnknownScoreUnit extends Error {
  constructor(readonly unit: string) {
    super(`UnknownScoreUnit: "${unit}" is neither ops/<time> nor <time>/op`);
    this.name = 'UnknownScoreUnit';
  }
}

/** Direction of a score: from the unit when it says (`ops/s`, `us/op`), from the mode otherwise. */
export function directionOf(scoreUnit: string, mode?: JmhMode): Direction {
  const [numerator, denominator] = scoreUnit.split('/').map((part) => part.trim());
  if (numerator === 'ops' && denominator !== undefined && TIME_UNITS.includes(denominator)) {
    return 'higher-is-better';
  }
  if (denominator === 'op' && numerator !== undefined && TIME_UNITS.includes(numerator)) {
    return 'lower-is-better';
  }
  if (mode === 'sample' || mode === 'ss' || mode === 'avgt') return 'lower-is-better';
  if (mode === 'thrpt') return 'higher-is-better';
  throw new UnknownScoreUnit(scoreUnit);
}

const SECONDS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  min: 60,
  hr: 3600,
  day: 86400,
};

/**
 * Factor that converts a score in `from` to `to` (`ops/s` → `ops/ms` is 1e-3), or undefined when the
 * units are not the same kind. Two runs of one suite may differ in -tu, and that is not a reason to
 * give up on the comparison.
 */
export function unitConversionFactor(from: string, to: string): number | undefined {
  if (from === to) return 1;
  const [fromNum, fromDen] = from.split('/');
  const [toNum, toDen] = to.split('/');
  if (fromNum === 'ops' && toNum === 'ops') {
    const f = SECONDS_PER_UNIT[fromDen];
    const t = SECONDS_PER_UNIT[toDen];
    return f !== undefined && t !== undefined ? t / f : undefined;
  }
  if (fromDen === 'op' && toDen === 'op') {
    const f = SECONDS_PER_UNIT[fromNum];
    const t = SECONDS_PER_UNIT[toNum];
    return f !== undefined && t !== undefined ? f / t : undefined;
  }
  return undefined;
}
