import {
  type BootstrapOptions,
  type ConfidenceInterval,
  DEFAULT_BOOTSTRAP,
  bootstrapTwoSample,
} from './bootstrap';
import { benjaminiHochberg } from './benjamini-hochberg';
import { mean, median } from './descriptive';
import type { JmhFailure } from './jmh-failure';
import type { JmhResult } from './jmh-result.parser';
import { mannWhitneyU } from './mann-whitney';
import { type Direction, type JmhMode, directionOf, unitConversionFactor } from './score-unit';
import { type ComparisonStatus, decideVerdict } from './verdict';
import { welchTTest } from './welch';

/** One side of a comparison: the parsed results of one JDK build, plus what failed to produce any. */
export interface JmhRun {
  /** e.g. "temurin-25.0.3+9". */
  readonly label: string;
  readonly results: readonly JmhResult[];
  readonly failures?: readonly JmhFailure[];
}

export type ForkStatistic = 'mean' | 'median';
export type SignificanceTest = 'welch' | 'mann-whitney';

export interface CompareOptions {
  /** Smallest relative change that counts; default 0.02 (2%). */
  readonly minEffect?: number;
  /** False discovery rate for Benjamini–Hochberg across the suite; default 0.05. */
  readonly fdr?: number;
  /** Fewest usable forks per side; default 2 (values below 2 are raised to 2). */
  readonly minForks?: number;
  /** How a fork's measurement iterations become the fork's value; default mean. */
  readonly forkStatistic?: ForkStatistic;
  /** Which p-value goes into BH and the verdict; default Welch (see README for why). */
  readonly test?: SignificanceTest;
  readonly bootstrap?: BootstrapOptions;
}

export interface ResolvedCompareOptions {
  readonly minEffect: number;
  readonly fdr: number;
  readonly minForks: number;
  readonly forkStatistic: ForkStatistic;
  readonly test: SignificanceTest;
  readonly bootstrap: Required<BootstrapOptions>;
}

export interface SideSummary {
  /** Fork values in the baseline's unit, one per usable fork. */
  readonly forkValues: number[];
  readonly mean: number;
  /** Forks dropped because none of their iterations had a finite score. */
  readonly droppedForks: number;
  readonly jdkVersion?: string;
  readonly vmVersion?: string;
}

export interface BenchmarkComparison {
  readonly key: string;
  readonly benchmark: string;
  readonly mode?: JmhMode;
  readonly params: Readonly<Record<string, string>>;
  readonly status: ComparisonStatus;
  readonly reason: string;
  /** Score unit of the baseline (the candidate is converted into it when the units differ). */
  readonly unit?: string;
  readonly direction?: Direction;
  readonly baseline?: SideSummary;
  readonly candidate?: SideSummary;
  /** mean(candidate) / mean(baseline) in raw units. */
  readonly ratio?: number;
  /** Direction-normalised ratio: > 1 means the candidate is better (faster), < 1 worse. */
  readonly speedup?: number;
  /** Bootstrap confidence interval of `speedup`. */
  readonly speedupCi?: ConfidenceInterval;
  readonly welch?: { readonly t: number; readonly df: number; readonly pValue: number };
  readonly mannWhitney?: { readonly u: number; readonly pValue: number; readonly method: 'exact' | 'normal' };
  /** p-value of the chosen test, before correction. */
  readonly pValue?: number;
  /** Benjamini–Hochberg adjusted p-value across the compared keys of the suite. */
  readonly qValue?: number;
}

export interface SuiteComparison {
  readonly baseline: string;
  readonly candidate: string;
  readonly options: ResolvedCompareOptions;
  /** Sorted by key. */
  readonly comparisons: BenchmarkComparison[];
  readonly counts: Readonly<Record<ComparisonStatus, number>>;
}

export const DEFAULT_COMPARE_OPTIONS: ResolvedCompareOptions = {
  minEffect: 0.02,
  fdr: 0.05,
  minForks: 2,
  forkStatistic: 'mean',
  test: 'welch',
  bootstrap: DEFAULT_BOOTSTRAP,
};

interface KeyInfo {
  readonly key: string;
  readonly benchmark: string;
  readonly mode?: JmhMode;
  readonly params: Readonly<Record<string, string>>;
}

