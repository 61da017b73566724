import { z } from 'zod';

/** JMH's time values: `200ms`, `1s`, `2m` (no spaces, as `-w` / `-r` take them). */
const jmhTime = z.string().regex(/^\d+(ns|us|ms|s|m|min)$/, 'a JMH time such as "200ms" or "1s"');

/** How hard one run of the suite works: forks, warmup and measurement, and the hang watchdog. */
export const jmhProfileSchema = z.object({
  forks: z.number().int().min(1).max(50),
  warmupIterations: z.number().int().min(0).max(100),
  warmupTime: jmhTime,
  measurementIterations: z.number().int().min(1).max(100),
  measurementTime: jmhTime,
  /** Benchmarks to run (JMH regex, a `find` on the full name). */
  include: z.string().min(1),
  /** JMH's own per-iteration timeout (`-to`); a benchmark that ignores interrupts still needs the watchdog. */
  iterationTimeout: jmhTime,
  /**
   * The watchdog: a benchmark's whole JMH invocation may take at most max(minTimeoutS,
   * timeoutFactor x its expected time) before the process tree is killed and the benchmark stored as hung.
   */
  timeoutFactor: z.number().min(1).max(100),
  minTimeoutS: z.number().min(1),
  /** Extra JVM options for the forks (`-jvmArgsAppend`), e.g. ["-Xmx1g"]. */
  jvmArgs: z.array(z.string()).default([]),
});

export type JmhProfile = z.infer<typeof jmhProfileSchema>;

/** Keel's suite without the test-only `dev.keel.jmh.faulty` package (its classes start lower-case). */
export const DEFAULT_INCLUDE = '^dev\\.keel\\.jmh\\.[A-Z]';

export const DEFAULT_PROFILES: Readonly<Record<string, JmhProfile>> = {
  // small enough for tests on 2 busy cores: ~1.5 s per fork
  quick: {
    forks: 3,
    warmupIterations: 1,
    warmupTime: '250ms',
    measurementIterations: 2,
    measurementTime: '250ms',
    include: DEFAULT_INCLUDE,
    iterationTimeout: '10s',
    timeoutFactor: 4,
    minTimeoutS: 60,
    jvmArgs: [],
  },
  // the nightly run: forks are the independent samples, so more forks rather than longer iterations
  full: {
    forks: 8,
    warmupIterations: 3,
    warmupTime: '1s',
    measurementIterations: 5,
    measurementTime: '1s',
    include: DEFAULT_INCLUDE,
    iterationTimeout: '60s',
    timeoutFactor: 3,
    minTimeoutS: 300,
    jvmArgs: [],
  },
};

/** `250ms` → 250; the units JMH accepts. */
export function jmhTimeMs(text: string): number {
  const m = /^(\d+)(ns|us|ms|s|m|min)$/.exec(text);
  if (m === null) throw new Error(`not a JMH time: "${text}"`);
  const n = Number(m[1]);
  const factor: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, min: 60_000 };
  return n * factor[m[2]];
}

/** Per-fork start-up and setup that no iteration counts: JVM boot, class loading, JMH handshake. */
const FORK_OVERHEAD_MS = 2500;

/** Expected wall time of one benchmark method with `paramSets` param combinations and `modes` modes. */
export function expectedBenchmarkMs(profile: JmhProfile, paramSets: number, modes = 1): number {
  const perFork =
    profile.warmupIterations * jmhTimeMs(profile.warmupTime) +
    profile.measurementIterations * jmhTimeMs(profile.measurementTime) +
    FORK_OVERHEAD_MS;
  return profile.forks * perFork * Math.max(1, paramSets) * Math.max(1, modes);
}

/** The watchdog deadline of one benchmark's JMH invocation. */
export function watchdogMs(profile: JmhProfile, paramSets: number, modes = 1): number {
  return Math.max(
    profile.minTimeoutS * 1000,
    profile.timeoutFactor * expectedBenchmarkMs(profile, paramSets, modes),
  );
}

export interface JmhInvocation {
  readonly jar: string;
  /** The build under test: its bin/java runs the forks. */
  readonly forkJava: string;
  /** Exact benchmark name, e.g. dev.keel.jmh.StringBenchmark.concat. */
  readonly benchmark: string;
  readonly resultFile: string;
}

/** Regex that matches one benchmark method and nothing else (JMH `find`s the include on the name). */
export function exactBenchmarkRegex(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/** Arguments after `java` for one benchmark: the harness JVM runs the jar, `-jvm` makes the forks run the build. */
export function jmhArgs(profile: JmhProfile, invocation: JmhInvocation): string[] {
  const args = [
    '-jar',
    invocation.jar,
    exactBenchmarkRegex(invocation.benchmark),
    '-jvm',
    invocation.forkJava,
    '-f',
    String(profile.forks),
    '-wi',
    String(profile.warmupIterations),
    '-w',
    profile.warmupTime,
    '-i',
    String(profile.measurementIterations),
    '-r',
    profile.measurementTime,
    '-to',
    profile.iterationTimeout,
    '-rf',
    'json',
    '-rff',
    invocation.resultFile,
  ];
  if (profile.jvmArgs.length > 0) args.push('-jvmArgsAppend', profile.jvmArgs.join(' '));
  return args;
}

export interface ListedBenchmark {
  readonly name: string;
  /** Number of param combinations (1 without @Param). */
  readonly paramSets: number;
}

/**
 * Reads `java -jar benchmarks.jar <include> -lp`: one line per benchmark, followed by
 * `  param "size" = {100, 10000}` lines. Combinations multiply.
 */
export function parseBenchmarkList(output: string): ListedBenchmark[] {
  const listed: { name: string; paramSets: number }[] = [];
  let inList = false;
  for (const raw of output.split(/\r?\n/)) {
    if (raw.startsWith('Benchmarks:')) {
      inList = true;
      continue;
    }
    if (!inList || raw.trim() === '') continue;
    const param = /^\s+param "[^"]+" = \{(.*)\}\s*$/.exec(raw);
    if (param !== null) {
      const current = listed[listed.length - 1];
      if (current !== undefined) current.paramSets *= param[1].split(',').length;
      continue;
    }
    if (/^\S+$/.test(raw)) listed.push({ name: raw.trim(), paramSets: 1 });
  }
  return listed;
}
