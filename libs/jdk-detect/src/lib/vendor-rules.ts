import { Confidence, EvidenceUsed, JdkEvidence } from './jdk-build';
import { ANY_FIELDS, Condition, MatchRule, VendorsFile } from './knowledge.schema';

export interface VendorMatch {
  id: string;
  displayName: string;
  confidence: Confidence;
  vm?: string;
  os?: string;
  /** The winning rule's id and the evidence its conditions read. */
  rule: string;
  evidence: EvidenceUsed[];
  traits: string[];
  /** Evidence that points at another vendor and that the winner does not account for. */
  conflicts: string[];
  /** Some matching evidence (or the winning rule itself) cannot exclude an Oracle-licensed build. */
  oracleTermsPossible: boolean;
}

function fieldValue(evidence: JdkEvidence, field: string): string | undefined {
  if (field === 'any') {
    const parts = ANY_FIELDS.map((f) => evidence[f]).filter(
      (v): v is string => typeof v === 'string' && v !== '',
    );
    return parts.length > 0 ? parts.join('\n') : undefined;
  }
  if (field.startsWith('raw:')) return evidence.raw[field.slice(4)] || undefined;
  const value = evidence[field as keyof JdkEvidence];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function regex(condition: Condition): RegExp {
  return new RegExp(condition.pattern ?? '', condition.flags);
}

export function conditionHolds(evidence: JdkEvidence, condition: Condition): boolean {
  const value = fieldValue(evidence, condition.field);
  if (condition.absent) return value === undefined;
  if (value === undefined || condition.pattern === undefined) return false;
  return regex(condition).test(value);
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

/** What a matching rule read: the text each positive condition matched (shortened), for the verdict. */
function evidenceOf(evidence: JdkEvidence, rule: MatchRule, ruleId: string): EvidenceUsed[] {
  const used: EvidenceUsed[] = [];
  for (const c of [...(rule.all ?? []), ...(rule.any ?? [])]) {
    if (c.absent) {
      if (conditionHolds(evidence, c)) used.push({ field: c.field, value: '(absent)', rule: ruleId });
      continue;
    }
    const value = fieldValue(evidence, c.field);
    if (value === undefined) continue;
    const m = regex(c).exec(value);
    if (!m) continue;
    const line = value.split('\n').find((l) => regex(c).test(l)) ?? m[0];
    used.push({ field: c.field, value: line.length > 160 ? `${line.slice(0, 157)}...` : line, rule: ruleId });
  }
  return used;
}

interface Hit {
  vendor: VendorsFile['vendors'][number];
  rule: MatchRule;
  ruleId: string;
}

/**
 * Every vendor rule is tried; the highest priority wins. Other vendors whose rules also matched are
 * conflicts unless the winner's `explains` accounts for them (an IBM J9 VM line explains the
 * `Java(TM) SE` banner). A conflict lowers the confidence one step; a conflict with (or a winning rule
 * flagged by) an Oracle-licensed distribution sets `oracleTermsPossible`, so no free verdict follows.
 */
export function matchVendor(evidence: JdkEvidence, vendors: VendorsFile): VendorMatch | null {
  const hits: Hit[] = [];
  for (const vendor of vendors.vendors) {
    vendor.rules.forEach((rule, i) => {
      if (ruleMatches(evidence, rule))
        hits.push({ vendor, rule, ruleId: rule.id ?? `${vendor.id}#${i + 1}` });
    });
  }
  if (hits.length === 0) return null;
  hits.sort((a, b) => b.rule.priority - a.rule.priority);
  const winner = hits[0];
  const oracleTerms = new Set(vendors.oracleTermsDistributions ?? []);
  const explained = new Set([winner.vendor.id, ...(winner.vendor.explains ?? [])]);
  const conflicts: string[] = [];
  let oracleTermsPossible = winner.rule.oracleTermsPossible === true;
  const seen = new Set<string>();
  for (const other of hits.slice(1)) {
    if (explained.has(other.vendor.id) || seen.has(other.vendor.id)) continue;
    if (other.rule.confidence === 'low' && !oracleTerms.has(other.vendor.id)) continue;
    seen.add(other.vendor.id);
    const what = evidenceOf(evidence, other.rule, other.ruleId)
      .map((e) => `${e.field} "${e.value}"`)
      .join(', ');
    conflicts.push(`${what || 'evidence'} points at ${other.vendor.displayName} (rule ${other.ruleId})`);
    if (oracleTerms.has(other.vendor.id) && !oracleTerms.has(winner.vendor.id)) oracleTermsPossible = true;
  }
  if (winner.rule.oracleTermsPossible) {
    conflicts.push(
      `rule ${winner.ruleId} cannot tell an Oracle JDK from an OpenJDK build with this evidence alone`,
    );
  }
  let confidence = winner.rule.confidence;
  if (conflicts.length > 0) confidence = confidence === 'high' ? 'medium' : 'low';
  return {
    id: winner.vendor.id,
    displayName: winner.vendor.displayName,
    confidence,
    vm: winner.vendor.vm,
    os: winner.vendor.os,
    rule: winner.ruleId,
    evidence: evidenceOf(evidence, winner.rule, winner.ruleId),
    traits: [...(winner.vendor.traits ?? []), ...(winner.rule.traits ?? [])],
    conflicts,
    oracleTermsPossible,
  };
}

/** The first VM rule (in file order) that matches, e.g. GraalVM before HotSpot. */
export function matchVm(evidence: JdkEvidence, vendors: VendorsFile): string | null {
  return vendors.vms.find((vm) => ruleMatches(evidence, { any: vm.any }))?.name ?? null;
}

/** True when the evidence marks an early-access, nightly or internal build. */
export function isEarlyAccess(evidence: JdkEvidence, vendors: VendorsFile): boolean {
  return (vendors.earlyAccess ?? []).some((c) => conditionHolds(evidence, c));
}
