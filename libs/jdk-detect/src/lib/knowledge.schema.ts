import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');
const regexSource = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

/** Every data file says where its facts come from and when they were true. */
const provenance = { asOf: isoDate, sources: z.array(z.string().min(1)).min(1), note: z.string().optional() };

export const EVIDENCE_FIELDS = [
  'any',
  'launcher',
  'versionString',
  'runtimeName',
  'runtimeVersion',
  'vendorVersion',
  'vmName',
  'vmVersion',
  'vmVendorVersion',
  'vmDetails',
  'javaVendor',
  'vmVendor',
  'vendorUrl',
  'javaHome',
  'jvmVariant',
] as const;

export const conditionSchema = z
  .object({
    field: z.union([z.enum(EVIDENCE_FIELDS), z.string().regex(/^raw:[\w.]+$/, 'a known field or raw:<KEY>')]),
    pattern: regexSource.optional(),
    flags: z.enum(['i']).optional(),
    absent: z.boolean().optional(),
  })
  .refine((c) => c.pattern !== undefined || c.absent === true, {
    message: 'needs a pattern or absent: true',
  });

export const matchRuleSchema = z.object({
  priority: z.number().int(),
  confidence: z.enum(['high', 'medium', 'low']),
  all: z.array(conditionSchema).optional(),
  any: z.array(conditionSchema).optional(),
  none: z.array(conditionSchema).optional(),
});

export const vendorsFileSchema = z.object({
  ...provenance,
  vendors: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/),
        displayName: z.string().min(1),
        vm: z.string().optional(),
        os: z.string().optional(),
        rules: z.array(matchRuleSchema).min(1),
      }),
    )
    .min(1),
  vms: z.array(z.object({ name: z.string().min(1), any: z.array(conditionSchema).min(1) })).min(1),
});

export const ltsTrainsFileSchema = z.object({
  ...provenance,
  trains: z.array(z.object({ feature: z.number().int().positive(), gaDate: isoDate })).min(1),
  nextLtsFeature: z.number().int().positive(),
  nextLtsExpectedGaDate: isoDate,
});

export const licenceTermsId = z.enum(['BCL', 'OTN', 'NFTC', 'GFTC', 'GPLv2+CE']);

export const licenceTermsFileSchema = z.object({
  ...provenance,
  terms: z.record(
    licenceTermsId,
    z.object({
      name: z.string(),
      risk: z.enum(['paid-licence-required', 'free-with-conditions', 'free', 'unknown']),
      summary: z.string(),
    }),
  ),
  rules: z
    .array(
      z.object({
        id: z.string().min(1),
        distributions: z.array(z.string()).min(1),
        feature: z.object({ min: z.number().int(), max: z.number().int() }),
        minUpdate: z.number().int().optional(),
        maxUpdate: z.number().int().optional(),
        terms: licenceTermsId,
        nftcWindow: z.boolean().optional(),
        reason: z.string().min(1),
      }),
    )
    .min(1),
  nftcCutoffs: z.array(
    z.object({
      feature: z.number().int(),
      lastNftcUpdate: z.number().int(),
      otnFromDate: isoDate,
      verified: z.boolean(),
      source: z.string(),
    }),
  ),
});

export const supportDatesFileSchema = z.object({
  ...provenance,
  entries: z.array(
    z.object({
      distribution: z.string().min(1),
      feature: z.number().int().positive(),
      kind: z.enum(['premier', 'extended', 'community', 'vendor']),
      endDate: isoDate,
      verified: z.boolean(),
      note: z.string().optional(),
    }),
  ),
});

export const latestUpdatesFileSchema = z.object({
  ...provenance,
  trains: z.array(
    z.object({
      feature: z.number().int().positive(),
      securityBaselineUpdate: z.number().int().nonnegative(),
      releases: z
        .array(z.object({ version: z.string().regex(/^\d+\.\d+\.\d+(\.\d+)?$/), date: isoDate }))
        .min(1),
    }),
  ),
});

export const migrationRulesFileSchema = z.object({
  ...provenance,
  rules: z.array(
    z.object({
      id: z.string().regex(/^[a-z0-9-]+$/),
      since: z.number().int().positive(),
      effect: z.enum(['removed-fatal', 'ignored-warning', 'deprecated', 'platform-removed']),
      match: z.object({
        kind: z.enum(['xx', 'option', 'module', 'property', 'platform']),
        names: z.array(z.string()).optional(),
        properties: z.array(z.string()).optional(),
        exceptValues: z.array(z.string()).optional(),
        bits: z.union([z.literal(32), z.literal(64)]).optional(),
        os: z.string().optional(),
      }),
      explanation: z.string().min(1),
    }),
  ),
});

/** The data files, by file name; the loader reads exactly these. */
export const KNOWLEDGE_FILES = {
  'vendors.json': vendorsFileSchema,
  'lts-trains.json': ltsTrainsFileSchema,
  'licence-terms.json': licenceTermsFileSchema,
  'support-dates.json': supportDatesFileSchema,
  'latest-updates.json': latestUpdatesFileSchema,
  'migration-rules.json': migrationRulesFileSchema,
} as const;

export type KnowledgeFileName = keyof typeof KNOWLEDGE_FILES;
export type Condition = z.infer<typeof conditionSchema>;
export type MatchRule = z.infer<typeof matchRuleSchema>;
export type VendorsFile = z.infer<typeof vendorsFileSchema>;
export type LtsTrainsFile = z.infer<typeof ltsTrainsFileSchema>;
export type LicenceTermsFile = z.infer<typeof licenceTermsFileSchema>;
export type LicenceTermsId = z.infer<typeof licenceTermsId>;
export type SupportDatesFile = z.infer<typeof supportDatesFileSchema>;
export type LatestUpdatesFile = z.infer<typeof latestUpdatesFileSchema>;
export type MigrationRulesFile = z.infer<typeof migrationRulesFileSchema>;

/** All the facts the pure assessments need, validated. */
export interface JdkKnowledge {
  vendors: VendorsFile;
  ltsTrains: LtsTrainsFile;
  licenceTerms: LicenceTermsFile;
  supportDates: SupportDatesFile;
  latestUpdates: LatestUpdatesFile;
  migrationRules: MigrationRulesFile;
}
