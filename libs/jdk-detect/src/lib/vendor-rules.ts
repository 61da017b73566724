import { Confidence, JdkEvidence } from './jdk-build';
import { Condition, MatchRule, VendorsFile } from './knowledge.schema';

export interface VendorMatch {
  id: string;
  displayName: string;
  confidence: Confidence;
  vm?: string;
  os?: string;
}

// Fields joined into the pseudo-field "any": the free text where vendors put their names.
const ANY_FIELDS: (keyof JdkEvidence)[] = [
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
];

function fieldValue(evidence: JdkEvidence, field: string): string | undefined {
  if (field === 'any') {
    const parts = ANY_FIELDS.map((f) => evidence[f]).filter(
      (v): v is string => typeof v === 'string' && v !== '',
    );
    return parts.length > 0 ? parts.join('\n') : undefined;
  }
  if (field.startsWith('raw:')) return evidence.raw[field.slice(4)];
  const value = evidence[field as keyof JdkEvidence];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function conditionHolds(evidence: JdkEvidence, condition: Condition): boolean {
  const value = fieldValue(evidence, condition.field);
  if (condition.absent) return value === undefined;
  if (value === undefined || condition.pattern === undefined) return false;
  return new RegExp(condition.pattern, condition.flags).test(value);
}

export function ruleMatches(evidence: JdkEvidence, rule: Pick<MatchRule, 'all' | 'any' | 'none'>): boolean {
  const all = rule.all ?? [];
  const any = rule.any ?? [];
  const none = rule.none ?? [];
  if (all.length === 0 && any.length === 0) return false;
  return (
    all.every((c) => conditionHolds(evidence, c)) &&
    (any.length === 0 || any.some((c) => conditionHolds(evidence, c))) &&
    !none.some((c) => conditionHolds(evidence, c))
  );
}

/** The vendor whose highest-priority matching rule outranks every other vendor's; null when none match. */
export function matchVendor(evidence: JdkEvidence, vendors: VendorsFile): VendorMatch | null {
  let best: { priority: number; match: VendorMatch } | null = null;
  for (const vendor of vendors.vendors) {
    for (const rule of vendor.rules) {
      if (!ruleMatches(evidence, rule)) continue;
      if (best === null || rule.priority > best.priority) {
        best = {
          priority: rule.priority,
          match: {
            id: vendor.id,
            displayName: vendor.displayName,
            confidence: rule.confidence,
            vm: vendor.vm,
            os: vendor.os,
          },
        };
      }
    }
  }
  return best?.match ?? null;
}

/** The first VM rule (in file order) that matches, e.g. GraalVM before HotSpot. */
export function matchVm(evidence: JdkEvidence, vendors: VendorsFile): string | null {
  return vendors.vms.find((vm) => ruleMatches(evidence, { any: vm.any }))?.name ?? null;
}