/** Statistics computed before BH, which needs every key's p-value before any verdict can be given. */
interface Measured {
  readonly info: KeyInfo;
  readonly partial: Omit<BenchmarkComparison, 'status' | 'reason' | 'qValue'>;
  readonly pValue: number;
}

/**
 * Compares a baseline run (A) with a candidate run (B) key by key (benchmark + mode + params), over
 * forks: each fork is one JVM and gives one value, because iterations inside a JVM share its JIT
 * decisions, heap layout and code alignment and are not independent samples. Never throws for a missing
 * or crashed benchmark: those are statuses.
 */
export function compareRuns(
  baseline: JmhRun,
  candidate: JmhRun,
  options: CompareOptions = {},
): SuiteComparison {
  const resolved = resolveOptions(options);
  const baseByKey = new Map(baseline.results.map((r) => [r.key, r]));
  const candByKey = new Map(candidate.results.map((r) => [r.key, r]));
  const keys = collectKeys(baseline, candidate);

  const done: BenchmarkComparison[] = [];
  const measured: Measured[] = [];
  for (const info of keys.values()) {
    const baseFailure = findFailure(baseline.failures, info);
    const candFailure = findFailure(candidate.failures, info);
    if (baseFailure !== undefined || candFailure !== undefined) {
      const parts = [
        baseFailure && `baseline ${baseFailure.kind}: ${baseFailure.reason}`,
        candFailure && `candidate ${candFailure.kind}: ${candFailure.reason}`,
      ].filter((p): p is string => typeof p === 'string');
      done.push({ ...info, status: 'crashed', reason: parts.join('; ') });
      continue;
    }
    const a = baseByKey.get(info.key);
    const b = candByKey.get(info.key);
    if (a === undefined || b === undefined) {
      const side = a === undefined ? `baseline (${baseline.label})` : `candidate (${candidate.label})`;
      done.push({ ...info, status: 'missing', reason: `no result in ${side}` });
      continue;
    }
    const outcome = measure(info, a, b, resolved);
    if ('status' in outcome) done.push(outcome);
    else measured.push(outcome);
  }

  // Keys that cannot get a verdict (too few forks) must not inflate the number of tests m.
  const testable = (m: Measured): boolean =>
    (m.partial.baseline?.forkValues.length ?? 0) >= resolved.minForks &&
    (m.partial.candidate?.forkValues.length ?? 0) >= resolved.minForks;
  const bh = benjaminiHochberg(
    measured.map((m) => (testable(m) ? m.pValue : Number.NaN)),
    resolved.fdr,
  );
  measured.forEach((m, i) => {
    const qValue = bh.adjusted[i];
    const { baseline: sa, candidate: sb, speedup, speedupCi } = m.partial;
    const decision = decideVerdict({
      baselineForks: sa?.forkValues.length ?? 0,
      candidateForks: sb?.forkValues.length ?? 0,
      speedup: speedup ?? Number.NaN,
      ci: speedupCi ?? { lower: Number.NaN, upper: Number.NaN, confidence: resolved.bootstrap.confidence },
      qValue,
      fdr: resolved.fdr,
      minEffect: resolved.minEffect,
      minForks: resolved.minForks,
    });
    done.push({ ...m.partial, status: decision.verdict, reason: decision.reason, qValue });
  });

  done.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const counts: Record<ComparisonStatus, number> = {
    regression: 0,
    improvement: 0,
    'no-change': 0,
    inconclusive: 0,
    missing: 0,
    crashed: 0,
  };
  for (const c of done) counts[c.status]++;
  return {
    baseline: baseline.label,
    candidate: candidate.label,
    options: resolved,
    comparisons: done,
    counts,
  };
}

function resolveOptions(options: CompareOptions): ResolvedCompareOptions {
  return {
    minEffect: options.minEffect ?? DEFAULT_COMPARE_OPTIONS.minEffect,
    fdr: options.fdr ?? DEFAULT_COMPARE_OPTIONS.fdr,
    minForks: Math.max(2, options.minForks ?? DEFAULT_COMPARE_OPTIONS.minForks),
    forkStatistic: options.forkStatistic ?? DEFAULT_COMPARE_OPTIONS.forkStatistic,
    test: options.test ?? DEFAULT_COMPARE_OPTIONS.test,
    bootstrap: { ...DEFAULT_COMPARE_OPTIONS.bootstrap, ...options.bootstrap },
  };
}

