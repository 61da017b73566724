import { JdkDetection } from './jdk-build';
import { JdkKnowledge, LicenceTermsId } from './knowledge.schema';
import { JvmCommandLine, parseCommandLine } from './command-line.parser';

export type LicenceRisk =
  'paid-licence-required' | 'free-with-conditions' | 'free' | 'needs-review' | 'unknown';

export interface LicenceAssessment {
  risk: LicenceRisk;
  terms: LicenceTermsId | null;
  ruleId: string | null;
  reason: string;
}

type LicenceInput = Pick<JdkDetection, 'distribution' | 'version'> &
  Partial<Pick<JdkDetection, 'oracleTermsPossible' | 'traits' | 'conflicts' | 'confidence'>> & {
    releaseDate?: string | null;
  };

/**
 * Which licence an installed build runs under and what that means for production use on `onDate`.
 * Oracle JDK 17+ is NFTC (Oracle GraalVM: GFTC) only until one year after the next LTS: later updates are
 * OTN (GraalVM OTN). A build whose evidence might be an Oracle JDK is "needs-review", never free.
 */
export function assessLicence(
  detection: LicenceInput,
  knowledge: Pick<JdkKnowledge, 'licenceTerms' | 'ltsTrains'>,
  onDate: Date,
): LicenceAssessment {
  const { distribution, version } = detection;
  const traits = detection.traits ?? [];
  const verdict = ((): LicenceAssessment => {
    if (!distribution)
      return unknown('The distribution could not be identified, so the licence cannot be told.');
    if (!version) return unknown(`The version of this ${distribution} build could not be read.`);
    const rule = knowledge.licenceTerms.rules.find(
      (r) =>
        r.distributions.includes(distribution) &&
        version.feature >= r.feature.min &&
        version.feature <= r.feature.max &&
        (r.minUpdate === undefined || version.update >= r.minUpdate) &&
        (r.maxUpdate === undefined || version.update <= r.maxUpdate) &&
        (r.requiresTrait === undefined || traits.includes(r.requiresTrait)),
    );
    if (!rule) return unknown(`No licence rule covers ${distribution} ${version.full}.`);
    let terms: LicenceTermsId = rule.terms;
    let reason = rule.reason;
    if (rule.nftcWindow) {
      const cutoff = freeWindow(
        distribution,
        version.feature,
        version.update,
        detection.releaseDate ?? null,
        knowledge,
        onDate,
      );
      if (cutoff.otn) terms = rule.afterWindowTerms ?? 'OTN';
      if (cutoff.reason) reason = `${reason} ${cutoff.reason}`;
    }
    const info = knowledge.licenceTerms.terms[terms];
    return { risk: info?.risk ?? 'unknown', terms, ruleId: rule.id, reason };
  })();
  if (detection.oracleTermsPossible && !isOracleTerms(verdict.terms, knowledge)) {
    const why = (detection.conflicts ?? []).join('; ') || 'the evidence does not exclude an Oracle JDK';
    return {
      risk: 'needs-review',
      terms: null,
      ruleId: 'possibly-oracle',
      reason: `This build might be an Oracle-licensed JDK (${why}); check it before treating it as free. ${verdict.reason}`,
    };
  }
  if (verdict.risk === 'free' && detection.confidence === 'low') {
    // No builder is named (a stock OpenJDK banner, an empty release file) or it is only guessed: the
    // terms are the GPL's, but who ships it, and so its support and updates, cannot be told.
    return {
      ...verdict,
      risk: 'needs-review',
      reason: `The builder of this build is not named in its evidence (confidence low): confirm it (java.vendor in \`java -XshowSettings:properties -version\`) before treating it as free. ${verdict.reason}`,
    };
  }
  return verdict;
}

function isOracleTerms(terms: LicenceTermsId | null, knowledge: Pick<JdkKnowledge, 'licenceTerms'>): boolean {
  return terms !== null && knowledge.licenceTerms.terms[terms]?.oracle === true;
}

export interface LicenceSignal {
  signalId: string;
  found: string;
  risk: 'paid-licence-required' | 'free-with-conditions';
  reason: string;
  source: string;
}

/** JVM options that are a licence signal on this build (e.g. -XX:+UnlockCommercialFeatures on Oracle JDK 8). */
export function licenceSignals(
  commandLine: string | JvmCommandLine,
  detection: Pick<JdkDetection, 'distribution' | 'version'>,
  knowledge: Pick<JdkKnowledge, 'licenceTerms'>,
): LicenceSignal[] {
  const cmd = typeof commandLine === 'string' ? parseCommandLine(commandLine) : commandLine;
  const { distribution, version } = detection;
  if (!distribution || !version) return [];
  const signals: LicenceSignal[] = [];
  for (const s of knowledge.licenceTerms.commandLineSignals ?? []) {
    if (!s.distributions.includes(distribution)) continue;
    if (version.feature < s.feature.min || version.feature > s.feature.max) continue;
    for (const name of s.xx) {
      if (cmd.xx[name] === true) {
        signals.push({
          signalId: s.id,
          found: `-XX:+${name}`,
          risk: s.risk,
          reason: s.reason,
          source: s.source,
        });
      }
    }
  }
  return signals;
}

function freeWindow(
  distribution: string,
  feature: number,
  update: number,
  releaseDate: string | null,
  knowledge: Pick<JdkKnowledge, 'licenceTerms' | 'ltsTrains'>,
  onDate: Date,
): { otn: boolean; reason: string } {
  const known = knowledge.licenceTerms.nftcCutoffs.find(
    (c) => (c.distribution ?? 'oracle') === distribution && c.feature === feature,
  );
  if (known) {
    if (update > known.lastNftcUpdate) {
      return {
        otn: true,
        reason: `Updates after ${feature}.0.${known.lastNftcUpdate} (from ${known.otnFromDate}) are no longer under the free terms${known.verified ? '' : ' (cut-off derived from the one-year-after-next-LTS rule, not confirmed)'}.`,
      };
    }
    return {
      otn: false,
      reason: `${feature}.0.${update} is within the free window (last free update ${feature}.0.${known.lastNftcUpdate}).`,
    };
  }
  const trains = [...knowledge.ltsTrains.trains].sort((a, b) => a.feature - b.feature);
  if (!trains.some((t) => t.feature === feature))
    return { otn: false, reason: 'A non-LTS release: free while it is current.' };
  const next = trains.find((t) => t.feature > feature);
  const nextGa = next?.gaDate ?? knowledge.ltsTrains.nextLtsExpectedGaDate;
  const cutoff = new Date(`${nextGa}T00:00:00Z`);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() + 1);
  const cutoffDay = cutoff.toISOString().slice(0, 10);
  if (releaseDate && releaseDate > cutoffDay)
    return {
      otn: true,
      reason: `This update (${releaseDate}) came after the free window closed on ${cutoffDay}.`,
    };
  if (!releaseDate && onDate.toISOString().slice(0, 10) > cutoffDay) {
    return {
      otn: false,
      reason: `The free window closed on ${cutoffDay}; updates released after it are not free (release date unknown here).`,
    };
  }
  return { otn: false, reason: `Free until ${cutoffDay} (one year after the next LTS).` };
}

function unknown(reason: string): LicenceAssessment {
  return { risk: 'unknown', terms: null, ruleId: null, reason };
}
