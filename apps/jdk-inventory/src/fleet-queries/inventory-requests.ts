import {
  JDK_MIGRATION_TARGETS,
  JDK_PAGE_DEFAULT,
  JDK_PAGE_MAX,
  type JdkHostFilter,
  type JdkMigrationBlocker,
  type JdkMigrationTarget,
  type JdkMixDimension,
  type JdkSummaryScope,
  type JdkTrendDimension,
} from '@keel/api-contracts';
import { z, type ZodType } from 'zod';
import { HOST_LICENCE_RISKS } from '../inventory/derive';

/** A request that does not fit the contract; names the field. Sent back as the RPC error payload. */
export class InvalidRequest extends Error {
  constructor(readonly issues: { field: string; message: string }[]) {
    super(`InvalidRequest: ${issues.map((i) => `"${i.field}" ${i.message}`).join('; ')}`);
    this.name = 'InvalidRequest';
  }
}

const labels = z.record(z.string().min(1).max(63), z.string().max(256));
const scope = z.object({ team: z.string().min(1).max(256).optional(), labels: labels.optional() }).strict();
const first = z.number().int().min(1).max(JDK_PAGE_MAX).default(JDK_PAGE_DEFAULT);
const after = z.string().max(200).nullable().optional();
const target = z
  .number()
  .int()
  .refine((t) => (JDK_MIGRATION_TARGETS as readonly number[]).includes(t), {
    message: `must be one of ${JDK_MIGRATION_TARGETS.join(', ')}`,
  });
const effect = z.enum(['removed-fatal', 'ignored-warning', 'deprecated', 'platform-removed']);
const risk = z.enum(['paid-licence-required', 'needs-review', 'free-with-conditions', 'free', 'unknown']);
const hostIds = z.array(z.string().regex(/^\d{1,19}$/, 'must be a host ID')).max(5000);

const schemas = {
  hosts: z
    .object({
      first,
      after,
      filter: z
        .object({
          vendor: z.string().min(1).max(256).optional(),
          feature: z.number().int().min(1).max(99).optional(),
          version: z.string().min(1).max(64).optional(),
          team: z.string().min(1).max(256).optional(),
          labels: labels.optional(),
          risk: z.array(z.enum(['licence', 'eol', 'behind-baseline', 'migration-blocked'])).optional(),
          migrationTarget: (target as ZodType<JdkMigrationTarget>).optional(),
          hostnamePrefix: z.string().min(1).max(253).optional(),
          includeStale: z.boolean().optional(),
        })
        .strict()
        .default({}),
    })
    .strict(),
  byHostIds: z.object({ hostIds }).strict(),
  summary: z.object({ scope: scope.optional() }).strict(),
  mix: z
    .object({
      scope: scope.optional(),
      groupBy: z
        .array(z.enum(['vendor', 'feature', 'version', 'team']))
        .min(1)
        .default(['vendor', 'feature']),
      limit: z.number().int().min(1).max(1000).default(100),
    })
    .strict(),
  topUpdates: z
    .object({ scope: scope.optional(), features: z.array(z.number().int().min(1).max(99)).optional() })
    .strict(),
  licenceRisk: z
    .object({
      scope: scope.optional(),
      first,
      after,
      risks: z
        .array(risk)
        .min(1)
        .default([...HOST_LICENCE_RISKS]),
    })
    .strict(),
  exposure: z.object({ scope: scope.optional() }).strict(),
  migrationBacklog: z
    .object({
      target,
      scope: scope.optional(),
      first,
      after,
      effects: z.array(effect).min(1).default(['removed-fatal', 'platform-removed']),
    })
    .strict(),
  trends: z
    .object({
      scope: scope.optional(),
      weeks: z.number().int().min(1).max(104).default(12),
      groupBy: z.enum(['vendor', 'feature']).default('feature'),
    })
    .strict(),
};

export type HostsQuery = { first: number; after?: string | null; filter: JdkHostFilter };
export type ScopeQuery = { scope?: JdkSummaryScope };
export type MixQuery = ScopeQuery & { groupBy: JdkMixDimension[]; limit: number };
export type TopUpdatesQuery = ScopeQuery & { features?: number[] };
export type LicenceRiskQuery = ScopeQuery & {
  first: number;
  after?: string | null;
  risks: z.infer<typeof risk>[];
};
export type MigrationBacklogQuery = ScopeQuery & {
  target: number;
  first: number;
  after?: string | null;
  effects: JdkMigrationBlocker['effect'][];
};
export type TrendsQuery = ScopeQuery & { weeks: number; groupBy: JdkTrendDimension };

export type RequestKind = keyof typeof schemas;

/** Validates an RPC or CLI request with defaults applied; throws InvalidRequest naming every bad field. */
export function parseRequest<K extends RequestKind>(kind: K, request: unknown): z.infer<(typeof schemas)[K]> {
  const schema = schemas[kind] as ZodType<z.infer<(typeof schemas)[K]>>;
  const result = schema.safeParse(request ?? {});
  if (result.success) return result.data;
  throw new InvalidRequest(
    result.error.issues.map((i) => ({
      field: i.path.length > 0 ? i.path.join('.') : '(request)',
      message: i.message,
    })),
  );
}