/** Union of result keys of both sides, plus a key for each failure that matches no result. */
function collectKeys(baseline: JmhRun, candidate: JmhRun): Map<string, KeyInfo> {
  const keys = new Map<string, KeyInfo>();
  for (const r of [...baseline.results, ...candidate.results]) {
    if (!keys.has(r.key))
      keys.set(r.key, { key: r.key, benchmark: r.benchmark, mode: r.mode, params: r.params });
  }
  const known = [...keys.values()];
  for (const f of [...(baseline.failures ?? []), ...(candidate.failures ?? [])]) {
    if (known.some((info) => failureMatches(f, info))) continue;
    const params = f.params ?? {};
    const paramText = Object.keys(params)
      .sort()
      .map((n) => `${n}=${params[n]}`)
      .join(', ');
    const key = `${f.benchmark} [${f.mode ?? 'any'}]${paramText === '' ? '' : ` {${paramText}}`}`;
    if (!keys.has(key)) keys.set(key, { key, benchmark: f.benchmark, mode: f.mode, params });
  }
  return keys;
}

function failureMatches(f: JmhFailure, info: KeyInfo): boolean {
  if (f.benchmark !== info.benchmark) return false;
  if (f.mode !== undefined && info.mode !== undefined && f.mode !== info.mode) return false;
  if (f.params === undefined) return true;
  const names = new Set([...Object.keys(f.params), ...Object.keys(info.params)]);
  return [...names].every((n) => f.params?.[n] === info.params[n]);
}

function findFailure(failures: readonly JmhFailure[] | undefined, info: KeyInfo): JmhFailure | undefined {
  return failures?.find((f) => failureMatches(f, info));
}

function forkValues(
  result: JmhResult,
  statistic: ForkStatistic,
  factor: number,
): { values: number[]; dropped: number } {
  const values: number[] = [];
  let dropped = 0;
  for (const iterations of result.primary.forks) {
    const finite = iterations.filter(Number.isFinite);
    if (finite.length === 0) {
      dropped++;
      continue;
    }
    values.push((statistic === 'median' ? median(finite) : mean(finite)) * factor);
  }
  return { values, dropped };
}

function summary(result: JmhResult, values: number[], dropped: number): SideSummary {
  return {
    forkValues: values,
    mean: mean(values),
    droppedForks: dropped,
    jdkVersion: result.jdkVersion,
    vmVersion: result.vmVersion,
  };
}

/** FNV-1a, so each key gets its own reproducible bootstrap stream whatever the order of keys. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function measure(
  info: KeyInfo,
  a: JmhResult,
  b: JmhResult,
  options: ResolvedCompareOptions,
): Measured | BenchmarkComparison {
  const unit = a.primary.unit;
  const factor = unitConversionFactor(b.primary.unit, unit);
  if (factor === undefined) {
    return {
      ...info,
      status: 'inconclusive',
      reason: `units differ and do not convert: ${unit} vs ${b.primary.unit}`,
      unit,
    };
  }
  const direction = directionOf(unit, a.mode);
  const fa = forkValues(a, options.forkStatistic, 1);
  const fb = forkValues(b, options.forkStatistic, factor);
  const orient = (ratio: number): number => (direction === 'higher-is-better' ? ratio : 1 / ratio);
  const ratio = mean(fb.values) / mean(fa.values);
  const speedupCi = bootstrapTwoSample(fa.values, fb.values, (ra, rb) => orient(mean(rb) / mean(ra)), {
    ...options.bootstrap,
    seed: (options.bootstrap.seed ^ hashKey(info.key)) >>> 0,
  });
  const welch = welchTTest(fa.values, fb.values);
  const mannWhitney = mannWhitneyU(fa.values, fb.values);
  const pValue = options.test === 'welch' ? welch.pValue : mannWhitney.pValue;
  return {
    info,
    pValue,
    partial: {
      ...info,
      unit,
      direction,
      baseline: summary(a, fa.values, fa.dropped),
      candidate: summary(b, fb.values, fb.dropped),
      ratio,
      speedup: orient(ratio),
      speedupCi,
      welch,
      mannWhitney,
      pValue,
    },
  };
}
