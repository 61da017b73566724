import type { JdkUpgradePolicy } from '@keel/api-contracts';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import defaults from './upgrade-policy.default.json';

const licenceTerms = z.enum(['BCL', 'OTN', 'NFTC', 'GFTC', 'GPLv2+CE']);

export const upgradePolicySchema = z
  .object({
    preferredVendors: z.array(z.string().regex(/^[a-z0-9-]+$/, 'a distribution id, e.g. temurin')).min(1),
    allowedLicences: z.array(licenceTerms).min(1),
    minimumSupportMonths: z.number().int().min(0).max(240),
    minimumTargetFeature: z.number().int().min(8).max(99),
  })
  .strict();

export const DEFAULT_UPGRADE_POLICY: JdkUpgradePolicy = upgradePolicySchema.parse(defaults);

export class InvalidUpgradePolicy extends Error {
  constructor(
    readonly source: string,
    readonly issues: { field: string; message: string }[],
  ) {
    super(`InvalidUpgradePolicy: ${source}: ${issues.map((i) => `"${i.field}" ${i.message}`).join('; ')}`);
  }
}

/** A policy (or a what-if override of some fields) over the defaults, validated; names the bad field. */
export function parseUpgradePolicy(
  value: unknown,
  source: string,
  base: JdkUpgradePolicy = DEFAULT_UPGRADE_POLICY,
): JdkUpgradePolicy {
  const parsed = upgradePolicySchema.partial().safeParse(value ?? {});
  if (!parsed.success) {
    throw new InvalidUpgradePolicy(
      source,
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(policy)', message: i.message })),
    );
  }
  return { ...base, ...parsed.data };
}

/** The policy file (`UPGRADE_POLICY_FILE`), or the defaults when none is set. */
export function loadUpgradePolicy(file: string | undefined): JdkUpgradePolicy {
  if (!file) return DEFAULT_UPGRADE_POLICY;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidUpgradePolicy(file, [
      { field: '(file)', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  return parseUpgradePolicy(json, file);
}
