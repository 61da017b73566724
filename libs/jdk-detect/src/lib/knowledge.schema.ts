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

/** The fields joined into the pseudo-field `any`: the free text where vendors put their names. */
export const ANY_FIELDS = [
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
] as const;

export const EVIDENCE_FIELDS = [
  'any',
  'launcher',
  ...ANY_FIELDS,
  'vendorUrl',
  'javaHome',
  'jvmVariant',
  'legalNotices',
  'os',
  'arch',
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
  /** Named in the verdict's evidence and conflicts; defaults to `<vendor>#<n>`. */
  id: z
    .string()
    .regex(/^[a-z0-9.#-]+$/)
    .optional(),
  priority: z.number().int(),
  confidence: z.enum(['high', 'medium', 'low']),
  all: z.array(conditionSchema).optional(),
  any: z.array(conditionSchema).optional(),
  none: z.array(conditionSchema).optional(),
  /** Traits this rule adds to the verdict (read by licence rules, e.g. `graalvm-ee`). */
  traits: z.array(z.string().min(1)).optional(),
  /** This evidence cannot exclude an Oracle-licensed build: the licence verdict is "needs review". */
  oracleTermsPossible: z.boolean().optional(),
  /** Where this rule's pattern comes from (a public sample or vendor page). */
  source: z.string().optional(),
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
        /** Vendors whose matching evidence this one accounts for (not a conflict), e.g. ibm explains oracle's Java(TM) banner. */
        explains: z.array(z.string()).optional(),
        traits: z.array(z.string().min(1)).optional(),
        rules: z.array(matchRuleSchema).min(1),
      }),
    )
    .min(1),
  /** Distributions licensed under Oracle's terms: evidence for one of them blocks a free verdict. */
  oracleTermsDistributions: z.array(z.string()).optional(),
  /** Conditions that mark an early-access / nightly / internal build. */
  earlyAccess: z.array(conditionSchema).optional(),
  vms: z.array(z.object({ name: z.string().min(1), any: z.array(conditionSchema).min(1) })).min(1),
});

export const ltsTrainsFileSchema = z.object({
  ...provenance,
  trains: z.array(z.object({ feature: z.number().int().positive(), gaDate: isoDate })).min(1),
  nextLtsFeature: z.number().int().positive(),
  nextLtsExpectedGaDate: isoDate,
  /** Every feature release with its GA date (non-LTS support ends at the next one's GA). */
  featureReleases: z
    .array(
      z.object({ feature: z.number().int().positive(), gaDate: isoDate, expected: z.boolean().optional() }),
    )
    .optional(),
});

export const licenceTermsId = z.enum([
  'BCL',
  'OTN',
  'NFTC',
  'GFTC',
  'GRAALVM-OTN',
  'ORACLE-SUPPORT',
  'AZUL-COMMERCIAL',
  'VENDOR-BUNDLED',
  'GPLv2+CE',
]);

export const licenceTermsFileSchema = z.object({
  ...provenance,
  terms: z.record(
    licenceTermsId,
    z.object({
      name: z.string(),
      risk: z.enum(['paid-licence-required', 'free-with-conditions', 'free', 'unknown']),
      summary: z.string(),
      /** Oracle's own terms: a build that might fall under them is never judged free. */
      oracle: z.boolean().optional(),
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
        /** Only for builds whose vendor rules set this trait (e.g. `graalvm-ee`). */
        requiresTrait: z.string().optional(),
        nftcWindow: z.boolean().optional(),
        /** The terms of updates released after the free window (default OTN). */
        afterWindowTerms: licenceTermsId.optional(),
        reason: z.string().min(1),
        source: z.string().optional(),
      }),
    )
    .min(1),
  /** JVM options that are a licence signal on their own (commercial features of Oracle JDK 8). */
  commandLineSignals: z
    .array(
      z.object({
        id: z.string().min(1),
        xx: z.array(z.string()).min(1),
        distributions: z.array(z.string()).min(1),
        feature: z.object({ min: z.number().int(), max: z.number().int() }),
        risk: z.enum(['paid-licence-required', 'free-with-conditions']),
        reason: z.string().min(1),
        source: z.string().min(1),
      }),
    )
    .optional(),
  nftcCutoffs: z.array(
    z.object({
      /** Default oracle; graalvm for the GFTC window of Oracle GraalVM. */
      distribution: z.string().optional(),
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
      source: z.string().optional(),
    }),
  ),
  /**
   * Trains without an entry: `next-feature-ga` ends support when the next feature release ships. `*`
   * applies to every distribution's non-LTS trains; a distribution may apply it to all its trains
   * (Oracle's jdk.java.net OpenJDK builds stop at the next GA, LTS or not).
   */
  policies: z
    .array(
      z.object({
        distribution: z.string().min(1),
        appliesTo: z.enum(['non-lts', 'all']),
        endsAt: z.literal('next-feature-ga'),
        verified: z.boolean(),
        source: z.string().min(1),
      }),
    )
    .optional(),
});

export const latestUpdatesFileSchema = z.object({
  ...provenance,
  trains: z.array(
    z.object({
      feature: z.number().int().positive(),
      /** A train for these distributions only (Oracle JDK 8 numbers its CPUs one below OpenJDK's). */
      distributions: z.array(z.string()).optional(),
      securityBaselineUpdate: z.number().int().nonnegative(),
      releases: z
        .array(
          z.object({
            version: z.string().regex(/^\d+\.\d+\.\d+(\.\d+)?$/),
            date: isoDate,
            verified: z.boolean().optional(),
          }),
        )
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
      /** Also applies when the target is the same feature release (e.g. Oracle JDK 8 → an OpenJDK 8 build). */
      sameFeature: z.boolean().optional(),
      /** Only when the current build is one of these distributions (when the caller knows it). */
      onlyFrom: z.array(z.string()).optional(),
      effect: z.enum(['removed-fatal', 'ignored-warning', 'deprecated', 'platform-removed']),
      source: z.string().optional(),
      match: z.object({
        kind: z.enum(['xx', 'option', 'module', 'property', 'platform']),
        names: z.array(z.string()).optional(),
        /** xx: flag-name prefixes (`CMS`); option: option prefixes (`-Xbootclasspath/p:`). */
        prefixes: z.array(z.string()).optional(),
        /** platform: the architectures the removal covers (x86, not ARM). */
        arch: z.array(z.string()).optional(),
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
