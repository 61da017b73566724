import { z } from 'zod';

import { JMH_MODES, type JmhMode } from './score-unit';

/** JMH writes NaN and infinities as strings ("NaN") because JSON has no literal for them. */
const jmhNumber = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity']).transform((s) => Number(s))]);

/** rawData[fork][iteration] = score of that measurement iteration. */
const rawData = z.array(z.array(jmhNumber));

/** rawDataHistogram[fork][iteration] = [[value, count], ...] (sample mode). */
const rawDataHistogram = z.array(z.array(z.array(z.tuple([jmhNumber, z.number().int().nonnegative()]))));

const metric = z.object({
  score: jmhNumber,
  scoreError: jmhNumber.optional(),
  scoreUnit: z.string().min(1),
  rawData: rawData.optional(),
  rawDataHistogram: rawDataHistogram.optional(),
});

const mode = z.enum(JMH_MODES as [JmhMode, ...JmhMode[]]);

/** One element of the array JMH writes with `-rf json` (JMH 1.x; fields we do not use are ignored). */
export const jmhJsonResultSchema = z.object({
  jmhVersion: z.string().optional(),
  benchmark: z.string().min(1),
  mode,
  threads: z.number().int().positive().optional(),
  forks: z.number().int().nonnegative().optional(),
  jvm: z.string().optional(),
  jvmArgs: z.array(z.string()).optional(),
  jdkVersion: z.string().optional(),
  vmName: z.string().optional(),
  vmVersion: z.string().optional(),
  params: z.record(z.string(), z.string()).optional(),
  primaryMetric: metric.refine((m) => m.rawData !== undefined || m.rawDataHistogram !== undefined, {
    message: 'needs rawData or rawDataHistogram (per-fork data)',
  }),
  secondaryMetrics: z.record(z.string(), metric).optional(),
});

export const jmhJsonSchema = z.array(jmhJsonResultSchema);

export type JmhJsonResult = z.infer<typeof jmhJsonResultSchema>;
export type JmhJsonMetric = z.infer<typeof metric>;
