import { JdkDetection } from './jdk-build';
import { JdkKnowledge } from './knowledge.schema';
import { compareJavaVersions, parseJavaVersion } from './version-string.parser';

export interface SupportStatus {
  lts: boolean | null;
  eolDate: string | null;
  endOfLife: boolean | null;
  supportEnds: { kind: string; endDate: string; verified: boolean }[];
  latestKnown: string | null;
  updatesBehind: number | null;
  /** true when the build predates the oldest release the data lists, so updatesBehind is a minimum. */
  updatesBehindAtLeast: boolean;
  belowSecurityBaseline: boolean | null;
  /** The date the release and support data was last known true (the oldest data file's asOf). */
  dataAsOf: string;
  /** E.g. the data is older than 100 days, so later releases may be missing. */
  warnings: string[];
  reason: string;
}

/** How old the data may get before verdicts carry a warning. */
export const STALE_DATA_DAYS = 100;

/** The oldest asOf of the files a verdict reads: the date the verdict's facts were last known true. */
export function knowledgeAsOf(
  knowledge: Partial<
    Pick<JdkKnowledge, 'ltsTrains' | 'supportDates' | 'latestUpdates' | 'licenceTerms' | 'vendors'>
  >,
): string {
  return (
    Object.values(knowledge)
      .map((f) => (f as { asOf?: string } | undefined)?.asOf)
      .filter((d): d is string => typeof d === 'string')
      .sort()[0] ?? '1970-01-01'
  );
}

/** A warning when the data is older than STALE_DATA_DAYS on `onDate`; null otherwise. */
export function staleDataWarning(asOf: string, onDate: Date): string | null {
  const ageDays = Math.floor((onDate.getTime() - Date.parse(`${asOf}T00:00:00Z`)) / 86_400_000);
  if (ageDays <= STALE_DATA_DAYS) return null;
  return `The JDK release and support data is ${ageDays} days old (as of ${asOf}): later updates and end-of-support changes may be missing. Run keel-jdk knowledge update.`;
}

/** LTS or not, end of support for this distribution's train, and how far behind the latest update it is. */
export function supportStatus(
  detection: Pick<JdkDetection, 'distribution' | 'version'>,
  knowledge: Pick<JdkKnowledge, 'ltsTrains' | 'supportDates' | 'latestUpdates'>,
  onDate: Date,
): SupportStatus {
  const dataAsOf = knowledgeAsOf(knowledge);
  const stale = staleDataWarning(dataAsOf, onDate);
  const status: SupportStatus = {
    lts: null,
    eolDate: null,
    endOfLife: null,
    supportEnds: [],
    latestKnown: null,
    updatesBehind: null,
    updatesBehindAtLeast: false,
    belowSecurityBaseline: null,
    dataAsOf,
    warnings: stale ? [stale] : [],
    reason: '',
  };
  const { version, distribution } = detection;
  if (!version) return { ...status, reason: 'Version unknown.' };
  const today = onDate.toISOString().slice(0, 10);
  status.lts = knowledge.ltsTrains.trains.some((t) => t.feature === version.feature);
  const reasons: string[] = [];

  const ends = knowledge.supportDates.entries.filter(
    (e) => e.distribution === distribution && e.feature === version.feature,
  );
  status.supportEnds = ends.map((e) => ({ kind: e.kind, endDate: e.endDate, verified: e.verified }));
  const policy = (knowledge.supportDates.policies ?? []).find(
    (p) =>
      (p.distribution === distribution && (p.appliesTo === 'all' || !status.lts)) ||
      (p.distribution === '*' && !status.lts),
  );
  if (ends.length > 0) {
    status.eolDate =
      ends
        .map((e) => e.endDate)
        .sort()
        .at(-1) ?? null;
    status.endOfLife = status.eolDate !== null && today > status.eolDate;
  } else if (policy) {
    const next = [...(knowledge.ltsTrains.featureReleases ?? [])]
      .sort((a, b) => a.feature - b.feature)
      .find((f) => f.feature > version.feature);
    const label = status.lts
      ? `This ${distribution} build of ${version.feature}`
      : `Java ${version.feature} (not LTS)`;
    if (next) {
      status.eolDate = next.gaDate;
      status.endOfLife = today >= next.gaDate;
      status.supportEnds = [{ kind: 'next-feature-ga', endDate: next.gaDate, verified: policy.verified }];
      reasons.push(
        `${label} gets updates until ${next.feature} ships (${next.gaDate}${next.expected ? ', expected' : ''}).`,
      );
    } else {
      status.endOfLife = false;
      reasons.push(`${label} gets updates until the next feature release, not yet scheduled in the data.`);
    }
  } else {
    reasons.push(
      `No end-of-support date recorded for ${distribution ?? 'an unknown distribution'} ${version.feature}.`,
    );
  }

  const trains = knowledge.latestUpdates.trains.filter((t) => t.feature === version.feature);
  const train =
    trains.find((t) => distribution !== null && (t.distributions ?? []).includes(distribution)) ??
    trains.find((t) => !t.distributions);
  if (train) {
    const releases = train.releases.map((r) => parseJavaVersion(r.version)).filter((v) => v !== null);
    const latest = releases.at(-1);
    if (latest) {
      status.latestKnown = latest.full;
      status.updatesBehind = releases.filter((r) => compareJavaVersions(r, version) > 0).length;
      status.updatesBehindAtLeast = releases.length > 0 && compareJavaVersions(version, releases[0]) < 0;
      status.belowSecurityBaseline = version.update < train.securityBaselineUpdate;
      reasons.push(
        `${status.updatesBehindAtLeast ? 'At least ' : ''}${status.updatesBehind} update(s) behind ${latest.full}${train.distributions ? ` (${train.distributions.join(', ')} numbering)` : ''} (data as of ${knowledge.latestUpdates.asOf}).`,
      );
    }
  } else if (!status.lts && status.endOfLife) {
    status.belowSecurityBaseline = true;
  }
  return { ...status, reason: reasons.join(' ') };
}
