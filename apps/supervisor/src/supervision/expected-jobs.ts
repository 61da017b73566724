import { z } from 'zod';

const jobName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a job name: lowercase letters, digits, ".", "_" and "-"');

/** One job the supervisor keeps alive. */
export const expectedJobSchema = z
  .object({
    name: jobName,
    /** Fewer live instances than this, for longer than graceMs, triggers a restart. */
    minInstances: z.number().int().min(1),
    /** argv, run without a shell: `["node", "dist/apps/indexer-batch/main.js"]`. */
    restartCommand: z.array(z.string().min(1)).min(1),
    /** How long the job may stay below minInstances (starting, rolling) before a restart. */
    graceMs: z.number().int().min(0),
    cwd: z.string().min(1).optional(),
    env: z.record(z.string()).optional(),
    /** Append the command's output to this file; without it the output is discarded. */
    logFile: z.string().min(1).optional(),
  })
  .strict();

export type ExpectedJob = z.infer<typeof expectedJobSchema>;

export const expectedJobsSchema = z
  .array(expectedJobSchema)
  .refine((jobs) => new Set(jobs.map((j) => j.name)).size === jobs.length, 'job names must be unique');

/** Parses the jobs JSON: an array of jobs or `{ "jobs": [...] }`. Throws naming the first problem. */
export function parseExpectedJobs(text: string): ExpectedJob[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(value) ? value : (value as { jobs?: unknown } | null)?.jobs;
  const parsed = expectedJobsSchema.safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = `jobs${(issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
    throw new Error(`${where}: ${issue?.message}`);
  }
  return parsed.data;
}
