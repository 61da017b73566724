import { z } from 'zod';

export class JmhRunnerBadRequest extends Error {
  constructor(message: string) {
    super(`JmhRunnerBadRequest: ${message}`);
    this.name = 'JmhRunnerBadRequest';
  }
}

const uuid = z.string().uuid();

/** Ids are UUIDs: a store skips anything else before PostgreSQL's `::uuid` cast would fail on it. */
export const isUuid = (v: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

/** What `load` found for `ids`, in the order asked, null where nothing (an id not a UUID is not looked up). */
export async function inIdOrder<T extends { readonly id: string }>(
  ids: readonly string[],
  load: (uuids: string[]) => Promise<T[]>,
): Promise<(T | null)[]> {
  const valid = ids.filter(isUuid);
  const byId = new Map((valid.length === 0 ? [] : await load(valid)).map((x) => [x.id, x]));
  return ids.map((id) => byId.get(id) ?? null);
}
const limit = z.coerce.number().int().min(1).max(500).default(50);
const offset = z.coerce.number().int().min(0).default(0);

export const enqueueRunSchema = z.object({
  /** Build id, or a JDK directory (identified and registered on the fly). */
  build: z.string().min(1),
  profile: z.string().min(1).optional(),
  include: z
    .string()
    .min(1)
    .refine((s) => {
      try {
        new RegExp(s);
        return true;
      } catch {
        return false;
      }
    }, 'is not a valid regular expression')
    .optional(),
  jar: z.string().min(1).optional(),
  /** Per-benchmark watchdog override in ms (tests). */
  timeoutMs: z.number().int().min(1000).optional(),
});

export type EnqueueRunRequest = z.infer<typeof enqueueRunSchema>;

export const listBuildsSchema = z.object({
  source: z.enum(['local', 'drop', 'adoptium']).optional(),
  feature: z.coerce.number().int().optional(),
  limit,
  offset,
});

export const byIdsSchema = z.object({ ids: z.array(z.string()).min(1).max(1000) });

export const listRunsSchema = z.object({
  buildId: uuid,
  status: z.enum(['queued', 'running', 'done', 'failed']).optional(),
  limit,
  offset,
});

const compareOptions = {
  minEffect: z.number().min(0).max(1).optional(),
  fdr: z.number().gt(0).max(1).optional(),
  test: z.enum(['welch', 'mann-whitney']).optional(),
};

export const compareSchema = z.union([
  z.object({ baselineRunId: uuid, candidateRunId: uuid, ...compareOptions }).strict(),
  z
    .object({
      baselineBuildId: uuid,
      candidateBuildId: uuid,
      profile: z.string().optional(),
      ...compareOptions,
    })
    .strict(),
]);

export const verdictsSchema = z.object({
  comparisonId: uuid,
  status: z
    .array(z.enum(['regression', 'improvement', 'no-change', 'inconclusive', 'missing', 'crashed']))
    .optional(),
  benchmark: z.string().optional(),
});

export const digestSchema = z.object({
  buildId: uuid,
  againstBuildId: uuid.optional(),
  inlineSvg: z.boolean().optional(),
});

/** Parses a request, or throws JmhRunnerBadRequest naming the first bad field. */
export function parseRequest<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.code === 'invalid_union') {
    // the branch the caller meant is the one with the fewest complaints (it shares the most fields)
    const inner = [...issue.unionErrors].sort((a, b) => a.issues.length - b.issues.length)[0]?.issues[0];
    const path = inner?.path.join('.') || '(body)';
    throw new JmhRunnerBadRequest(
      `"${path}" ${inner?.message ?? 'is invalid'} (give baselineRunId + candidateRunId, or baselineBuildId + candidateBuildId)`,
    );
  }
  throw new JmhRunnerBadRequest(`"${issue.path.join('.') || '(body)'}" ${issue.message}`);
}
