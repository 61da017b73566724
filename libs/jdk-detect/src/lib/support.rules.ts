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
  dataAsOf: string;
  reason: string;
}

/** LTS or not, end of support for this distribution's train, and how far behind the latest update it is. */
export function supportStatus(
  detection: Pick<JdkDetection, 'distribution' | 'version'>,
  knowledge: Pick<JdkKnowledge, 'ltsTrains' | 'supportDates' | 'latestUpdates'>,
  onDate: Date,
): SupportStatus {
  const status: SupportStatus = {
    lts: null,
    eolDate: null,
    endOfLife: null,
    supportEnds: [],
    latestKnown: null,
    updatesBehind: null,
    updatesBehindAtLeast: false,
    belowSecurityBaseline: null,
    dataAsOf: knowledge.latestUpdates.asOf,
    reason: '',
  };
  const { version, distribution } = detection;
  if (!version) return { ...status, reason: 'Version unknown.' };
  status.lts = knowledge.ltsTrains.trains.some((t) => t.feature === version.feature);
  const reasons: string[] = [];

  const ends = knowledge.supportDates.entries.filter(
    (e) => e.distribution === distribution && e.feature === version.feature,
  );
  status.supportEnds = ends.map((e) => ({ kind: e.kind, endDate: e.endDate, verified: e.verified }));
  if (ends.length > 0) {
    status.eolDate =
      ends
        .map((e) => e.endDate)
        .sort()
        .at(-1) ?? null;
    status.endOfLife = status.eolDate !== null && onDate.toISOString().slice(0, 10) > status.eolDate;
  } else if (!status.lts) {
    status.endOfLife = true;
    reasons.push(`Java ${version.feature} is not an LTS release: updates stop at the next feature release.`);
  } else {
    reasons.push(
      `No end-of-support date recorded for ${distribution ?? 'an unknown distribution'} ${version.feature}.`,
    );
  }

  const train = knowledge.latestUpdates.trains.find((t) => t.feature === version.feature);
  if (train) {
    const releases = train.releases.map((r) => parseJavaVersion(r.version)).filter((v) => v !== null);
    const latest = releases.at(-1);
    if (latest) {
      status.latestKnown = latest.full;
      status.updatesBehind = releases.filter((r) => compareJavaVersions(r, version) > 0).length;
      status.updatesBehindAtLeast = releases.length > 0 && compareJavaVersions(version, releases[0]) < 0;
      status.belowSecurityBaseline = version.update < train.securityBaselineUpdate;
      reasons.push(
        `${status.updatesBehindAtLeast ? 'At least ' : ''}${status.updatesBehind} update(s) behind ${latest.full} (data as of ${knowledge.latestUpdates.asOf}).`,
      );
    }
  } else if (!status.lts) {
    status.belowSecurityBaseline = true;
  }
  return { ...status, reason: reasons.join(' ') };
}
