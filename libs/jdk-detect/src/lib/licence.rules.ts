import { JdkDetection } from './jdk-build';
import { JdkKnowledge, LicenceTermsId } from './knowledge.schema';

export type LicenceRisk = 'paid-licence-required' | 'free-with-conditions' | 'free' | 'unknown';

export interface LicenceAssessment {
  risk: LicenceRisk;
  terms: LicenceTermsId | null;
  ruleId: string | null;
  reason: string;
}

type LicenceInput = Pick<JdkDetection, 'distribution' | 'version'> & { releaseDate?: string | null };

/**
 * Which licence an installed build runs under and what that means for production use on `onDate`.
 * Oracle JDK 17+ is NFTC only until one year after the next LTS: later updates are OTN.
 */
export function assessLicence(
  detection: LicenceInput,
  knowledge: Pick<JdkKnowledge, 'licenceTerms' | 'ltsTrains'>,
  onDate: Date,
): LicenceAssessment {
  const { distribution, version } = detection;
  if (!distribution)
    return unknown('The distribution could not be identified, so the licence cannot be told.');
  if (!version) return unknown(`The version of this ${distribution} build could not be read.`);
  const rule = knowledge.licenceTerms.rules.find(
    (r) =>
      r.distributions.includes(distribution) &&
      version.feature >= r.feature.min &&
      version.feature <= r.feature.max &&
      (r.minUpdate === undefined || version.update >= r.minUpdate) &&
      (r.maxUpdate === undefined || version.update <= r.maxUpdate),
  );
  if (!rule) return unknown(`No licence rule covers ${distribution} ${version.full}.`);
  let terms: LicenceTermsId = rule.terms;
  let reason = rule.reason;
  if (rule.nftcWindow) {
    const cutoff = nftcCutoff(
      version.feature,
      version.update,
      detection.releaseDate ?? null,
      knowledge,
      onDate,
    );
    if (cutoff.otn) {
      terms = 'OTN';
      reason = `${reason} ${cutoff.reason}`;
    } else if (cutoff.reason) {
      reason = `${reason} ${cutoff.reason}`;
    }
  }
  const info = knowledge.licenceTerms.terms[terms];
  return { risk: info?.risk ?? 'unknown', terms, ruleId: rule.id, reason };
}

function nftcCutoff(
  feature: number,
  update: number,
  releaseDate: string | null,
  knowledge: Pick<JdkKnowledge, 'licenceTerms' | 'ltsTrains'>,
  onDate: Date,
): { otn: boolean; reason: string } {
  const known = knowledge.licenceTerms.nftcCutoffs.find((c) => c.feature === feature);
  if (known) {
    if (update > known.lastNftcUpdate) {
      return {
        otn: true,
        reason: `Updates after ${feature}.0.${known.lastNftcUpdate} (from ${known.otnFromDate}) are OTN${known.verified ? '' : ' (cut-off derived from the NFTC rule, not confirmed)'}.`,
      };
    }
    return {
      otn: false,
      reason: `${feature}.0.${update} is within the NFTC window (last NFTC update ${feature}.0.${known.lastNftcUpdate}).`,
    };
  }
  const trains = [...knowledge.ltsTrains.trains].sort((a, b) => a.feature - b.feature);
  if (!trains.some((t) => t.feature === feature))
    return { otn: false, reason: 'A non-LTS release: NFTC while it is current.' };
  const next = trains.find((t) => t.feature > feature);
  const nextGa = next?.gaDate ?? knowledge.ltsTrains.nextLtsExpectedGaDate;
  const cutoff = new Date(`${nextGa}T00:00:00Z`);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() + 1);
  const cutoffDay = cutoff.toISOString().slice(0, 10);
  if (releaseDate && releaseDate > cutoffDay)
    return {
      otn: true,
      reason: `This update (${releaseDate}) came after the NFTC window closed on ${cutoffDay}: OTN.`,
    };
  if (!releaseDate && onDate.toISOString().slice(0, 10) > cutoffDay) {
    return {
      otn: false,
      reason: `The NFTC window closed on ${cutoffDay}; updates released after it are OTN (release date unknown here).`,
    };
  }
  return { otn: false, reason: `NFTC until ${cutoffDay} (one year after the next LTS).` };
}

function unknown(reason: string): LicenceAssessment {
  return { risk: 'unknown', terms: null, ruleId: null, reason };
}
